import type { ChildProcess } from 'node:child_process';

/** A process the supervisor keeps running: `start` spawns a fresh copy each time. */
export interface SupervisedProcess {
  readonly name: string;
  start(): ChildProcess;
}

export interface SupervisorOptions {
  readonly log: (line: string) => void;
  /** The first restart's delay; it doubles at each crash in a row, up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A process that ran this long before dying counts as healthy: its next restart waits `initialDelayMs` again. */
  readonly stableAfterMs?: number;
  /** How long a process may take to stop on SIGTERM before SIGKILL. */
  readonly stopTimeoutMs?: number;
}

export interface Supervisor {
  pidOf(name: string): number | undefined;
  /** How many times `name` was restarted. */
  restarts(name: string): number;
  stop(): Promise<void>;
}

interface Slot {
  readonly spec: SupervisedProcess;
  child?: ChildProcess;
  startedAt: number;
  delayMs: number;
  restarts: number;
  timer?: NodeJS.Timeout;
}

const seconds = (ms: number): string => `${(ms / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s`;

const exitOf = (code: number | null, signal: NodeJS.Signals | null): string => (signal ? `signal ${signal}` : `code ${code}`);

/**
 * Keeps every process of the system running (issue 18): one process's death never stops the
 * others; it is restarted after a delay that doubles while it keeps crashing (0.5 s, 1 s, 2 s …
 * 30 s) and falls back once it has run a minute. Each stop and restart is logged in French and
 * English.
 */
export const supervise = (processes: readonly SupervisedProcess[], options: SupervisorOptions): Supervisor => {
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  let stopping = false;
  const slots = new Map<string, Slot>(processes.map((spec) => [spec.name, { spec, startedAt: 0, delayMs: initialDelayMs, restarts: 0 }]));

  const launch = (slot: Slot): void => {
    const child = slot.spec.start();
    slot.child = child;
    slot.startedAt = Date.now();
    child.once('exit', (code, signal) => {
      slot.child = undefined;
      if (stopping) return;
      if (Date.now() - slot.startedAt >= stableAfterMs) slot.delayMs = initialDelayMs;
      const delay = slot.delayMs;
      slot.delayMs = Math.min(slot.delayMs * 2, maxDelayMs);
      options.log(
        `${slot.spec.name} s'est arrêté (${exitOf(code, signal)}) ; redémarrage dans ${seconds(delay)} / ${slot.spec.name} stopped (${exitOf(code, signal)}); restarting in ${seconds(delay)}`,
      );
      slot.timer = setTimeout(() => {
        if (stopping) return;
        slot.restarts += 1;
        launch(slot);
        options.log(`${slot.spec.name} redémarré (pid ${slot.child?.pid}) / ${slot.spec.name} restarted (pid ${slot.child?.pid})`);
      }, delay);
    });
  };

  for (const slot of slots.values()) launch(slot);

  return {
    pidOf: (name) => slots.get(name)?.child?.pid,
    restarts: (name) => slots.get(name)?.restarts ?? 0,
    async stop() {
      stopping = true;
      await Promise.all(
        [...slots.values()].map(async (slot) => {
          clearTimeout(slot.timer);
          const child = slot.child;
          if (!child || child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), options.stopTimeoutMs ?? 10_000);
          await exited;
          clearTimeout(killer);
        }),
      );
    },
  };
};
