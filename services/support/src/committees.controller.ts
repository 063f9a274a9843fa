import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CommitteeActionCompletionDto,
  CommitteeActionDto,
  CommitteeDecisionDto,
  CommitteeMeetingDto,
  CommitteeSchedulingDto,
  commandSubject,
  querySubject,
} from '@digit/contracts';
import { committeeDecider, committeeStreamId, type CommitteeCommand } from './domain/index.js';
import { committeeAnswer } from './read-model/committee-view.js';
import { COMMITTEES, listCommittees } from './read-model/committees.read-model.js';
import { loadView } from './read-model/view-table.js';
import { actorOf, execute, newId, notFound, routeId, SUPPORT_RUNTIME, townFilter, validPayload, type SupportRuntime } from './support-edge.js';

/**
 * Follow-up and steering committees, their minutes, decisions and actions, on NATS (R-SUP-6).
 * A charge the follow-up committee approves is the event `CommitteeChargeApproved`, published on
 * `digit.events.support.CommitteeChargeApproved` for billing (R-BIL-8).
 */
@Controller()
export class CommitteesController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private async committee(id: string) {
    const view = await loadView(this.runtime.infra.db, this.runtime.schema, COMMITTEES, id);
    if (!view) throw notFound('committee_not_found', `Aucun comité n'a l'identifiant ${id}.`);
    return committeeAnswer(view);
  }

  private async handle(payload: unknown, command: CommitteeCommand) {
    const id = routeId(payload);
    await execute(this.runtime, committeeDecider, committeeStreamId(id), command, actorOf(payload));
    return this.committee(id);
  }

  @MessagePattern(commandSubject('support', 'schedule-committee'))
  async schedule(payload: unknown) {
    const body = await validPayload(CommitteeSchedulingDto, payload);
    const committeeId = newId();
    await execute(this.runtime, committeeDecider, committeeStreamId(committeeId), { type: 'ScheduleCommittee', committeeId, ...body }, actorOf(payload));
    return this.committee(committeeId);
  }

  @MessagePattern(querySubject('support', 'committee'))
  async get(payload: unknown) {
    return this.committee(routeId(payload));
  }

  @MessagePattern(querySubject('support', 'committees'))
  async list(payload: unknown) {
    const views = await listCommittees(this.runtime.infra.db, this.runtime.schema, { insee: townFilter(payload) });
    return views.map(committeeAnswer);
  }

  @MessagePattern(commandSubject('support', 'record-committee-held'))
  async held(payload: unknown) {
    const { heldOn, minutes } = await validPayload(CommitteeMeetingDto, payload, ['id']);
    return this.handle(payload, { type: 'RecordCommitteeHeld', heldOn, minutes });
  }

  @MessagePattern(commandSubject('support', 'record-committee-decision'))
  async decision(payload: unknown) {
    const { decisionId, ...decision } = await validPayload(CommitteeDecisionDto, payload, ['id']);
    return this.handle(payload, { type: 'RecordCommitteeDecision', decisionId: decisionId ?? newId(), ...decision });
  }

  @MessagePattern(commandSubject('support', 'record-committee-action'))
  async action(payload: unknown) {
    const { actionId, ...action } = await validPayload(CommitteeActionDto, payload, ['id']);
    return this.handle(payload, { type: 'RecordCommitteeAction', actionId: actionId ?? newId(), ...action });
  }

  @MessagePattern(commandSubject('support', 'complete-committee-action'))
  async completeAction(payload: unknown) {
    const { completedOn } = await validPayload(CommitteeActionCompletionDto, payload, ['id', 'actionId']);
    return this.handle(payload, { type: 'CompleteCommitteeAction', actionId: routeId(payload, 'actionId'), completedOn });
  }
}
