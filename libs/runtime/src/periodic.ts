/** Work a service does by itself, every `intervalMs`; `runOnce` also runs it on demand (tests, a clock). */
export interface Periodic<Result> {
  runOnce(): Promise<Result>;
  /** Waits for a run in progress, then runs no more. */
  stop(): Promise<void>;
}

/**
 * Runs `runOnce` at start-up (to catch up with whatever fell due while the service was down), then
 * `intervalMs` after each run ends, so runs never overlap; a failed run goes to `onError` and the
 * next one still comes.
 */
export const startPeriodic = <Result>(
  runOnce: () => Promise<Result>,
  options: { readonly intervalMs: number; readonly onError: (error: unknown) => void },
): Periodic<Result> => {
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = (): void => {
    current = runOnce()
      .catch(options.onError)
      .finally(() => {
        if (running) timer = setTimeout(tick, options.intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    runOnce,
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
};
