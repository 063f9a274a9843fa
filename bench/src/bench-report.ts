import type { BaselineReport } from './baseline.bench.js';
import type { ArchiveReport } from './archive.bench.js';
import type { DashboardReport } from './dashboard.bench.js';
import type { MetropolisReport } from './metropolis/metropolis.bench.js';
import type { ReplayReport } from './replay.bench.js';
import type { RoadOrdersReport } from './road-orders.bench.js';
import type { TokenVerifyReport } from './token-verify.bench.js';
import type { BenchReport, WorkloadResult } from './run-benchmarks.js';

const rate = (value: number) => Math.round(value).toLocaleString('en');
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 0);

const ratioCell = (workload: WorkloadResult, ratio: 'ours/limit' | 'ours/peer'): string => {
  const target = workload.ratios.find((candidate) => candidate.ratio === ratio);
  const against = ratio === 'ours/limit' ? workload.median.limit : workload.median.peer;
  const value = workload.median.ours.eventsPerSecond / against.eventsPerSecond;
  if (!target) return `${value.toFixed(2)}`;
  return `${value.toFixed(2)} ${target.met ? 'met' : 'MISSED'} (>= ${target.atLeast.toFixed(2)})`;
};

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string[] => {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
};

const verdict = (target: { met: boolean }) => (target.met ? 'met' : 'MISSED');

/** Benchmarks 3 and 5: each phase's rate and latencies, JetStream's own rates, each service's memory. */
const roadOrdersLines = (orders: RoadOrdersReport): string[] => {
  const limit = Math.min(orders.limits.publishWithAckPerSecond, orders.limits.durableConsumePerSecond);
  return [
    '',
    `road orders end to end (${orders.secondsPerPhase} s per phase; latency from the DSI's publish to its outcome)`,
    ...table(
      ['phase', 'published', 'accepted', 'not accepted', 'accepted/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'ours/limit'],
      orders.phases.map((phase) => [
        phase.name,
        rate(phase.published),
        rate(phase.accepted),
        rate(phase.notAccepted),
        rate(phase.acceptedPerSecond),
        ms(phase.p50Ms),
        ms(phase.p95Ms),
        ms(phase.p99Ms),
        ms(phase.maxMs),
        (phase.acceptedPerSecond / limit).toFixed(3),
      ]),
    ),
    `limit: JetStream alone, same bodies: ${rate(orders.limits.publishWithAckPerSecond)} publishes/s with ack (512 in flight), ` +
      `${rate(orders.limits.durableConsumePerSecond)} messages/s through a durable pull consumer with acks; ours/limit uses the lower`,
    `target p99 < ${orders.targets.p99At500Ms.below} ms at 500 orders/s: ${ms(orders.targets.p99At500Ms.value)} ms ${verdict(orders.targets.p99At500Ms)}`,
    '',
    ...table(
      ['service', 'RSS ready MiB', 'peak RSS during orders MiB', 'peak since start MiB', 'CPU s during orders'],
      orders.memory.map((entry) => [
        entry.service,
        entry.readyRssMiB.toFixed(1),
        entry.peakRssMiB.toFixed(1),
        entry.peakSinceStartRssMiB.toFixed(1),
        entry.cpuSeconds.toFixed(1),
      ]),
    ),
    `target every service < ${orders.targets.rssMiB.below} MiB during the road orders: ${orders.targets.rssMiB.value.toFixed(1)} MiB ${verdict(orders.targets.rssMiB)}`,
  ];
};

/** Issue 14: the archive's export and offline verification, each the real command in a process of its own. */
const archiveLines = (archive: ArchiveReport): string[] => [
  '',
  `archive of ${rate(archive.events)} events (stored in ${archive.populateSeconds.toFixed(1)} s; first signed anchoring, chain walked from the genesis: ${archive.firstAnchorSeconds.toFixed(1)} s)`,
  ...table(
    ['command', 'seconds', 'events/s', 'peak RSS MiB'],
    [
      [
        'audit export',
        archive.export.seconds.toFixed(1),
        rate(archive.events / archive.export.seconds),
        archive.export.peakRssMiB.toFixed(1),
      ],
      [
        'audit verify --archive',
        archive.verify.seconds.toFixed(1),
        rate(archive.events / archive.verify.seconds),
        archive.verify.peakRssMiB.toFixed(1),
      ],
    ],
  ),
  `archive size ${archive.archiveMiB.toFixed(1)} MiB; targets: export < ${archive.targets.exportSeconds.below} s ${verdict(archive.targets.exportSeconds)}, ` +
    `verify < ${archive.targets.verifySeconds.below} s ${verdict(archive.targets.verifySeconds)}, memory < ${archive.targets.rssMiB.below} MiB ${verdict(archive.targets.rssMiB)}`,
];

/** Issue 14: every read model replayed, each run the real command in a process of its own. */
const replayLines = (replay: ReplayReport): string[] => [
  '',
  `replay of a history of ${rate(replay.events)} events (stored in ${replay.populateSeconds.toFixed(1)} s, exported in ${replay.exportSeconds.toFixed(1)} s)`,
  ...table(
    ['command', 'seconds', 'events/s', 'peak RSS MiB', 'questions', 'output MiB'],
    [
      ['audit replay (database)', replay.fromDatabase],
      ['audit replay --archive', replay.fromArchive],
    ].map(([name, run]) => {
      const { seconds, peakRssMiB, questions, outputMiB } = run as ReplayReport['fromDatabase'];
      return [
        name as string,
        seconds.toFixed(1),
        rate(replay.events / seconds),
        peakRssMiB.toFixed(1),
        rate(questions),
        outputMiB.toFixed(2),
      ];
    }),
  ),
];

const storeLines = (report: BenchReport): string[] => [
  '',
  `event store: ${report.secondsPerPhase} s per phase, median of ${report.rounds} round(s)`,
  ...table(
    ['workload', 'ours ev/s', 'limit ev/s', 'peer ev/s', 'ours/limit', 'ours/peer'],
    report.workloads.map((workload) => [
      workload.name,
      rate(workload.median.ours.eventsPerSecond),
      rate(workload.median.limit.eventsPerSecond),
      rate(workload.median.peer.eventsPerSecond),
      ratioCell(workload, 'ours/limit'),
      ratioCell(workload, 'ours/peer'),
    ]),
  ),
  '',
  ...table(
    ['latency of one operation', 'ours p50/p99 ms', 'limit p50/p99 ms', 'peer p50/p99 ms'],
    report.workloads.map((workload) => [
      workload.name,
      `${ms(workload.median.ours.p50Ms)} / ${ms(workload.median.ours.p99Ms)}`,
      `${ms(workload.median.limit.p50Ms)} / ${ms(workload.median.limit.p99Ms)}`,
      `${ms(workload.median.peer.p50Ms)} / ${ms(workload.median.peer.p99Ms)}`,
    ]),
  ),
  '',
  ...report.workloads.flatMap((workload) => [
    `${workload.name}:`,
    `  ours/peer by round: ${workload.rounds.ours.map((ours, i) => (workload.rounds.peer[i] ? (ours.eventsPerSecond / workload.rounds.peer[i]!.eventsPerSecond).toFixed(2) : '-')).join(', ')}`,
    `  ours:  ${workload.legend.ours}`,
    `  limit: ${workload.legend.limit}`,
    `  peer:  ${workload.legend.peer}`,
  ]),
];

/** The printed report: ratios first (they hold within a run), then the absolute figures and the machine. */
/** Issue 12: the gateway's verification of one access token, keys cached. */
const baselineLines = (baseline: BaselineReport): string[] => [
  '',
  `BAL baseline import (issue 16, through the API): ${rate(baseline.lines)} lines (${(baseline.bytes / 1024 / 1024).toFixed(1)} MiB), ${rate(baseline.roads)} roads, ${rate(baseline.numbers)} numbers in ${baseline.seconds.toFixed(1)} s; ` +
    `peak RSS gateway ${baseline.peakRssMiB.gateway} MiB, data-exchange ${baseline.peakRssMiB.dataExchange} MiB (validator in a child process); target < ${baseline.target.below} s ${verdict(baseline.target)}`,
];

const tokenLines = (tokens: TokenVerifyReport): string[] => [
  '',
  `access token verification (${tokens.algorithm}, ${rate(tokens.requests)} distinct tokens, keys cached): median ${tokens.medianMs.toFixed(3)} ms, p99 ${tokens.p99Ms.toFixed(3)} ms; ` +
    `target median < ${tokens.target.below} ms ${verdict(tokens.target)}`,
];

/** Issue 13: each dashboard page's median and p95 with a year of road orders. */
const dashboardLines = (dashboard: DashboardReport): string[] => [
  '',
  `dashboard pages (${rate(dashboard.orders)} road orders: 8 towns x ${dashboard.days} days x ${dashboard.ordersPerTownPerDay}, 1 in 10 refused; loaded and projected in ${dashboard.loadSeconds.toFixed(1)} s; ${dashboard.requestsPerPage} requests per page, request to last byte on loopback)`,
  ...table(
    ['page', 'as', 'median ms', 'p95 ms'],
    dashboard.pages.map((page) => [page.path, page.as, ms(page.medianMs), ms(page.p95Ms)]),
  ),
  `target: every page's median < ${dashboard.target.below} ms (slowest ${ms(dashboard.target.value)} ms) ${verdict(dashboard.target)}`,
];

/** Issue 19: the metropolis's history, its rebuild, its registry as of a day, its dashboard. */
const metropolisLines = (metropolis: MetropolisReport): string[] => {
  const { history, rebuild, asOf } = metropolis;
  const { figures } = history;
  return [
    '',
    `metropolis: ${metropolis.towns} towns, ${metropolis.days} days from ${metropolis.firstDay}: ${rate(figures.events)} events (${rate(figures.roadOrders)} road orders, ` +
      `${rate(figures.tickets)} support requests, ${rate(figures.statements)} statements) in ${rate(figures.streams)} streams, events table ${(history.tableMiB / 1024).toFixed(2)} GiB`,
    history.loadSeconds === undefined
      ? 'history reused from an earlier run'
      : `generated, hashed and COPY-loaded in ${history.loadSeconds.toFixed(0)} s (${rate(figures.events / history.loadSeconds)} events/s, constraints built after the load)`,
    `store's history check of the first ${rate(metropolis.verified.events)} events: passed in ${metropolis.verified.seconds.toFixed(1)} s (${rate(metropolis.verified.events / metropolis.verified.seconds)} events/s)`,
    `rebuild of every read model (five services in replay mode + the dashboard's projection, one process): ${rebuild.caughtUp ? 'caught up' : 'stopped'} after ${rebuild.seconds.toFixed(0)} s (budget ${rebuild.budgetSeconds} s), peak RSS ${rebuild.peakRssMiB.toFixed(0)} MiB`,
    ...table(
      ['follower', 'position reached', 'positions/s', 'whole history min'],
      rebuild.followers.map((follower) => [
        follower.name,
        rate(follower.position),
        rate(follower.positionsPerSecond),
        follower.fullMinutes.toFixed(1),
      ]),
    ),
    `registry and dashboard tables completed to the head by set-based SQL in ${metropolis.completed.seconds.toFixed(1)} s (0 rows differ from the projections' up to their checkpoints)`,
    `registry as of a day (voirie-roads through NATS, first page, random town and day): p50 ${ms(asOf.p50Ms)} ms, p99 ${ms(asOf.p99Ms)} ms, max ${ms(asOf.maxMs)} ms over ${asOf.requests} requests (${asOf.roadsPerPage.toFixed(0)} roads a page)`,
    ...table(
      ['dashboard overview query', 'median ms', 'p95 ms'],
      metropolis.overview.map((query) => [query.query, ms(query.medianMs), ms(query.p95Ms)]),
    ),
    `peak RSS of the bench process: ${metropolis.peakRssMiB.toFixed(0)} MiB`,
  ];
};

export const formatBenchReport = (report: BenchReport): string[] => {
  const { machine } = report;
  const settings = Object.entries(machine.postgresSettings)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  const store = report.workloads.length === 0 ? [] : storeLines(report);
  return [
    `DIGIT benchmarks, ${report.date}, size ${report.size}`,
    `machine: ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}; node ${machine.node}; PostgreSQL ${machine.postgres} (${settings}); NATS ${machine.nats}`,
    ...store,
    ...(report.roadOrders ? roadOrdersLines(report.roadOrders) : []),
    ...(report.archive ? archiveLines(report.archive) : []),
    ...(report.replay ? replayLines(report.replay) : []),
    ...(report.tokens ? tokenLines(report.tokens) : []),
    ...(report.baseline ? baselineLines(report.baseline) : []),
    ...(report.dashboard ? dashboardLines(report.dashboard) : []),
    ...(report.metropolis ? metropolisLines(report.metropolis) : []),
  ];
};
