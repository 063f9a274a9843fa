import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { parisNow } from '@digit/calendar';
import {
  DEFAULT_PAGE_SIZE,
  DIGIT_OWN_PROCESSINGS,
  isDomainError,
  privacyMessages,
  type DigitPersonalDataReadsRequest,
  type PersonalDataReadsRequest,
  type RecordPersonalDataReadRequest,
} from '@digit/contracts';
import type { Subscription } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import { readStreamId, recordPersonalDataRead, type AcceptedPurpose } from './domain/index.js';
import { INFRA, READ_MODELS } from './privacy-edge.js';
import { loadPersonalDataReadsPage } from './read-model/personal-data-reads.read-model.js';
import { loadValidatedProcessings } from './read-model/register.read-model.js';

/**
 * R-GDPR-5: every read of persons' data in clear is recorded before the data leave (the gateway
 * asks here first), and each town's DPD reads its own town's trace; DIGIT ops read the trace of
 * DIGIT's own data (its agents' records). Readers of a town's data (ops among them) do not read
 * that town's trace: the controller checks, the read do not audit themselves; auditors read all.
 */
@Controller()
export class PersonalDataReadsController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: Subscription,
  ) {}

  private get schema() {
    return this.infra.schema('privacy');
  }

  @Handles(privacyMessages.recordPersonalDataRead)
  async recordPersonalDataRead(request: RecordPersonalDataReadRequest, context: MessageContext) {
    const insee = request.insee ?? null;
    const accepted: readonly AcceptedPurpose[] = insee
      ? (await loadValidatedProcessings(this.infra.db, this.schema, insee)).map((processing) => ({
          reference: processing.reference,
          name: processing.fiche.name,
        }))
      : DIGIT_OWN_PROCESSINGS;
    const readId = randomUUID();
    const { purpose, route, reader, subjectIds } = request;
    const decision = recordPersonalDataRead({ readId, insee, readAt: parisNow(), reader, route, purpose, subjectIds }, accepted);
    if (isDomainError(decision)) return decision;
    const purposeName = accepted.find((candidate) => candidate.reference === purpose)!.name;
    if (decision.length === 0) return { readId: null, purpose, purposeName };
    const appended = await this.infra.store.append(readStreamId(readId), 'no_stream', decision, { metadata: context.metadata });
    await this.readModels.caughtUp(appended.events.at(-1)?.position);
    return { readId, purpose, purposeName };
  }

  @Handles(privacyMessages.personalDataReads)
  async personalDataReads(request: PersonalDataReadsRequest) {
    const page = await loadPersonalDataReadsPage(this.infra.db, this.schema, request.insee, {
      limit: request.limit ?? DEFAULT_PAGE_SIZE,
      after: request.after,
    });
    return { insee: request.insee, reads: page.items, next: page.next };
  }

  @Handles(privacyMessages.digitPersonalDataReads)
  async digitPersonalDataReads(request: DigitPersonalDataReadsRequest) {
    const page = await loadPersonalDataReadsPage(this.infra.db, this.schema, null, {
      limit: request.limit ?? DEFAULT_PAGE_SIZE,
      after: request.after,
    });
    return { insee: null, reads: page.items, next: page.next };
  }
}
