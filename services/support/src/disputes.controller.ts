import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CommitteeActionCompletionDto,
  CommitteeActionDto,
  commandSubject,
  DisputeAnalysisDto,
  DisputeCourtReferralDto,
  DisputeDecisionDto,
  DisputeOpeningDto,
  DisputeProposalDto,
  DisputeSettlementDto,
  querySubject,
} from '@digit/contracts';
import { disputeDecider, disputeStreamId, type DisputeCommand } from './domain/index.js';
import { disputeAnswer } from './read-model/dispute-view.js';
import { DISPUTES, listDisputes } from './read-model/disputes.read-model.js';
import { loadView } from './read-model/view-table.js';
import { actorOf, execute, newId, notFound, routeId, SUPPORT_RUNTIME, townFilter, validPayload, type SupportRuntime } from './support-edge.js';

/**
 * Disputes over the convention on NATS (R-CON-10, article 8): the follow-up committee's matter,
 * from either party's difficulty to its amicable settlement or the administrative court.
 */
@Controller()
export class DisputesController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private async dispute(id: string) {
    const view = await loadView(this.runtime.infra.db, this.runtime.schema, DISPUTES, id);
    if (!view) throw notFound('dispute_not_found', `Aucun différend n'a l'identifiant ${id}.`);
    return disputeAnswer(view);
  }

  private async handle(payload: unknown, command: DisputeCommand) {
    const id = routeId(payload);
    await execute(this.runtime, disputeDecider, disputeStreamId(id), command, actorOf(payload));
    return this.dispute(id);
  }

  @MessagePattern(commandSubject('support', 'open-dispute'))
  async open(payload: unknown) {
    const body = await validPayload(DisputeOpeningDto, payload);
    const disputeId = newId();
    await execute(this.runtime, disputeDecider, disputeStreamId(disputeId), { type: 'OpenDispute', disputeId, ...body }, actorOf(payload));
    return this.dispute(disputeId);
  }

  @MessagePattern(querySubject('support', 'dispute'))
  async get(payload: unknown) {
    return this.dispute(routeId(payload));
  }

  @MessagePattern(querySubject('support', 'disputes'))
  async list(payload: unknown) {
    const views = await listDisputes(this.runtime.infra.db, this.runtime.schema, { insee: townFilter(payload) });
    return views.map(disputeAnswer);
  }

  @MessagePattern(commandSubject('support', 'record-dispute-analysis'))
  async analysis(payload: unknown) {
    const body = await validPayload(DisputeAnalysisDto, payload, ['id']);
    return this.handle(payload, { type: 'RecordDisputeAnalysis', ...body });
  }

  @MessagePattern(commandSubject('support', 'propose-dispute-solution'))
  async proposal(payload: unknown) {
    const { proposalId, ...body } = await validPayload(DisputeProposalDto, payload, ['id']);
    return this.handle(payload, { type: 'ProposeDisputeSolution', proposalId: proposalId ?? newId(), ...body });
  }

  @MessagePattern(commandSubject('support', 'record-dispute-decision'))
  async decision(payload: unknown) {
    const body = await validPayload(DisputeDecisionDto, payload, ['id']);
    return this.handle(payload, { type: 'RecordDisputeDecision', ...body });
  }

  @MessagePattern(commandSubject('support', 'record-dispute-action'))
  async action(payload: unknown) {
    const { actionId, ...action } = await validPayload(CommitteeActionDto, payload, ['id']);
    return this.handle(payload, { type: 'RecordDisputeAction', actionId: actionId ?? newId(), ...action });
  }

  @MessagePattern(commandSubject('support', 'complete-dispute-action'))
  async completeAction(payload: unknown) {
    const { completedOn } = await validPayload(CommitteeActionCompletionDto, payload, ['id', 'actionId']);
    return this.handle(payload, { type: 'CompleteDisputeAction', actionId: routeId(payload, 'actionId'), completedOn });
  }

  @MessagePattern(commandSubject('support', 'settle-dispute'))
  async settle(payload: unknown) {
    const body = await validPayload(DisputeSettlementDto, payload, ['id']);
    return this.handle(payload, { type: 'SettleDispute', ...body });
  }

  @MessagePattern(commandSubject('support', 'refer-dispute-to-court'))
  async referToCourt(payload: unknown) {
    const body = await validPayload(DisputeCourtReferralDto, payload, ['id']);
    return this.handle(payload, { type: 'ReferDisputeToCourt', ...body });
  }
}
