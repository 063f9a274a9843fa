import { Controller, Inject } from '@nestjs/common';
import {
  DomainError,
  isDomainError,
  supportMessages,
  type CompleteActionRequest,
  type DisputeView,
  type OpenDisputeRequest,
  type ProposeDisputeSolutionRequest,
  type RecordActionRequest,
  type RecordDisputeAnalysisRequest,
  type RecordDisputeDecisionRequest,
  type ReferDisputeToCourtRequest,
  type SettleDisputeRequest,
  type SupportIdRequest,
  type SupportListRequest,
} from '@digit/contracts';
import { Handles, type MessageContext } from '@digit/messaging';
import { disputeDecider, disputeStreamId, type DisputeCommand } from './domain/index.js';
import { disputeAnswer } from './read-model/dispute-view.js';
import { DISPUTES, loadDisputesPage } from './read-model/disputes.read-model.js';
import { loadView } from './read-model/view-table.js';
import { execute, newId, pageWindow, SUPPORT_RUNTIME, townFilter, type SupportRuntime } from './support-edge.js';

/**
 * Disputes over the convention on NATS (R-CON-10, article 8): the follow-up committee's matter,
 * from either party's difficulty to its amicable settlement or the administrative court.
 */
@Controller()
export class DisputesController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private async dispute(id: string): Promise<DisputeView | DomainError> {
    const record = await loadView(this.runtime.infra.db, this.runtime.schema, DISPUTES, id);
    return record ? disputeAnswer(record) : new DomainError('not_found', 'dispute_not_found', `Aucun différend n'a l'identifiant ${id}.`);
  }

  private async handle(id: string, command: DisputeCommand, context: MessageContext) {
    const decided = await execute(this.runtime, disputeDecider, disputeStreamId(id), command, context.metadata);
    return isDomainError(decided) ? decided : this.dispute(id);
  }

  @Handles(supportMessages.openDispute)
  async open(request: OpenDisputeRequest, context: MessageContext) {
    const disputeId = newId();
    return this.handle(disputeId, { type: 'OpenDispute', disputeId, ...request }, context);
  }

  @Handles(supportMessages.dispute)
  async get(request: SupportIdRequest, context: MessageContext) {
    const dispute = await this.dispute(request.id);
    return isDomainError(dispute) ? dispute : (context.refuseOtherTown(dispute.insee) ?? dispute);
  }

  @Handles(supportMessages.disputes)
  async list(request: SupportListRequest) {
    const insee = townFilter(request.insee);
    if (isDomainError(insee)) return insee;
    return loadDisputesPage(this.runtime.infra.db, this.runtime.schema, { insee }, pageWindow(request));
  }

  @Handles(supportMessages.recordDisputeAnalysis)
  async analysis(request: RecordDisputeAnalysisRequest, context: MessageContext) {
    const { id, ...analysis } = request;
    return this.handle(id, { type: 'RecordDisputeAnalysis', ...analysis }, context);
  }

  @Handles(supportMessages.proposeDisputeSolution)
  async proposal(request: ProposeDisputeSolutionRequest, context: MessageContext) {
    const { id, proposalId, ...proposal } = request;
    return this.handle(id, { type: 'ProposeDisputeSolution', proposalId: proposalId ?? newId(), ...proposal }, context);
  }

  @Handles(supportMessages.recordDisputeDecision)
  async decision(request: RecordDisputeDecisionRequest, context: MessageContext) {
    const { id, ...decision } = request;
    return this.handle(id, { type: 'RecordDisputeDecision', ...decision }, context);
  }

  @Handles(supportMessages.recordDisputeAction)
  async action(request: RecordActionRequest, context: MessageContext) {
    const { id, actionId, ...action } = request;
    return this.handle(id, { type: 'RecordDisputeAction', actionId: actionId ?? newId(), ...action }, context);
  }

  @Handles(supportMessages.completeDisputeAction)
  async completeAction(request: CompleteActionRequest, context: MessageContext) {
    return this.handle(
      request.id,
      { type: 'CompleteDisputeAction', actionId: request.actionId, completedOn: request.completedOn },
      context,
    );
  }

  @Handles(supportMessages.settleDispute)
  async settle(request: SettleDisputeRequest, context: MessageContext) {
    const { id, ...settlement } = request;
    return this.handle(id, { type: 'SettleDispute', ...settlement }, context);
  }

  @Handles(supportMessages.referDisputeToCourt)
  async referToCourt(request: ReferDisputeToCourtRequest, context: MessageContext) {
    const { id, ...referral } = request;
    return this.handle(id, { type: 'ReferDisputeToCourt', ...referral }, context);
  }
}
