import { randomUUID } from 'node:crypto';
import { isDomainError, type DomainError, type ErasureView, type EventMetadata } from '@digit/contracts';
import { decideOnStream, WrongExpectedVersionError, type Subscription } from '@digit/event-store';
import type { PostgresSubjectKeyStore } from '@digit/personal-data';
import type { ServiceInfra } from '@digit/runtime';
import { erasureDecider, erasureStreamId, type PersonalDataErased } from './domain/index.js';

export interface ErasureOrder {
  readonly subjectId: string;
  readonly reason: string;
  /** The DIGIT agent who executes it, or `system:retention` when a retention period passed. */
  readonly requestedBy: string;
  readonly requestedAt: string;
}

/**
 * Erasure in the immutable store (R-GDPR-1, RGPD art. 17): the person's key is destroyed and the
 * erasure recorded in one transaction, so neither exists without the other. Events stay untouched
 * (the chain still verifies); their sealed fields now read as erased, and each read model drops
 * what it derived on `digit.events.privacy.PersonalDataErased`. The one path of every erasure: on
 * request, by subject access, by retention.
 */
export const eraseSubject = async (
  parts: { readonly infra: ServiceInfra; readonly readModels: Subscription; readonly keyStore: PostgresSubjectKeyStore },
  order: ErasureOrder,
  metadata: EventMetadata,
): Promise<ErasureView | DomainError> => {
  const streamId = erasureStreamId(order.subjectId);
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await parts.infra.store.transaction(async (trx) => {
        let alreadyErased: PersonalDataErased['data'] | undefined;
        const [decided] = await decideOnStream(
          parts.infra.store,
          erasureDecider,
          streamId,
          [
            {
              decide: async (state) => {
                const data = { ...order, erasureId: randomUUID(), keyDestroyed: false };
                const decision = erasureDecider.decide({ type: 'ErasePersonalData', data }, state);
                if (isDomainError(decision)) return decision;
                if (decision.length === 0) {
                  alreadyErased = state.erasure!;
                  return decision;
                }
                // The key is destroyed in the transaction that records the erasure: neither exists without the other.
                const keyDestroyed = await parts.keyStore.within(trx).destroy(order.subjectId);
                return decision.map((event) => ({ ...event, data: { ...event.data, keyDestroyed } }));
              },
            },
          ],
          { transaction: trx, metadata },
        );
        if (!decided!.ok) return decided!.error;
        if (alreadyErased) return { erasure: alreadyErased, alreadyErased: true, position: undefined };
        return { erasure: decided!.decided[0]!.data, alreadyErased: false, position: decided!.events.at(-1)?.position };
      });
      if (isDomainError(outcome)) return outcome;
      if (outcome.position !== undefined) await parts.readModels.caughtUp(outcome.position);
      const { erasureId, subjectId, keyDestroyed, requestedAt } = outcome.erasure;
      return { erasureId, subjectId, keyDestroyed, erasedAt: requestedAt, alreadyErased: outcome.alreadyErased };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= 3) throw error;
    }
  }
};
