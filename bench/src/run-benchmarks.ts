import { appendWorkloads } from './append.bench.js';
import { archiveBenchmark, type ArchiveReport } from './archive.bench.js';
import { baselineBenchmark, type BaselineReport } from './baseline.bench.js';
import { openBenchDatabase, type BenchDatabase } from './bench-database.js';
import type { BenchOptions } from './bench-options.js';
import { openEmmettPeer } from './emmett-peer.subject.js';
import { dashboardBenchmark, type DashboardReport } from './dashboard.bench.js';
import { describeMachine, type MachineDescription } from './machine.js';
import { openOurStore } from './our-store.subject.js';
import { openRawSql } from './raw-sql.subject.js';
import { rebuildWorkload } from './rebuild.bench.js';
import { replayBenchmark, type ReplayReport } from './replay.bench.js';
import { roadOrdersBenchmark, type RoadOrdersReport } from './road-orders.bench.js';
import type { Throughput } from './throughput.js';
import { metropolisBenchmark, type MetropolisReport } from './metropolis/metropolis.bench.js';
import { tokenVerifyBenchmark, type TokenVerifyReport } from './token-verify.bench.js';
import { SUBJECTS, type Subject, type Target, type Workload } from './workload.js';

export interface RatioResult extends Target {
  readonly value: number;
  readonly met: boolean;
}

export interface WorkloadResult {
  readonly name: string;
  readonly legend: Readonly<Record<Subject, string>>;
  /** The median round of each subject, then every round. */
  readonly median: Readonly<Record<Subject, Throughput>>;
  readonly rounds: Readonly<Record<Subject, readonly Throughput[]>>;
  readonly ratios: readonly RatioResult[];
}

export interface BenchReport {
  readonly date: string;
  readonly size: BenchOptions['size'];
  readonly secondsPerPhase: number;
  readonly rounds: number;
  readonly writers: number;
  readonly streams: number;
  readonly rebuildEvents: number;
  readonly machine: MachineDescription;
  readonly workloads: readonly WorkloadResult[];
  /** Benchmarks 3 and 5: road orders end to end, and the services' memory meanwhile. */
  readonly roadOrders: RoadOrdersReport | undefined;
  /** Issue 14: export and offline verification of the history's archive. */
  readonly archive: ArchiveReport | undefined;
  /** Issue 14: every read model replayed from the database and from the archive. */
  readonly replay: ReplayReport | undefined;
  /** Issue 12: the gateway's token verification per request. */
  readonly tokens: TokenVerifyReport | undefined;
  /** Issue 16: a town's BAL imported as its registry's baseline. */
  readonly baseline: BaselineReport | undefined;
  /** Issue 13: each dashboard page's answer time with a year of road orders. */
  readonly dashboard: DashboardReport | undefined;
  /** Issue 19: 131 towns and ten years (`--only=metropolis` alone). */
  readonly metropolis: MetropolisReport | undefined;
}

const median = (rounds: readonly Throughput[]): Throughput =>
  [...rounds].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[Math.floor((rounds.length - 1) / 2)]!;

const ratiosOf = (targets: readonly Target[], medians: Record<Subject, Throughput>): RatioResult[] =>
  targets.map((target) => {
    const against = target.ratio === 'ours/limit' ? medians.limit : medians.peer;
    const value = medians.ours.eventsPerSecond / against.eventsPerSecond;
    return { ...target, value, met: value >= target.atLeast };
  });

/** Benchmarks 1, 2 and 4: ours, the limit and the peer on appends and on a rebuild. */
const storeWorkloads = async (
  options: BenchOptions,
  database: BenchDatabase,
  peers: { close(): Promise<void> }[],
  log: (line: string) => void,
): Promise<Workload[]> => {
  const raw = await openRawSql(database, 'raw', options.writers);
  const peer = await openEmmettPeer(database, 'peer');
  peers.push(peer);
  const appends = appendWorkloads(options, { ours: await openOurStore(database, 'ours'), raw, peer });
  if (options.only === 'appends') return appends.slice(0, 1);
  const peerRebuild = await openEmmettPeer(database, 'peer_rebuild');
  peers.push(peerRebuild);
  return [...appends, await rebuildWorkload(options, { ours: await openOurStore(database, 'ours_rebuild'), raw, peer: peerRebuild }, log)];
};

/** Ours against the peer in one round, once both have run it (the target holds on the medians; the spread shows here). */
const roundRatio = (results: Record<Subject, Throughput[]>, round: number): string => {
  const ours = results.ours[round];
  const peer = results.peer[round];
  return ours && peer ? `, ours/peer ${(ours.eventsPerSecond / peer.eventsPerSecond).toFixed(2)}` : '';
};

/**
 * Every benchmark in one launch, on the same PostgreSQL, in schemas of its own that are dropped
 * at the end. Subjects take turns inside each round (the machine drifts; ratios within a run hold).
 */
export const runBenchmarks = async (options: BenchOptions, log: (line: string) => void): Promise<BenchReport> => {
  const database = await openBenchDatabase(options.databaseUrl);
  const peers: { close(): Promise<void> }[] = [];
  // Interrupted, the run still drops what it created.
  const interrupted = () => void database.drop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    const machine = await describeMachine(database.db, options.natsUrl);
    const runs = (part: NonNullable<BenchOptions['only']>) =>
      (options.only === undefined && part !== 'metropolis') || options.only === part;
    const workloads = runs('store') || options.only === 'appends' ? await storeWorkloads(options, database, peers, log) : [];
    const rounds = new Map(workloads.map((workload) => [workload, { ours: [], limit: [], peer: [] } as Record<Subject, Throughput[]>]));
    for (let round = 0; round < options.rounds; round++) {
      for (const workload of workloads) {
        // Rotate who goes first, so that no subject always runs on a warmer or busier machine.
        const order = SUBJECTS.map((_, i) => SUBJECTS[(i + round) % SUBJECTS.length]!);
        for (const subject of order) {
          if (round >= (workload.maxRounds?.[subject] ?? options.rounds)) continue;
          const result = await workload.run(subject, round);
          rounds.get(workload)![subject].push(result);
          log(
            `round ${round + 1}/${options.rounds} ${workload.name}: ${subject} ${Math.round(result.eventsPerSecond).toLocaleString('en')} events/s`,
          );
        }
        log(`round ${round + 1}/${options.rounds} ${workload.name}${roundRatio(rounds.get(workload)!, round)}`);
      }
    }
    const roadOrders = runs('orders')
      ? await roadOrdersBenchmark({ database, natsUrl: options.natsUrl, secondsPerPhase: options.orderSeconds, log })
      : undefined;
    const archive = runs('archive') ? await archiveBenchmark(options, database, log) : undefined;
    const replay = runs('replay') ? await replayBenchmark(options, database, log) : undefined;
    const tokens = runs('tokens') ? await tokenVerifyBenchmark(options.size === 'tiny' ? 200 : 20_000, log) : undefined;
    const baseline = runs('baseline')
      ? await baselineBenchmark({ database, natsUrl: options.natsUrl, lines: options.baselineLines, log })
      : undefined;
    const dashboard = runs('dashboard')
      ? await dashboardBenchmark({
          database,
          natsUrl: options.natsUrl,
          days: options.dashboardDays,
          ordersPerTownPerDay: 20,
          requestsPerPage: options.size === 'tiny' ? 3 : 30,
          log,
        })
      : undefined;
    const metropolis = runs('metropolis')
      ? await metropolisBenchmark({
          databaseUrl: options.databaseUrl,
          natsUrl: options.natsUrl,
          ...options.metropolis,
          verifyEvents: 500_000,
          log,
        })
      : undefined;
    return {
      date: new Date().toISOString(),
      size: options.size,
      secondsPerPhase: options.secondsPerPhase,
      rounds: options.rounds,
      writers: options.writers,
      streams: options.streams,
      rebuildEvents: options.rebuildEvents,
      machine,
      workloads: workloads.map((workload) => {
        const all = rounds.get(workload)!;
        const medians = { ours: median(all.ours), limit: median(all.limit), peer: median(all.peer) };
        return { name: workload.name, legend: workload.legend, median: medians, rounds: all, ratios: ratiosOf(workload.targets, medians) };
      }),
      roadOrders,
      archive,
      replay,
      tokens,
      baseline,
      dashboard,
      metropolis,
    };
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    for (const peer of peers) await peer.close();
    await database.drop();
  }
};
