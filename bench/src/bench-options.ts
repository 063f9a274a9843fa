import { parseArgs } from 'node:util';

export type BenchSize = 'tiny' | 'full';

/** The parts `--only` picks: `appends` is the store's single-event appends alone (ours, the limit, the peer). */
export const BENCH_PARTS = ['store', 'appends', 'orders', 'archive', 'replay', 'tokens', 'dashboard', 'baseline', 'metropolis'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

/** What one `npm run bench` measures, and how long. */
export interface BenchOptions {
  readonly size: BenchSize;
  /** Measured seconds of each phase (one subject on one workload in one round). */
  readonly secondsPerPhase: number;
  /** Each workload runs this many times, subjects interleaved; the median is reported. */
  readonly rounds: number;
  readonly writers: number;
  readonly streams: number;
  /** Seconds of each road-order phase (each offered rate, then the closed loop). */
  readonly orderSeconds: number;
  /** Which benchmarks run: the event store's (appends, rebuild, peer), the road orders', the archive's, the token verification's, or all. */
  readonly only: BenchPart | undefined;
  /** Days of road orders in the history the dashboard is measured on (8 towns, 20 orders a day each). */
  readonly dashboardDays: number;
  /** Lines of the BAL the baseline benchmark imports (issue 16: 60,000). */
  readonly baselineLines: number;
  /** Events stored before the rebuild benchmark (and before the archive's and the replay's). */
  readonly rebuildEvents: number;
  /**
   * The metropolis (`--only=metropolis`, never part of a run of everything): events of its
   * history (METROPOLIS_EVENTS), the rebuild's budget in seconds (METROPOLIS_REBUILD_SECONDS),
   * and whether its history is dropped at the end (METROPOLIS_DROP=1) rather than kept for the next run.
   */
  readonly metropolis: { readonly events: number; readonly rebuildSeconds: number; readonly drop: boolean };
  /** Where the results JSON goes (undefined: not written). */
  readonly out: string | undefined;
  readonly databaseUrl: string;
  readonly natsUrl: string;
}

export const BENCH_USAGE = `usage: npm run bench -- [--size=tiny|full] [--seconds=<per phase>] [--rounds=<n>] [--events=<rebuild events>]
                        [--order-seconds=<per road-order phase>] [--only=${BENCH_PARTS.join('|')}] [--out=<file.json>]
  full (default): 10 s per phase, 5 rounds, rebuild, archive and replay of 1,000,000 events, road orders 60 s per rate, dashboard on 365 days of orders, a BAL of 60,000 lines, results in bench/results/latest.json
  tiny: 1 s per phase, 1 round, rebuild, archive and replay of 2,000 events, road orders 1 s per rate, dashboard on 3 days of orders, a BAL of 2,000 lines, results in bench/results/tiny.json
  --only=metropolis: 131 towns, ten years; METROPOLIS_EVENTS (200,000 by default, 20,000 tiny; 10,500,000 for the full simulation),
                     METROPOLIS_REBUILD_SECONDS (300), METROPOLIS_DROP=1 to drop its history at the end (kept for the next run otherwise)`;

const SIZES: Record<
  BenchSize,
  { secondsPerPhase: number; rounds: number; rebuildEvents: number; orderSeconds: number; dashboardDays: number; out: string }
> = {
  full: {
    secondsPerPhase: 10,
    rounds: 5,
    rebuildEvents: 1_000_000,
    orderSeconds: 60,
    dashboardDays: 365,
    out: 'bench/results/latest.json',
  },
  tiny: { secondsPerPhase: 1, rounds: 1, rebuildEvents: 2_000, orderSeconds: 1, dashboardDays: 3, out: 'bench/results/tiny.json' },
};

const positive = (name: string, text: string | undefined, fallback: number, integer: boolean): number => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} expects a positive ${integer ? 'integer' : 'number'}, got ${text}`);
  }
  return value;
};

/** Throws with a message for the user on a bad flag. */
export const parseBenchOptions = (argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      size: { type: 'string' },
      seconds: { type: 'string' },
      rounds: { type: 'string' },
      events: { type: 'string' },
      'order-seconds': { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const size = values.size ?? 'full';
  if (size !== 'tiny' && size !== 'full') throw new Error(`--size expects tiny or full, got ${size}`);
  const defaults = SIZES[size];
  const only = BENCH_PARTS.find((part) => part === values.only);
  if (values.only !== undefined && only === undefined)
    throw new Error(`--only expects one of ${BENCH_PARTS.join(', ')}, got ${values.only}`);
  return {
    size,
    secondsPerPhase: positive('seconds', values.seconds, defaults.secondsPerPhase, false),
    rounds: positive('rounds', values.rounds, defaults.rounds, true),
    writers: 8,
    streams: 1_000,
    orderSeconds: positive('order-seconds', values['order-seconds'], defaults.orderSeconds, false),
    baselineLines: size === 'tiny' ? 2_000 : 60_000,
    only,
    rebuildEvents: positive('events', values.events, defaults.rebuildEvents, true),
    dashboardDays: defaults.dashboardDays,
    metropolis: {
      events: positive('METROPOLIS_EVENTS', env.METROPOLIS_EVENTS, size === 'tiny' ? 20_000 : 200_000, true),
      rebuildSeconds: positive('METROPOLIS_REBUILD_SECONDS', env.METROPOLIS_REBUILD_SECONDS, 300, false),
      drop: env.METROPOLIS_DROP === '1',
    },
    out: values.out ?? (only === 'metropolis' ? defaults.out.replace(/\.json$/, '-metropolis.json') : defaults.out),
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
  };
};
