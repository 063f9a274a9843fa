import { Controller, Inject } from '@nestjs/common';
import { parisNow, parisToday } from '@digit/calendar';
import {
  DEFAULT_PAGE_SIZE,
  DomainError,
  privacyMessages,
  type AgentsDueRequest,
  type RecordAgentDepartureRequest,
  type RecordGdprTrainingRequest,
  type RegisterAgentRequest,
  type TrainingAgentsRequest,
} from '@digit/contracts';
import { handleCommand, type Subscription } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import { agentsDueForTraining, TRAINING_STREAM_ID, trainingDecider, trainingStatusOf, type TrainingCommand } from './domain/index.js';
import { INFRA, READ_MODELS } from './privacy-edge.js';
import { loadAgent, loadAgentsDuePage, loadAgentsPage } from './read-model/training.read-model.js';

/** GDPR training records of DIGIT agents (R-GDPR-3): who was trained when, and who is due. */
@Controller()
export class TrainingController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: Subscription,
  ) {}

  private get schema() {
    return this.infra.schema('privacy');
  }

  @Handles(privacyMessages.registerAgent)
  async registerAgent(request: RegisterAgentRequest, context: MessageContext) {
    const { agentId, fullName, joinedOn } = request;
    return (
      (await this.decide(
        { type: 'RegisterAgent', data: { agentId, fullName, joinedOn, registeredAt: parisNow(), registeredBy: context.caller.sub } },
        context,
      )) ?? this.agent(agentId)
    );
  }

  @Handles(privacyMessages.recordGdprTraining)
  async recordGdprTraining(request: RecordGdprTrainingRequest, context: MessageContext) {
    const { agentId, trainedOn, course, provider } = request;
    const recorded: TrainingCommand = {
      type: 'RecordGdprTraining',
      data: { agentId, trainedOn, course, provider: provider ?? null, recordedAt: parisNow(), recordedBy: context.caller.sub },
    };
    return (await this.decide(recorded, context)) ?? this.agent(agentId);
  }

  @Handles(privacyMessages.recordAgentDeparture)
  async recordAgentDeparture(request: RecordAgentDepartureRequest, context: MessageContext) {
    const { agentId, leftOn } = request;
    return (
      (await this.decide(
        { type: 'RecordAgentDeparture', data: { agentId, leftOn, recordedAt: parisNow(), recordedBy: context.caller.sub } },
        context,
      )) ?? this.agent(agentId)
    );
  }

  /** A page of the agents with their trainings and standing on `asOf` (today in Paris by default). */
  @Handles(privacyMessages.trainingAgents)
  async trainingAgents(request: TrainingAgentsRequest) {
    const asOf = request.asOf ?? parisToday();
    const page = await loadAgentsPage(this.infra.db, this.schema, { limit: request.limit ?? DEFAULT_PAGE_SIZE, after: request.after });
    return { asOf, agents: page.items.map((agent) => ({ ...agent, status: trainingStatusOf(agent, asOf) })), next: page.next };
  }

  /** Agents at DIGIT on `asOf` whose training is overdue or falls due within `withinDays`, a page at a time. */
  @Handles(privacyMessages.agentsDueForTraining)
  async agentsDueForTraining(request: AgentsDueRequest) {
    const asOf = request.asOf ?? parisToday();
    const withinDays = request.withinDays ?? 0;
    const page = await loadAgentsDuePage(this.infra.db, this.schema, {
      asOf,
      withinDays,
      limit: request.limit ?? DEFAULT_PAGE_SIZE,
      after: request.after,
    });
    const agents = agentsDueForTraining({ agents: new Map(page.items.map((agent) => [agent.agentId, agent])) }, asOf, { withinDays });
    return { asOf, withinDays, agents, next: page.next };
  }

  private async decide(command: TrainingCommand, context: MessageContext): Promise<DomainError | undefined> {
    const outcome = await handleCommand(this.infra.store, trainingDecider, TRAINING_STREAM_ID, command, context.metadata);
    if (!outcome.ok) return outcome.error;
    await this.readModels.caughtUp(outcome.events.at(-1)?.position);
    return undefined;
  }

  private async agent(agentId: string) {
    const agent = await loadAgent(this.infra.db, this.schema, agentId);
    if (!agent) return new DomainError('not_found', 'agent_not_found', `Aucun agent « ${agentId} » n'est enregistré à la DIGIT.`);
    return { ...agent, status: trainingStatusOf(agent, parisToday()) };
  }
}
