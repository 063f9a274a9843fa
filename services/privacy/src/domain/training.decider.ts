import { DomainError, type Decider, type Decision, type ErrorDetail } from '@digit/contracts';
import { formatDateFr, parisDateOf } from '@digit/calendar';
import { instantProblem } from './instant-problem.js';
import type { TrainingCommand, TrainingEvent } from './training.events.js';

export interface GdprTraining {
  readonly trainedOn: string;
  readonly course: string;
  readonly provider: string | null;
}

export interface TrainedAgent {
  readonly agentId: string;
  readonly fullName: string;
  readonly joinedOn: string;
  readonly leftOn: string | null;
  /** Oldest first. */
  readonly trainings: readonly GdprTraining[];
}

export interface TrainingState {
  readonly agents: ReadonlyMap<string, TrainedAgent>;
}

export const initialTrainingState: TrainingState = { agents: new Map() };

const invalid = (details: readonly ErrorDetail[]): DomainError =>
  new DomainError('invalid', 'invalid_training_command', 'La commande sur les formations RGPD contient des erreurs.', details);

const textProblem = (value: string | null | undefined, path: string, message: string): ErrorDetail[] =>
  value?.trim() ? [] : [{ path, message }];

/**
 * When and by whom, which the edge fills in. The agent id's alphabet and the dates' format are
 * the request's (RegisterAgentRequest…, libs/contracts): checked once, at the service's edge.
 */
const commonProblems = (command: TrainingCommand): ErrorDetail[] => {
  const at = command.type === 'RegisterAgent' ? command.data.registeredAt : command.data.recordedAt;
  const by = command.type === 'RegisterAgent' ? command.data.registeredBy : command.data.recordedBy;
  const [atPath, byPath] = command.type === 'RegisterAgent' ? ['registeredAt', 'registeredBy'] : ['recordedAt', 'recordedBy'];
  return [...instantProblem(at, atPath), ...textProblem(by, byPath, 'indiquez qui enregistre')];
};

const unknownAgent = (agentId: string): DomainError =>
  new DomainError('not_found', 'agent_unknown', `Aucun agent « ${agentId} » n'est enregistré à la DIGIT.`, [
    { path: 'agentId', message: "enregistrez d'abord l'agent" },
  ]);

const decide = (command: TrainingCommand, state: TrainingState): Decision<TrainingEvent> => {
  const common = commonProblems(command);
  if (common.length > 0) return invalid(common);
  const agent = state.agents.get(command.data.agentId);

  switch (command.type) {
    case 'RegisterAgent': {
      const problems = textProblem(command.data.fullName, 'fullName', "indiquez le nom de l'agent");
      if (problems.length > 0) return invalid(problems);
      if (agent) {
        if (agent.fullName === command.data.fullName.trim() && agent.joinedOn === command.data.joinedOn) return [];
        return new DomainError('conflict', 'agent_already_registered', `L'agent « ${agent.agentId} » est déjà enregistré.`, [
          { path: 'agentId', message: 'identifiant déjà utilisé' },
        ]);
      }
      return [{ type: 'AgentRegistered', data: { ...command.data, fullName: command.data.fullName.trim() } }];
    }
    case 'RecordGdprTraining': {
      const problems = textProblem(command.data.course, 'course', 'indiquez la formation suivie');
      if (problems.length > 0) return invalid(problems);
      if (!agent) return unknownAgent(command.data.agentId);
      if (agent.leftOn) {
        return new DomainError(
          'conflict',
          'agent_left',
          `L'agent « ${agent.agentId} » a quitté la DIGIT le ${formatDateFr(agent.leftOn)}.`,
        );
      }
      if (command.data.trainedOn > parisDateOf(command.data.recordedAt)) {
        return new DomainError('conflict', 'training_in_future', "Une formation s'enregistre une fois suivie, pas avant.", [
          { path: 'trainedOn', message: "date postérieure au jour de l'enregistrement" },
        ]);
      }
      const course = command.data.course.trim();
      const known = agent.trainings.some((training) => training.trainedOn === command.data.trainedOn && training.course === course);
      if (known) return [];
      return [{ type: 'GdprTrainingRecorded', data: { ...command.data, course, provider: command.data.provider?.trim() || null } }];
    }
    case 'RecordAgentDeparture': {
      if (!agent) return unknownAgent(command.data.agentId);
      if (agent.leftOn) return [];
      if (command.data.leftOn < agent.joinedOn) {
        return invalid([{ path: 'leftOn', message: `date antérieure à l'arrivée de l'agent (${formatDateFr(agent.joinedOn)})` }]);
      }
      return [{ type: 'AgentLeftDigit', data: command.data }];
    }
    default: {
      const unexpected: never = command;
      throw new Error(`unknown training command ${JSON.stringify(unexpected)}`);
    }
  }
};

const withAgent = (state: TrainingState, agent: TrainedAgent): TrainingState => {
  const agents = new Map(state.agents);
  agents.set(agent.agentId, agent);
  return { agents };
};

const evolve = (state: TrainingState, event: TrainingEvent): TrainingState => {
  const agent = state.agents.get(event.data.agentId);
  switch (event.type) {
    case 'AgentRegistered':
      return withAgent(state, {
        agentId: event.data.agentId,
        fullName: event.data.fullName,
        joinedOn: event.data.joinedOn,
        leftOn: null,
        trainings: [],
      });
    case 'GdprTrainingRecorded': {
      if (!agent) return state;
      const training = { trainedOn: event.data.trainedOn, course: event.data.course, provider: event.data.provider };
      const trainings = [...agent.trainings, training].sort((left, right) => left.trainedOn.localeCompare(right.trainedOn));
      return withAgent(state, { ...agent, trainings });
    }
    case 'AgentLeftDigit':
      return agent ? withAgent(state, { ...agent, leftOn: event.data.leftOn }) : state;
    default: {
      const unexpected: never = event;
      throw new Error(`unknown training event ${JSON.stringify(unexpected)}`);
    }
  }
};

/** GDPR training records of DIGIT agents (R-GDPR-3), stream `digit-gdpr-training`. */
export const trainingDecider: Decider<TrainingCommand, TrainingEvent, TrainingState> = {
  initialState: initialTrainingState,
  decide,
  evolve,
};
