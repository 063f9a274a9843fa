import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { parisNow } from '@digit/calendar';
import {
  DomainError,
  isDomainError,
  privacyMessages,
  type Insee,
  type SubjectAccessRequest,
  type SubjectErasureRequest,
} from '@digit/contracts';
import type { Subscription } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
import type { PostgresSubjectKeyStore } from '@digit/personal-data';
import type { ServiceInfra } from '@digit/runtime';
import {
  SUBJECT_ACCESS_PURPOSE,
  subjectAccessCsv,
  subjectRightsStreamId,
  type PersonalDataRead,
  type SubjectAccessExported,
  type SubjectErasureCompleted,
} from './domain/index.js';
import { eraseSubject } from './erase-subject.js';
import { INFRA, KEY_STORE, READ_MODELS } from './privacy-edge.js';
import { loadValidatedProcessings } from './read-model/register.read-model.js';
import { findSubjects, subjectItems } from './subject-access.js';

const noIdentifier = () =>
  new DomainError('invalid', 'no_identifier', 'Indiquez au moins un courriel, un téléphone ou un nom de la personne.', [
    { path: 'email', message: 'courriel, téléphone ou nom attendu' },
  ]);

/**
 * A person's rights over the town's data (RGPD art. 15, 17): found by e-mail, phone or name in the
 * person index (keyed hashes), every piece of their data gathered from the event store (the record
 * every service's read models derive from) in the town's records, exported with what, where, why
 * and since when, or erased in one act through the one erasure path. Both are recorded; an export
 * is also a read in clear in the town's trace (R-GDPR-5). The identifiers searched are never stored.
 */
@Controller()
export class SubjectRightsController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: Subscription,
    @Inject(KEY_STORE) private readonly keyStore: PostgresSubjectKeyStore,
  ) {}

  /** The persons found, in the town's records only, with every piece of their data there. */
  private async gather(request: SubjectAccessRequest) {
    const { insee, email, phone, name } = request;
    if (![email, phone, name].some((value) => value?.trim())) return noIdentifier();
    const processings = await loadValidatedProcessings(this.infra.db, this.infra.schema('privacy'), insee);
    const whyOf = (holding: string | undefined) => {
      const covering = processings.filter(
        (processing) => holding !== undefined && processing.retention?.appliesTo.includes(holding as never),
      );
      return covering.length > 0
        ? covering.map((processing) => `${processing.reference} (${processing.fiche.name})`).join(', ')
        : undefined;
    };
    const found = [];
    for (const subject of await findSubjects(this.infra, { email, phone, name })) {
      const items = await subjectItems(this.infra, insee, subject, whyOf);
      if (items.length > 0) found.push({ subject, items });
    }
    return found;
  }

  private async export(request: SubjectAccessRequest, context: MessageContext, format: 'json' | 'csv') {
    const found = await this.gather(request);
    if (isDomainError(found)) return found;
    const accessId = randomUUID();
    const requestedAt = parisNow();
    const subjectIds = found.map(({ subject }) => subject.subjectId);
    const items = found.flatMap((one) => one.items);
    const exported: SubjectAccessExported = {
      type: 'SubjectAccessExported',
      data: { accessId, insee: request.insee, requestedAt, requestedBy: context.caller.sub, format, subjectIds, itemCount: items.length },
    };
    const route = format === 'json' ? privacyMessages.subjectAccess.http : privacyMessages.subjectAccessCsv.http;
    const read: PersonalDataRead = {
      type: 'PersonalDataRead',
      data: {
        readId: randomUUID(),
        insee: request.insee,
        readAt: requestedAt,
        reader: context.caller.sub,
        route: `${route!.method} ${route!.path}`,
        purpose: SUBJECT_ACCESS_PURPOSE.reference,
        purposeName: SUBJECT_ACCESS_PURPOSE.name,
        subjectIds,
      },
    };
    const appended = await this.infra.store.append(
      subjectRightsStreamId(accessId),
      'no_stream',
      subjectIds.length > 0 ? [exported, read] : [exported],
      { metadata: context.metadata },
    );
    await this.readModels.caughtUp(appended.events.at(-1)?.position);
    return { accessId, insee: request.insee as Insee, requestedAt, subjects: found.map(({ subject }) => subject), items };
  }

  @Handles(privacyMessages.subjectAccess)
  async subjectAccess(request: SubjectAccessRequest, context: MessageContext) {
    return this.export(request, context, 'json');
  }

  @Handles(privacyMessages.subjectAccessCsv)
  async subjectAccessCsv(request: SubjectAccessRequest, context: MessageContext) {
    const view = await this.export(request, context, 'csv');
    return isDomainError(view) ? view : { content: subjectAccessCsv(view.items), next: null };
  }

  /** R-SEC-4: the town's DPD, or DIGIT ops at its request (the policy); each erasure names who acted. */
  @Handles(privacyMessages.subjectErasure)
  async subjectErasure(request: SubjectErasureRequest, context: MessageContext) {
    const found = await this.gather(request);
    if (isDomainError(found)) return found;
    const erasureRequestId = randomUUID();
    const erased = [];
    for (const { subject } of found) {
      const erasure = await eraseSubject(
        { infra: this.infra, readModels: this.readModels, keyStore: this.keyStore },
        { subjectId: subject.subjectId, reason: request.reason, requestedBy: context.caller.sub, requestedAt: parisNow() },
        context.metadata,
      );
      if (isDomainError(erasure)) return erasure;
      erased.push({
        subjectId: erasure.subjectId,
        erasureId: erasure.erasureId,
        keyDestroyed: erasure.keyDestroyed,
        alreadyErased: erasure.alreadyErased,
      });
    }
    const completed: SubjectErasureCompleted = {
      type: 'SubjectErasureCompleted',
      data: {
        erasureRequestId,
        insee: request.insee,
        completedAt: parisNow(),
        requestedBy: context.caller.sub,
        erased: erased.map(({ subjectId, erasureId }) => ({ subjectId, erasureId })),
      },
    };
    const appended = await this.infra.store.append(subjectRightsStreamId(erasureRequestId), 'no_stream', [completed], {
      metadata: context.metadata,
    });
    await this.readModels.caughtUp(appended.events.at(-1)?.position);
    return { erasureRequestId, insee: request.insee, erased };
  }
}
