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
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
};

/** The printed report: ratios first (they hold within a run), then the absolute figures and the machine. */
export const formatBenchReport = (report: BenchReport): string[] => {
  const { machine } = report;
  const settings = Object.entries(machine.postgresSettings).map(([name, value]) => `${name}=${value}`).join(', ');
  return [
    `DIGIT event store benchmarks, ${report.date}, size ${report.size}: ${report.secondsPerPhase} s per phase, median of ${report.rounds} round(s)`,
    `machine: ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}; node ${machine.node}; PostgreSQL ${machine.postgres} (${settings}); NATS ${machine.nats}`,
    '',
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
      `  ours:  ${workload.legend.ours}`,
      `  limit: ${workload.legend.limit}`,
      `  peer:  ${workload.legend.peer}`,
    ]),
  ];
};
