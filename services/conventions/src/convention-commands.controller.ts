import { Controller, Inject } from '@nestjs/common';
import {
  conventionsMessages,
  DomainError,
  type AmendConventionRequest,
  type AssignContactRequest,
  type DraftConventionRequest,
  type GiveTerminationNoticeRequest,
  type Insee,
  type MarkDataReturnedRequest,
  type RecordDeliberationRequest,
  type RecordedEventsView,
  type RecordEntryIntoForceRequest,
  type RecordOpenDataDomainRequest,
  type RecordSigUsageRequest,
  type ReleaseContactRequest,
  type RenewExpresslyRequest,
  type SignConventionRequest,
  type TerminateByMutualAgreementRequest,
  type TerminationNoticeView,
  conventionStreamId,
  type ConventionEvent,
} from '@digit/contracts';
import { handleCommand, type Subscription } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
import { SubjectErasedError } from '@digit/personal-data';
import type { ServiceInfra } from '@digit/runtime';
import { CONVENTION_STATES, INFRA } from './conventions-edge.js';
import { conventionDecider, noticeOutcome, type ConventionCommand } from './domain/index.js';
import { loadConventionState } from './read-model/convention-states.read-model.js';

const personErased = () =>
  new DomainError(
    'conflict',
    'person_erased',
    'Les données de cette personne ont été effacées (RGPD) : utilisez un nouvel identifiant de personne.',
    [{ path: 'person.personId', message: 'identifiant effacé' }],
  );

/**
 * The convention commands (R-CON-1..9): one message each, its request checked by its DTO, the
 * rules that need the convention's state by the decider. The acting person is the caller
 * (`context.metadata`, R-SEC-1); who may act is each message's policy (R-SEC-2, R-SEC-4).
 */
@Controller()
export class ConventionCommandsController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(CONVENTION_STATES) private readonly states: Subscription,
  ) {}

  /** Decides and appends on the town's stream, then answers once the read model shows the new events (read your writes). */
  private async record(insee: Insee, command: ConventionCommand, context: MessageContext) {
    const outcome = await handleCommand(this.infra.store, conventionDecider, conventionStreamId(insee), command, context.metadata);
    if (outcome.ok) await this.states.caughtUp(outcome.events.at(-1)?.position);
    return outcome;
  }

  private async recorded(insee: Insee, command: ConventionCommand, context: MessageContext): Promise<RecordedEventsView | DomainError> {
    const outcome = await this.record(insee, command, context);
    if (!outcome.ok) return outcome.error;
    return { recorded: outcome.events.map((event) => ({ eventId: event.eventId, type: event.type, position: event.position.toString() })) };
  }

  @Handles(conventionsMessages.draftConvention)
  draftConvention({ insee, ...draft }: DraftConventionRequest, context: MessageContext) {
    return this.recorded(insee, { type: 'DraftConvention', insee, ...draft }, context);
  }

  @Handles(conventionsMessages.recordDeliberation)
  recordDeliberation({ insee, ...deliberation }: RecordDeliberationRequest, context: MessageContext) {
    return this.recorded(insee, { type: 'RecordDeliberation', ...deliberation }, context);
  }

  @Handles(conventionsMessages.signConvention)
  signConvention({ insee, ...signature }: SignConventionRequest, context: MessageContext) {
    return this.recorded(insee, { type: 'SignConvention', ...signature }, context);
  }

  @Handles(conventionsMessages.recordEntryIntoForce)
  recordEntryIntoForce({ insee, on }: RecordEntryIntoForceRequest, context: MessageContext) {
    return this.recorded(insee, { type: 'RecordEntryIntoForce', on }, context);
  }

  @Handles(conventionsMessages.amendConvention)
  amendConvention({ insee, ...amendment }: AmendConventionRequest, context: MessageContext) {
    return this.recorded(insee, { type: 'AmendConvention', ...amendment }, context);
  }

  /** R-CON-8: the person's name and contacts are sealed with their own key; an erased person's id cannot be used again. */
  @Handles(conventionsMessages.assignContact)
  async assignContact({ insee, ...assignment }: AssignContactRequest, context: MessageContext) {
    try {
      return await this.recorded(insee, { type: 'AssignContact', ...assignment }, context);
    } catch (error) {
      if (error instanceof SubjectErasedError) return personErased();
      throw error;
    }
  }

  @Handles(conventionsMessages.releaseContact)
  releaseContact({ insee, ...release }: ReleaseContactRequest, context: MessageContext) {
    return this.recorded(insee, { type: 'ReleaseContact', ...release }, context);
  }

  /** R-CON-4: a notice by LRAR takes effect three months later; the answer says when the convention reaches its term first. */
  @Handles(conventionsMessages.giveTerminationNotice)
  async giveTerminationNotice(
    { insee, requestedBy, noticeDate }: GiveTerminationNoticeRequest,
    context: MessageContext,
  ): Promise<TerminationNoticeView | DomainError> {
    const outcome = await this.record(insee, { type: 'GiveTerminationNotice', requestedBy, noticeDate }, context);
    if (!outcome.ok) return outcome.error;
    const notice = outcome.decided.find(
      (event): event is Extract<ConventionEvent, { type: 'TerminationNoticeGiven' }> => event.type === 'TerminationNoticeGiven',
    );
    const state = await loadConventionState(this.infra.db, this.infra.schema('conventions'), insee);
    const recorded = state ? noticeOutcome(state) : null;
    return {
      effectiveDate: notice?.data.effectiveDate ?? null,
      ...(recorded ? { takesEffect: recorded.takesEffect, conventionLastDay: recorded.conventionLastDay, note: recorded.note } : {}),
      events: outcome.events.map((event) => event.eventId),
    };
  }

  /** R-CON-4, R-SEC-4: terminating a convention is DIGIT ops' act (the message's policy). */
  @Handles(conventionsMessages.terminateByMutualAgreement)
  terminateByMutualAgreement({ insee, agreedOn, effectiveDate }: TerminateByMutualAgreementRequest, context: MessageContext) {
    return this.recorded(insee, { type: 'TerminateByMutualAgreement', agreedOn, effectiveDate }, context);
  }

  @Handles(conventionsMessages.renewExpressly)
  renewExpressly({ insee, ...renewal }: RenewExpresslyRequest, context: MessageContext) {
    return this.recorded(insee, { type: 'RenewExpressly', ...renewal }, context);
  }

  @Handles(conventionsMessages.markDataReturned)
  markDataReturned({ insee, ...dataReturn }: MarkDataReturnedRequest, context: MessageContext) {
    return this.recorded(insee, { type: 'MarkDataReturned', ...dataReturn }, context);
  }

  @Handles(conventionsMessages.recordOpenDataDomain)
  recordOpenDataDomain({ insee, ...domain }: RecordOpenDataDomainRequest, context: MessageContext) {
    return this.recorded(insee, { type: 'RecordOpenDataDomain', ...domain }, context);
  }

  @Handles(conventionsMessages.recordSigUsage)
  recordSigUsage({ insee, measuredOn, users, editLicences }: RecordSigUsageRequest, context: MessageContext) {
    return this.recorded(insee, { type: 'RecordSigUsage', measuredOn, users, editLicences }, context);
  }
}
