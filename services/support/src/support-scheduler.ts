import { handleCommand } from '@digit/event-store';
import { startPeriodic, type Periodic } from '@digit/runtime';
import { requestDecider, requestStreamId } from './domain/index.js';
import { ticketsAwaitingPrivacyCheck, ticketsDueForDeadlineCheck } from './read-model/tickets.read-model.js';
import { crossCheckRequest } from './request-privacy.js';
import type { SupportRuntime } from './support-edge.js';

export interface ScheduledRun {
  /** Breach events recorded by this run (R-SUP-3). */
  readonly breachesRecorded: number;
  /** Privacy cross-checks that answered this time, for requests held without one (R-GDPR-2). */
  readonly privacyChecksRecorded: number;
}

export type SupportScheduler = Periodic<ScheduledRun>;

export interface SupportSchedulerOptions {
  readonly intervalMs: number;
  /** The deadline check's clock, injectable so that tests can stand at any instant. */
  readonly now: () => string;
  readonly onError: (error: unknown) => void;
}

/**
 * Breaches become events without anyone acting (R-SUP-3): every interval, `CheckDeadlines` goes to
 * each open request with a running clock due by now (each breach is recorded once, so copies of
 * the service running the same check do no harm). Requests held for a privacy cross-check that
 * did not answer are asked again (R-GDPR-2).
 */
export const startSupportScheduler = (runtime: SupportRuntime, options: SupportSchedulerOptions): SupportScheduler => {
  const { store, db } = runtime.infra;

  const checkDeadlines = async (now: string): Promise<number> => {
    let recorded = 0;
    for (const id of await ticketsDueForDeadlineCheck(db, runtime.schema, now)) {
      try {
        const outcome = await handleCommand(
          store,
          requestDecider,
          requestStreamId(id),
          { type: 'CheckDeadlines', now },
          { actor: 'system:deadline-check' },
        );
        if (outcome.ok) recorded += outcome.events.length;
        else options.onError(new Error(`deadline check of request ${id}: ${outcome.error.code} ${outcome.error.message}`));
      } catch (error) {
        options.onError(error);
      }
    }
    return recorded;
  };

  const retryPrivacyChecks = async (): Promise<number> => {
    let recorded = 0;
    for (const id of await ticketsAwaitingPrivacyCheck(db, runtime.schema)) {
      try {
        if (await crossCheckRequest(runtime, id, { actor: 'system:privacy-check-retry' })) recorded += 1;
      } catch (error) {
        options.onError(error);
      }
    }
    return recorded;
  };

  const runOnce = async (): Promise<ScheduledRun> => ({
    breachesRecorded: await checkDeadlines(options.now()),
    privacyChecksRecorded: await retryPrivacyChecks(),
  });

  return startPeriodic(runOnce, options);
};
