import { setTimeout as sleep } from 'node:timers/promises';
import { parisToday } from '@digit/calendar';
import { TOWNS, conventionStreamId } from '@digit/contracts';
import { handleCommand, WrongExpectedVersionError } from '@digit/event-store';
import type { ServiceInfra } from '@digit/runtime';
import { conventionDecider } from './domain/index.js';

/**
 * Renewals, expiries and terminations follow from the calendar (R-CON-2, R-CON-4): no human
 * acts. Once at start and then every `everyMs`, each town's passed transitions are recorded
 * (the decider emits each once), so the log and the other services see them happen.
 */
export const startCalendarTransitions = (
  infra: ServiceInfra,
  options: { everyMs?: number; today?: () => string; onError?: (error: unknown) => void } = {},
): { stop(): Promise<void> } => {
  const today = options.today ?? parisToday;
  let running = true;
  const recordAll = async () => {
    for (const town of TOWNS) {
      try {
        await handleCommand(
          infra.store,
          conventionDecider,
          conventionStreamId(town.insee),
          { type: 'RecordCalendarTransitions', today: today() },
          { actor: 'system:calendar' },
        );
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) options.onError?.(error);
      }
    }
  };
  const loop = (async () => {
    while (running) {
      await recordAll();
      const deadline = Date.now() + (options.everyMs ?? 3_600_000);
      while (running && Date.now() < deadline) await sleep(Math.min(200, deadline - Date.now()));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
};
