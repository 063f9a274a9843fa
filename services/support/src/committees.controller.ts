import { Controller, Inject } from '@nestjs/common';
import {
  DomainError,
  isDomainError,
  supportMessages,
  type CommitteeView,
  type CompleteActionRequest,
  type RecordActionRequest,
  type RecordCommitteeDecisionRequest,
  type RecordCommitteeHeldRequest,
  type ScheduleCommitteeRequest,
  type SupportIdRequest,
  type SupportListRequest,
} from '@digit/contracts';
import { Handles, type MessageContext } from '@digit/messaging';
import { committeeDecider, committeeStreamId, type CommitteeCommand } from './domain/index.js';
import { committeeAnswer } from './read-model/committee-view.js';
import { COMMITTEES, loadCommitteesPage } from './read-model/committees.read-model.js';
import { loadView } from './read-model/view-table.js';
import { execute, newId, pageWindow, refuseUnlessOneOf, SUPPORT_RUNTIME, townFilter, type SupportRuntime } from './support-edge.js';

/**
 * Follow-up and steering committees, their minutes, decisions and actions, on NATS (R-SUP-6).
 * A charge the follow-up committee approves is the event `CommitteeChargeApproved`, published on
 * `digit.events.support.CommitteeChargeApproved` for billing (R-BIL-8).
 */
@Controller()
export class CommitteesController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private async committee(id: string): Promise<CommitteeView | DomainError> {
    const record = await loadView(this.runtime.infra.db, this.runtime.schema, COMMITTEES, id);
    return record ? committeeAnswer(record) : new DomainError('not_found', 'committee_not_found', `Aucun comité n'a l'identifiant ${id}.`);
  }

  private async handle(id: string, command: CommitteeCommand, context: MessageContext) {
    const decided = await execute(this.runtime, committeeDecider, committeeStreamId(id), command, context.metadata);
    return isDomainError(decided) ? decided : this.committee(id);
  }

  @Handles(supportMessages.scheduleCommittee)
  async schedule(request: ScheduleCommitteeRequest, context: MessageContext) {
    const committeeId = newId();
    return this.handle(committeeId, { type: 'ScheduleCommittee', committeeId, ...request }, context);
  }

  /** A town's people read their town's follow-up committees and the steering committee of all towns. */
  @Handles(supportMessages.committee)
  async get(request: SupportIdRequest, context: MessageContext) {
    const committee = await this.committee(request.id);
    if (isDomainError(committee) || committee.insee === null) return committee;
    return refuseUnlessOneOf(context, [committee.insee]) ?? committee;
  }

  @Handles(supportMessages.committees)
  async list(request: SupportListRequest) {
    const insee = townFilter(request.insee);
    if (isDomainError(insee)) return insee;
    return loadCommitteesPage(this.runtime.infra.db, this.runtime.schema, { insee }, pageWindow(request));
  }

  @Handles(supportMessages.recordCommitteeHeld)
  async held(request: RecordCommitteeHeldRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'RecordCommitteeHeld', heldOn: request.heldOn, minutes: request.minutes }, context);
  }

  @Handles(supportMessages.recordCommitteeDecision)
  async decision(request: RecordCommitteeDecisionRequest, context: MessageContext) {
    const { id, decisionId, ...decision } = request;
    return this.handle(id, { type: 'RecordCommitteeDecision', decisionId: decisionId ?? newId(), ...decision }, context);
  }

  @Handles(supportMessages.recordCommitteeAction)
  async action(request: RecordActionRequest, context: MessageContext) {
    const { id, actionId, ...action } = request;
    return this.handle(id, { type: 'RecordCommitteeAction', actionId: actionId ?? newId(), ...action }, context);
  }

  @Handles(supportMessages.completeCommitteeAction)
  async completeAction(request: CompleteActionRequest, context: MessageContext) {
    return this.handle(
      request.id,
      { type: 'CompleteCommitteeAction', actionId: request.actionId, completedOn: request.completedOn },
      context,
    );
  }
}
