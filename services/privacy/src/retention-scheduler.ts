import { parisDateOf } from '@digit/calendar';
import { isDomainError } from '@digit/contracts';
import type { Subscription } from '@digit/event-store';
import type { PostgresSubjectKeyStore } from '@digit/personal-data';
import { startPeriodic, type Periodic, type ServiceInfra } from '@digit/runtime';
import { retentionDue, retentionStreamId, type RetentionApplied } from './domain/index.js';
import { eraseSubject } from './erase-subject.js';
import { heldPersonalData } from './held-personal-data.js';
import { loadRetentionRules } from './read-model/register.read-model.js';

export interface RetentionRun {
  /** Persons erased by this run because a retention period passed. */
  readonly erased: number;
}

export type RetentionScheduler = Periodic<RetentionRun>;

export interface RetentionSchedulerOptions {
  readonly intervalMs: number;
  /** The clock (a Paris instant), injectable so that tests stand at any date. */
  readonly now: () => string;
  readonly onError: (error: unknown) => void;
}

const ACTOR = 'system:retention';

/**
 * Retention kept without anyone acting (RGPD art. 5(1)(e)): every interval, for each town's
 * validated processings with a retention period, the persons whose period has passed (end of their
 * last tenure + the period, as the services holding their data tell) are erased through the one
 * erasure path, and a `RetentionApplied` records which rule erased whom. An erasure is recorded
 * once per person, so copies of the service running the same check do no harm.
 */
export const startRetentionScheduler = (
  parts: { readonly infra: ServiceInfra; readonly readModels: Subscription; readonly keyStore: PostgresSubjectKeyStore },
  options: RetentionSchedulerOptions,
): RetentionScheduler => {
  const { infra } = parts;
  const schema = infra.schema('privacy');

  const runOnce = async (): Promise<RetentionRun> => {
    const now = options.now();
    const today = parisDateOf(now);
    let erased = 0;
    for (const [insee, processings] of await loadRetentionRules(infra.db, schema)) {
      const held = await heldPersonalData(infra.bus, { insee });
      if (isDomainError(held)) {
        options.onError(new Error(`retention of ${insee}: ${held.message}`));
        continue;
      }
      const byReference = new Map<string, RetentionApplied['data']['erased'][number][]>();
      for (const item of retentionDue(insee, processings, held, today, 0)) {
        const days = processings.find((processing) => processing.reference === item.reference)!.retention!.days;
        const erasure = await eraseSubject(
          parts,
          {
            subjectId: item.subjectId,
            reason: `Durée de conservation échue : traitement ${item.reference}, ${days} jours après la fin de la désignation (art. 5.1.e du RGPD)`,
            requestedBy: ACTOR,
            requestedAt: now,
          },
          { actor: ACTOR },
        );
        if (isDomainError(erasure)) {
          options.onError(new Error(`retention erasure of ${item.subjectId}: ${erasure.message}`));
          continue;
        }
        if (erasure.alreadyErased) continue;
        erased += 1;
        byReference.set(item.reference, [
          ...(byReference.get(item.reference) ?? []),
          { subjectId: item.subjectId, dueOn: item.dueOn, erasureId: erasure.erasureId },
        ]);
      }
      for (const [reference, persons] of byReference) {
        const days = processings.find((processing) => processing.reference === reference)!.retention!.days;
        const applied: RetentionApplied = {
          type: 'RetentionApplied',
          data: { insee, reference, days, appliedOn: today, appliedAt: now, erased: persons },
        };
        await infra.store.append(retentionStreamId(insee), 'any', [applied], { metadata: { actor: ACTOR } });
      }
    }
    return { erased };
  };

  return startPeriodic(runOnce, options);
};
