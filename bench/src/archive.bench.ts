import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { connectBus } from '@digit/messaging';
import { createSealAnchorer, SEAL_BUCKET, sealConfigFromEnv } from '@digit/history-seal';
import type { BenchDatabase } from './bench-database.js';
import type { BenchOptions } from './bench-options.js';
import { openOurStore } from './our-store.subject.js';
import { populate } from './rebuild.bench.js';

/** One run of the auditors' command, as its own process: wall time and the most memory it held. */
export interface CommandRun {
  readonly seconds: number;
  /** VmHWM of the process, sampled every 50 ms until it exits. */
  readonly peakRssMiB: number;
}

/** Issue 14's benchmark: a history of N events exported, then verified offline, each by the real command. */
export interface ArchiveReport {
  readonly events: number;
  readonly populateSeconds: number;
  /** The first anchoring of the history: the chain walked from the genesis, then signed (R-SEC-5). */
  readonly firstAnchorSeconds: number;
  readonly archiveMiB: number;
  readonly export: CommandRun;
  readonly verify: CommandRun;
  readonly targets: {
    readonly exportSeconds: { readonly value: number; readonly below: number; readonly met: boolean };
    readonly verifySeconds: { readonly value: number; readonly below: number; readonly met: boolean };
    readonly rssMiB: { readonly value: number; readonly below: number; readonly met: boolean };
  };
}

const MiB = 2 ** 20;
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

const peakRss = (pid: number): number | undefined => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith('VmHWM:'));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
};

/** The heap bound `npm run audit` gives its streaming commands (tools/audit/src/main.ts), passed here so the sampled process is the one that works. */
const auditNodeFlags = (): string[] =>
  (JSON.parse(readFileSync(join(repositoryRoot, 'infra/node/service-node-flags.json'), 'utf8')) as { flags: string[] }).flags;

/** Runs `npm run audit -- <args>`'s program (built) with `env`; throws unless it exits 0. */
export const runAudit = (args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandRun> =>
  new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [...auditNodeFlags(), 'tools/audit/dist/main.js', ...args], {
      cwd: repositoryRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, peakRss(child.pid!) ?? 0)), 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) reject(new Error(`audit ${args[0]} exited ${code}: ${output}`));
      else resolve({ seconds, peakRssMiB: peak / MiB });
    });
  });

const target = (value: number, below: number) => ({ value, below, met: value < below });

/**
 * Stores N events (the rebuild benchmark's loader), anchors a signed seal as the gateway would,
 * then times `audit export` and `audit verify --archive` as processes of their own, sampling
 * their memory. Targets (issue 14): under 60 s each, under 200 MiB.
 */
export const archiveBenchmark = async (
  options: BenchOptions,
  database: BenchDatabase,
  log: (line: string) => void,
): Promise<ArchiveReport> => {
  const ours = await openOurStore(database, 'event_store');
  const schemaPrefix = ours.store.schema.slice(0, -'_event_store'.length);
  const dataDir = await mkdtemp(join(tmpdir(), 'digit-bench-archive-'));
  const namespace = `bench${randomBytes(4).toString('hex')}`;
  const bus = await connectBus({ url: options.natsUrl, name: 'bench-archive', namespace });
  try {
    log(`archive: storing ${options.rebuildEvents.toLocaleString('en')} events…`);
    const populateSeconds = await populate(options, (streamId, version, events) => ours.append(streamId, version, events));
    const anchorStart = performance.now();
    const anchored = await (
      await createSealAnchorer({ store: ours.store, bus, config: sealConfigFromEnv({ DIGIT_DATA_DIR: dataDir }), log })
    ).anchor();
    if (anchored.status !== 'anchored') throw new Error(`the first anchoring did not sign: ${anchored.status}`);
    const firstAnchorSeconds = (performance.now() - anchorStart) / 1000;
    const file = join(dataDir, 'history.tar.gz');
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      DIGIT_SCHEMA_PREFIX: schemaPrefix,
      NATS_URL: options.natsUrl,
      DIGIT_NATS_NAMESPACE: namespace,
      DIGIT_DATA_DIR: dataDir,
    };
    log('archive: export…');
    const exported = await runAudit(['export', '--out', file], env);
    log(`  ${exported.seconds.toFixed(1)} s, peak ${exported.peakRssMiB.toFixed(1)} MiB; verify --archive (no database, no NATS)…`);
    const offline = {
      ...process.env,
      DIGIT_DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      NATS_URL: 'nats://127.0.0.1:1',
    };
    const verified = await runAudit(['verify', '--archive', file], offline);
    log(`  ${verified.seconds.toFixed(1)} s, peak ${verified.peakRssMiB.toFixed(1)} MiB`);
    return {
      events: options.rebuildEvents,
      populateSeconds,
      firstAnchorSeconds,
      archiveMiB: (await stat(file)).size / MiB,
      export: exported,
      verify: verified,
      targets: {
        exportSeconds: target(exported.seconds, 60),
        verifySeconds: target(verified.seconds, 60),
        rssMiB: target(Math.max(exported.peakRssMiB, verified.peakRssMiB), 200),
      },
    };
  } finally {
    await bus.jsm.streams.delete(`KV_${bus.streamName(SEAL_BUCKET)}`).catch(() => undefined);
    await bus.close();
    await rm(dataDir, { recursive: true, force: true });
  }
};
