import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@digit/testing';

/**
 * A throw-away PostgreSQL cluster of the test's own, on a free port under a temporary directory,
 * that the test may stop and start again (never the machine's shared server).
 */
export interface PrivatePostgres {
  readonly url: string;
  readonly port: number;
  /** `immediate` is a crash (recovery on the next start); `fast` a clean shutdown. */
  stop(mode?: 'immediate' | 'fast'): void;
  start(): void;
  destroy(): void;
}

/** Debian keeps the server binaries off the PATH (see tools/start/src/local-servers.ts). */
const binary = (name: string): string => {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => join(base, version, 'bin', name)).find((path) => existsSync(path));
  if (!found) throw new Error(`PostgreSQL's ${name} is not installed under ${base}/<version>/bin`);
  return found;
};

/** initdb refuses root: as root, the cluster belongs to and runs as `postgres`. */
const asServerUser = (command: string, args: readonly string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];

const run = (command: string, args: readonly string[]): void => {
  const [program, programArgs] = asServerUser(command, args);
  const result = spawnSync(program, programArgs, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
};

export const startPrivatePostgres = async (): Promise<PrivatePostgres> => {
  const directory = mkdtempSync(join(tmpdir(), 'digit-faults-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
    chownSync(directory, uid, gid);
  }
  const cluster = join(directory, 'cluster');
  const port = await freePort();
  run(binary('initdb'), ['-D', cluster, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const pgCtl = binary('pg_ctl');
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () =>
      run(pgCtl, ['-D', cluster, '-l', join(cluster, 'server.log'), '-o', `-p ${port} -k ${cluster} -h 127.0.0.1`, '-w', 'start']),
    stop: (mode = 'immediate') => run(pgCtl, ['-D', cluster, '-m', mode, '-w', 'stop']),
    destroy() {
      if (existsSync(join(cluster, 'postmaster.pid'))) server.stop('immediate');
      rmSync(directory, { recursive: true, force: true });
    },
  };
  try {
    server.start();
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return server;
};
