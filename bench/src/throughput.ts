import { performance } from 'node:perf_hooks';

/** Events per second over the measured window, with each operation's latency. */
export interface Throughput {
  readonly events: number;
  readonly operations: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export const throughputOf = (events: number, operations: number, seconds: number, latenciesMs: number[]): Throughput => {
  const sorted = latenciesMs.sort((a, b) => a - b);
  return { events, operations, seconds, eventsPerSecond: events / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
};

/**
 * Runs `operation` in `workers` concurrent loops. The first `warmupSeconds` are not counted
 * (connections open, caches fill); then the events of every operation that ends within the next
 * `seconds` are. `operation` returns how many events it wrote or read.
 */
export const measureThroughput = async (options: {
  readonly workers: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly operation: (worker: number) => Promise<number>;
}): Promise<Throughput> => {
  const start = performance.now();
  const measuredFrom = start + options.warmupSeconds * 1000;
  const until = measuredFrom + options.seconds * 1000;
  let events = 0;
  let operations = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: options.workers }, async (_, worker) => {
      for (let now = performance.now(); now < until; now = performance.now()) {
        const done = await options.operation(worker);
        const end = performance.now();
        if (end >= measuredFrom && end <= until) {
          events += done;
          operations += 1;
          latencies.push(end - now);
        }
      }
    }),
  );
  return throughputOf(events, operations, options.seconds, latencies);
};

/** Times one run of `work`, which returns how many events it went through. */
export const measureOnce = async (work: () => Promise<number>): Promise<Throughput> => {
  const start = performance.now();
  const events = await work();
  const seconds = (performance.now() - start) / 1000;
  return throughputOf(events, 1, seconds, [seconds * 1000]);
};
