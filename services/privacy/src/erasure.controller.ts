import { Controller, Inject } from '@nestjs/common';
import { parisNow } from '@digit/calendar';
import { privacyMessages, type ErasePersonalDataRequest } from '@digit/contracts';
import type { Subscription } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
import type { PostgresSubjectKeyStore } from '@digit/personal-data';
import type { ServiceInfra } from '@digit/runtime';
import { eraseSubject } from './erase-subject.js';
import { INFRA, KEY_STORE, READ_MODELS } from './privacy-edge.js';

/**
 * Erasure on request (R-GDPR-1, RGPD art. 17): DIGIT ops execute it at the request of the DPD
 * concerned (R-SEC-4, the message's policy); the event names them. The path is eraseSubject's.
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
    return eraseSubject(
      { infra: this.infra, readModels: this.readModels, keyStore: this.keyStore },
      { subjectId: request.subjectId, reason: request.reason, requestedBy: context.caller.sub, requestedAt: parisNow() },
      context.metadata,
    );
  }
}
