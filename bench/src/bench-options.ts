import { parseArgs } from 'node:util';

export type BenchSize = 'tiny' | 'full';

/** What one `npm run bench` measures, and how long. */
export interface BenchOptions {
  readonly size: BenchSize;
  /** Measured seconds of each phase (one subject on one workload in one round). */
  readonly secondsPerPhase: number;
  /** Each workload runs this many times, subjects interleaved; the median is reported. */
  readonly rounds: number;
  readonly writers: number;
  readonly streams: number;
  /** Events stored before the rebuild benchmark. */
  readonly rebuildEvents: number;
  /** Where the results JSON goes (undefined: not written). */
  readonly out: string | undefined;
  readonly databaseUrl: string;
  readonly natsUrl: string;
}

export const BENCH_USAGE = `usage: npm run bench -- [--size=tiny|full] [--seconds=<per phase>] [--rounds=<n>] [--events=<rebuild events>] [--out=<file.json>]
  full (default): 10 s per phase, 3 rounds, rebuild of 1,000,000 events, results in bench/results/latest.json
  tiny: 1 s per phase, 1 round, rebuild of 2,000 events, results in bench/results/tiny.json`;

const SIZES: Record<BenchSize, { secondsPerPhase: number; rounds: number; rebuildEvents: number; out: string }> = {
  full: { secondsPerPhase: 10, rounds: 3, rebuildEvents: 1_000_000, out: 'bench/results/latest.json' },
  tiny: { secondsPerPhase: 1, rounds: 1, rebuildEvents: 2_000, out: 'bench/results/tiny.json' },
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
      out: { type: 'string' },
    },
  });
  const size = values.size ?? 'full';
  if (size !== 'tiny' && size !== 'full') throw new Error(`--size expects tiny or full, got ${size}`);
  const defaults = SIZES[size];
  return {
    size,
    secondsPerPhase: positive('seconds', values.seconds, defaults.secondsPerPhase, false),
    rounds: positive('rounds', values.rounds, defaults.rounds, true),
    writers: 8,
    streams: 1_000,
    rebuildEvents: positive('events', values.events, defaults.rebuildEvents, true),
    out: values.out ?? defaults.out,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
  };
};
