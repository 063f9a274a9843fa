import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { connectBus, type Bus } from '@digit/messaging';
import type { ServiceConfig } from '@digit/runtime';

export const KNOWN_AT_CONFIG = Symbol('KNOWN_AT_CONFIG');

/** What the gateway passes on to the replay: its own database and personal-data key (the child runs as the gateway does). */
export type KnownAtConfig = Pick<ServiceConfig, 'databaseUrl' | 'schemaPrefix' | 'personalDataKek' | 'dataDir'>;

/**
 * The limits of the dashboard's « connu le » (issue 14), for auditors and DIGIT ops:
 * - one replay at a time: asking another instant stops the previous one;
 * - kept while used, stopped after IDLE_MS without a page read from it;
 * - built within BUILD_TIMEOUT_MS (copy of the history, the five services catching up), or abandoned;
 * - in a process of its own under the services' heap bound (160 MiB), so that the gateway's memory does not grow.
 */
export const KNOWN_AT_LIMITS = { IDLE_MS: 10 * 60_000, BUILD_TIMEOUT_MS: 120_000, PAGE_WAIT_MS: 20_000 } as const;

/** The services' heap bound (infra/node/service-node-flags.json), as `npm run audit -- replay` runs under it. */
const HEAP_FLAGS = (
  JSON.parse(readFileSync(new URL('../../../../../infra/node/service-node-flags.json', import.meta.url), 'utf8')) as { flags: string[] }
).flags;

/** The replayed services for one instant: a bus of their own, and what the replay knew. */
export interface KnownAtReplay {
  readonly knownAt: string;
  readonly bus: Bus;
  readonly history: { readonly events: number; readonly lastPosition: string | null };
  readonly personalData: string;
}

export type KnownAtState =
  | { readonly status: 'ready'; readonly replay: KnownAtReplay }
  | { readonly status: 'building' }
  | { readonly status: 'failed'; readonly reason: string };

interface Running {
  readonly knownAt: string;
  /** Settles once the replay is ready or has failed (never rejects). */
  readonly ready: Promise<void>;
  child?: ChildProcess;
  lastUsed: number;
  replay?: KnownAtReplay;
  failure?: string;
}

const AUDIT_COMMAND = fileURLToPath(new URL('../../../../../tools/audit/dist/main.js', import.meta.url));

/**
 * Runs `npm run audit -- replay --serve` for the dashboard: the replayed services stay up in
 * their own process, on their own NATS server, and the pages read them as they read the live
 * ones (every section as known at the instant, as in force on the page's date).
 */
@Injectable()
export class KnownAtReplays implements OnModuleDestroy {
  private running: Running | undefined;
  private readonly idleCheck: NodeJS.Timeout;

  constructor(@Inject(KNOWN_AT_CONFIG) private readonly config: KnownAtConfig) {
    this.idleCheck = setInterval(() => {
      if (this.running && Date.now() - this.running.lastUsed > KNOWN_AT_LIMITS.IDLE_MS) void this.stop();
    }, 30_000);
    this.idleCheck.unref();
  }

  /** The replay of `knownAt` (an ISO instant), started if needed; waits for it at most `waitMs`. */
  async replayAt(knownAt: string, waitMs: number = KNOWN_AT_LIMITS.PAGE_WAIT_MS): Promise<KnownAtState> {
    // Switched at once, so that the sections of one page (read side by side) share one replay.
    if (this.running?.knownAt !== knownAt) this.running = this.start(knownAt, this.stop());
    const running = this.running;
    running.lastUsed = Date.now();
    const timer = new AbortController();
    await Promise.race([running.ready, sleep(waitMs, undefined, { signal: timer.signal }).catch(() => undefined)]);
    timer.abort();
    if (running.replay) return { status: 'ready', replay: running.replay };
    return running.failure ? { status: 'failed', reason: running.failure } : { status: 'building' };
  }

  /** Starts the replay once the previous one has stopped (one at a time). */
  private start(knownAt: string, previousStopped: Promise<void>): Running {
    const running: Running = {
      knownAt,
      lastUsed: Date.now(),
      ready: previousStopped
        .then(() => {
          const defined = Object.entries({
            PATH: process.env.PATH,
            NATS_SERVER_BIN: process.env.NATS_SERVER_BIN,
            DATABASE_URL: this.config.databaseUrl,
            DIGIT_SCHEMA_PREFIX: this.config.schemaPrefix,
            DIGIT_PERSONAL_DATA_KEK: this.config.personalDataKek,
            DIGIT_DATA_DIR: this.config.dataDir,
          }).filter((entry): entry is [string, string] => entry[1] !== undefined);
          const child = spawn(process.execPath, [...HEAP_FLAGS, AUDIT_COMMAND, 'replay', '--serve', '--as-of', knownAt], {
            env: Object.fromEntries(defined),
            stdio: ['pipe', 'pipe', 'pipe'],
          });
          running.child = child;
          return this.readyLine(child);
        })
        .then(
          (replay) => void (running.replay = replay),
          (error: Error) => {
            running.failure = error.message;
            if (running.child?.exitCode === null) running.child.kill('SIGKILL');
          },
        ),
    };
    return running;
  }

  /** The replay's ready line (its private NATS server's URL), then a connection to it. */
  private readyLine(child: ChildProcess): Promise<KnownAtReplay> {
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-2000)));
    return new Promise<KnownAtReplay>((resolve, reject) => {
      const deadline = setTimeout(
        () => reject(new Error(`pas prêt en ${KNOWN_AT_LIMITS.BUILD_TIMEOUT_MS / 1000} s`)),
        KNOWN_AT_LIMITS.BUILD_TIMEOUT_MS,
      );
      child.once('exit', (code) =>
        reject(new Error(`le rejeu s'est arrêté (code ${code}) ${said.split('\n').filter(Boolean).at(-1) ?? ''}`.trim())),
      );
      child.once('error', reject);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const told = line.startsWith('{')
          ? (JSON.parse(line) as {
              ready?: boolean;
              knownAt: string;
              natsUrl: string;
              history: KnownAtReplay['history'];
              personalData: string;
            })
          : undefined;
        if (!told?.ready) return;
        clearTimeout(deadline);
        connectBus({ url: told.natsUrl, name: 'gateway-known-at' }).then(
          (bus) => resolve({ knownAt: told.knownAt, bus, history: told.history, personalData: told.personalData }),
          reject,
        );
      });
    });
  }

  /** Stops the replay: its process drops its schemas and its NATS server when its input ends. */
  private async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    await running.ready;
    await running.replay?.bus.close().catch(() => undefined);
    const child = running.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin!.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.idleCheck);
    await this.stop();
  }
}
