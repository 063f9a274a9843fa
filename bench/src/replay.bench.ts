import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit, type CommandRun } from './archive.bench.js';
import type { BenchDatabase } from './bench-database.js';
import type { BenchOptions } from './bench-options.js';
import { openOurStore } from './our-store.subject.js';
import { populate } from './rebuild.bench.js';

/** One replay: the real command's time and memory, and what it wrote. */
export interface ReplayRun extends CommandRun {
  readonly questions: number;
  readonly outputMiB: number;
}

/** Issue 14's replay over the archive benchmark's history: from the database, and from the archive of it. */
export interface ReplayReport {
  readonly events: number;
  readonly populateSeconds: number;
  readonly exportSeconds: number;
  readonly fromDatabase: ReplayRun;
  readonly fromArchive: ReplayRun;
}

const MiB = 2 ** 20;

/**
 * Stores N events as the archive benchmark does, exports them, then times `audit replay` from the
 * database and from the archive, each a process of its own (tools/audit/dist/main.js, the services'
 * heap bound), sampling its memory: the copy of the history into the replay's schemas, the five
 * services catching up on it, and every query of every catalogue asked and written. The replay's
 * own NATS server and PostgreSQL's work are not in the figure.
 */
export const replayBenchmark = async (
  options: BenchOptions,
  database: BenchDatabase,
  log: (line: string) => void,
): Promise<ReplayReport> => {
  // A store of its own (`<bench>_replay_event_store`): the archive benchmark's may be in the same run.
  const ours = await openOurStore(database, 'replay_event_store');
  const schemaPrefix = ours.store.schema.slice(0, -'_event_store'.length);
  const dataDir = await mkdtemp(join(tmpdir(), 'digit-bench-replay-'));
  try {
    log(`replay: storing ${options.rebuildEvents.toLocaleString('en')} events…`);
    const populateSeconds = await populate(options, (streamId, version, events) => ours.append(streamId, version, events));
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      DIGIT_SCHEMA_PREFIX: schemaPrefix,
      NATS_URL: options.natsUrl,
      DIGIT_DATA_DIR: dataDir,
    };
    const archive = join(dataDir, 'history.tar.gz');
    const exported = await runAudit(['export', '--out', archive], env);
    const asOf = new Date(Date.now() + 60_000).toISOString();
    const replay = async (source: string[], name: string): Promise<ReplayRun> => {
      const out = join(dataDir, `${name}.jsonl`);
      log(`replay: ${name}…`);
      const run = await runAudit(['replay', ...source, '--as-of', asOf, '--out', out], env);
      const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
      log(`  ${run.seconds.toFixed(1)} s, peak ${run.peakRssMiB.toFixed(1)} MiB, ${lines.length - 2} questions`);
      return { ...run, questions: lines.length - 2, outputMiB: (await stat(out)).size / MiB };
    };
    return {
      events: options.rebuildEvents,
      populateSeconds,
      exportSeconds: exported.seconds,
      fromDatabase: await replay([], 'from-database'),
      fromArchive: await replay(['--archive', archive], 'from-archive'),
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
};
