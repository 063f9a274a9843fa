import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { parisNow } from '@digit/calendar';
import { isDomainError, privacyMessages, type ErasePersonalDataRequest } from '@digit/contracts';
import { decideOnStream, WrongExpectedVersionError, type Subscription } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
import type { PostgresSubjectKeyStore } from '@digit/personal-data';
import type { ServiceInfra } from '@digit/runtime';
import { erasureDecider, erasureStreamId, type PersonalDataErased } from './domain/index.js';
import { INFRA, KEY_STORE, READ_MODELS } from './privacy-edge.js';

/**
 * Erasure in the immutable store (R-GDPR-1, RGPD art. 17): the person's key is destroyed and
 * the erasure recorded in one transaction, so neither exists without the other. Events stay
 * untouched (the chain still verifies); their sealed fields now read as erased, and each read
 * model drops what it derived on `digit.events.privacy.PersonalDataErased`. DIGIT ops execute
 * it at the request of the DPD concerned (R-SEC-4, the message's policy); the event names them.
 */
@Controller()
export class ErasureController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: Subscription,
    @Inject(KEY_STORE) private readonly keyStore: PostgresSubjectKeyStore,
  ) {}

  @Handles(privacyMessages.erasePersonalData)
  async erasePersonalData(request: ErasePersonalDataRequest, context: MessageContext) {
    const streamId = erasureStreamId(request.subjectId);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.infra.store.transaction(async (trx) => {
          let alreadyErased: PersonalDataErased['data'] | undefined;
          const [decided] = await decideOnStream(
            this.infra.store,
            erasureDecider,
            streamId,
            [
              {
                decide: async (state) => {
                  const data = { subjectId: request.subjectId, reason: request.reason, requestedBy: context.caller.sub, erasureId: randomUUID(), requestedAt: parisNow(), keyDestroyed: false };
                  const decision = erasureDecider.decide({ type: 'ErasePersonalData', data }, state);
                  if (isDomainError(decision)) return decision;
                  if (decision.length === 0) {
                    alreadyErased = state.erasure!;
                    return decision;
                  }
                  // The key is destroyed in the transaction that records the erasure: neither exists without the other.
                  const keyDestroyed = await this.keyStore.within(trx).destroy(request.subjectId);
                  return decision.map((event) => ({ ...event, data: { ...event.data, keyDestroyed } }));
                },
              },
            ],
            { transaction: trx, metadata: context.metadata },
          );
          if (!decided!.ok) return decided!.error;
          if (alreadyErased) return { erasure: alreadyErased, alreadyErased: true, position: undefined };
          return { erasure: decided!.decided[0]!.data, alreadyErased: false, position: decided!.events.at(-1)?.position };
        });
        if (isDomainError(outcome)) return outcome;
        if (outcome.position !== undefined) await this.readModels.caughtUp(outcome.position);
        const { erasureId, subjectId, keyDestroyed, requestedAt } = outcome.erasure;
        return { erasureId, subjectId, keyDestroyed, erasedAt: requestedAt, alreadyErased: outcome.alreadyErased };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= 3) throw error;
      }
    }
  }
}
