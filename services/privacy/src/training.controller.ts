import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AgentDepartureDto, commandSubject, querySubject, RecordGdprTrainingDto, RegisterAgentDto } from '@digit/contracts';
import { handleCommand, type Subscription } from '@digit/event-store';
import { QueryFailure } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import { agentsDueForTraining, isPlainDate, TRAINING_STREAM_ID, trainingDecider, trainingStatusOf, type TrainingCommand } from './domain/index.js';
import { actorOf, INFRA, invalidRequest, parisNow, parisToday, READ_MODELS, validBody } from './privacy-edge.js';
import { loadTrainingState } from './read-model/training.read-model.js';

const ROUTING = ['agentId', 'actor'];

const asOfOf = (asOf: unknown): string => {
  if (asOf === undefined) return parisToday();
  if (!isPlainDate(asOf)) throw invalidRequest('asOf doit être une date réelle au format AAAA-MM-JJ.', [{ path: 'asOf', message: 'date attendue au format AAAA-MM-JJ' }]);
  return asOf;
};

/** GDPR training records of DIGIT agents (R-GDPR-3): who was trained when, and who is due. */
@Controller()
export class TrainingController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: Subscription,
  ) {}

  @MessagePattern(commandSubject('privacy', 'register-agent'))
  async registerAgent(payload: unknown) {
    const body = await validBody(RegisterAgentDto, payload, ['actor']);
    const registeredBy = actorOf(body.by, payload);
    const { by: _by, ...agent } = body;
    await this.decide({ type: 'RegisterAgent', data: { ...agent, registeredAt: parisNow(), registeredBy } }, registeredBy);
    return this.agent(body.agentId);
  }

  @MessagePattern(commandSubject('privacy', 'record-gdpr-training'))
  async recordTraining(payload: { agentId?: string }) {
    const body = await validBody(RecordGdprTrainingDto, payload, ROUTING);
    const recordedBy = actorOf(body.by, payload);
    const agentId = String(payload.agentId ?? '');
    await this.decide(
      { type: 'RecordGdprTraining', data: { agentId, trainedOn: body.trainedOn, course: body.course, provider: body.provider ?? null, recordedAt: parisNow(), recordedBy } },
      recordedBy,
    );
    return this.agent(agentId);
  }

  @MessagePattern(commandSubject('privacy', 'record-agent-departure'))
  async recordDeparture(payload: { agentId?: string }) {
    const body = await validBody(AgentDepartureDto, payload, ROUTING);
    const recordedBy = actorOf(body.by, payload);
    const agentId = String(payload.agentId ?? '');
    await this.decide({ type: 'RecordAgentDeparture', data: { agentId, leftOn: body.leftOn, recordedAt: parisNow(), recordedBy } }, recordedBy);
    return this.agent(agentId);
  }

  /** Every agent with their trainings and standing on `asOf` (today in Paris by default). */
  @MessagePattern(querySubject('privacy', 'training-agents'))
  async agents(payload: { asOf?: string }) {
    const asOf = asOfOf(payload?.asOf);
    const state = await loadTrainingState(this.infra.db, this.infra.schema('privacy'));
    return {
      asOf,
      agents: [...state.agents.values()].map((agent) => ({ ...agent, status: trainingStatusOf(agent, asOf) })),
    };
  }

  /** Agents at DIGIT on `asOf` whose training is overdue or falls due within `withinDays`. */
  @MessagePattern(querySubject('privacy', 'agents-due-for-training'))
  async due(payload: { asOf?: string; withinDays?: number }) {
    const asOf = asOfOf(payload?.asOf);
    const withinDays = payload?.withinDays ?? 0;
    if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 3660) {
      throw invalidRequest('withinDays doit être un nombre entier de jours entre 0 et 3660.', [{ path: 'withinDays', message: 'entier entre 0 et 3660 attendu' }]);
    }
    const state = await loadTrainingState(this.infra.db, this.infra.schema('privacy'));
    return { asOf, withinDays, agents: agentsDueForTraining(state, asOf, { withinDays }) };
  }

  private async decide(command: TrainingCommand, actor: string): Promise<void> {
    const outcome = await handleCommand(this.infra.store, trainingDecider, TRAINING_STREAM_ID, command, { actor });
    if (!outcome.ok) throw QueryFailure.fromDomainError(outcome.error);
    await this.readModels.caughtUp(outcome.events.at(-1)?.position);
  }

  private async agent(agentId: string) {
    const agent = (await loadTrainingState(this.infra.db, this.infra.schema('privacy'))).agents.get(agentId);
    if (!agent) throw new QueryFailure(404, { error: 'agent_not_found', message: `Aucun agent « ${agentId} » n'est enregistré à la DIGIT.`, details: [] });
    return { ...agent, status: trainingStatusOf(agent, parisToday()) };
  }
}
