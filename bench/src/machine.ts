import { cpus, release, totalmem, type } from 'node:os';
import { connect } from '@nats-io/transport-node';
import { sql } from 'kysely';
import type { Database } from '@digit/event-store';

/** What the figures were measured on: they only compare within one run on one machine. */
export interface MachineDescription {
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly postgres: string;
  /** fsync, synchronous_commit, shared_buffers…: what bounds a commit. */
  readonly postgresSettings: Readonly<Record<string, string>>;
  readonly nats: string;
}

const natsVersion = async (url: string): Promise<string> => {
  try {
    const nc = await connect({ servers: url, reconnect: false, timeout: 2000 });
    const version = nc.info?.version ?? 'unknown';
    await nc.close();
    return version;
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  }
};

export const describeMachine = async (db: Database, natsUrl: string): Promise<MachineDescription> => {
  const version = await sql<{ server_version: string }>`show server_version`.execute(db);
  const settings = await sql<{ name: string; setting: string; unit: string | null }>`
    select name, setting, unit from pg_settings
    where name in ('fsync', 'synchronous_commit', 'wal_sync_method', 'commit_delay', 'shared_buffers', 'max_connections')
    order by name`.execute(db);
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model ?? 'unknown',
    cpus: processors.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    postgres: version.rows[0]?.server_version ?? 'unknown',
    postgresSettings: Object.fromEntries(settings.rows.map((row) => [row.name, `${row.setting}${row.unit ? ` ${row.unit}` : ''}`])),
    nats: await natsVersion(natsUrl),
  };
};
