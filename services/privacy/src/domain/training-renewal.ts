import { Temporal } from 'temporal-polyfill';
import { isCalendarDate } from '@digit/calendar';
import type { AgentTrainingStatusView, TrainingStanding } from '@digit/contracts';
import type { TrainedAgent, TrainingState } from './training.decider.js';

export interface CalendarPeriod {
  readonly years?: number;
  readonly months?: number;
}

/**
 * When GDPR training must be renewed. Neither the seed nor the RGPD fixes a period; DIGIT's
 * default is every 2 years, and within 3 months of joining for a newcomer. Adding a period to
 * 29 February lands on 28 February.
 */
export interface TrainingRenewalPolicy {
  readonly renewalPeriod: CalendarPeriod;
  readonly firstTrainingWithin: CalendarPeriod;
}

export const DEFAULT_TRAINING_RENEWAL_POLICY: TrainingRenewalPolicy = {
  renewalPeriod: { years: 2 },
  firstTrainingWithin: { months: 3 },
};

export type { TrainingStanding };
/** An agent's standing, as the public answers show it (libs/contracts). */
export type AgentTrainingStatus = AgentTrainingStatusView;

const assertPeriod = (period: CalendarPeriod, name: string): void => {
  const { years = 0, months = 0 } = period;
  if (!Number.isInteger(years) || !Number.isInteger(months) || years < 0 || months < 0 || years + months === 0) {
    throw new RangeError(`${name} must be a positive whole number of years and/or months`);
  }
};

/** The last day an agent's current training is valid, or by which a newcomer must be trained. */
export const trainingDueOn = (agent: TrainedAgent, policy: TrainingRenewalPolicy = DEFAULT_TRAINING_RENEWAL_POLICY): string => {
  assertPeriod(policy.renewalPeriod, 'renewalPeriod');
  assertPeriod(policy.firstTrainingWithin, 'firstTrainingWithin');
  const lastTrainedOn = agent.trainings.at(-1)?.trainedOn;
  return (
    lastTrainedOn
      ? Temporal.PlainDate.from(lastTrainedOn).add(policy.renewalPeriod)
      : Temporal.PlainDate.from(agent.joinedOn).add(policy.firstTrainingWithin)
  ).toString();
};

/** An agent's standing on `asOf`: due when dueOn falls within `withinDays` from then, overdue after. */
export const trainingStatusOf = (
  agent: TrainedAgent,
  asOf: string,
  policy: TrainingRenewalPolicy = DEFAULT_TRAINING_RENEWAL_POLICY,
  withinDays = 0,
): AgentTrainingStatus => {
  if (!isCalendarDate(asOf)) throw new RangeError(`asOf must be YYYY-MM-DD, got ${asOf}`);
  const lastTrainedOn = agent.trainings.at(-1)?.trainedOn ?? null;
  const dueOn = Temporal.PlainDate.from(trainingDueOn(agent, policy));
  const today = Temporal.PlainDate.from(asOf);
  const standing: TrainingStanding =
    Temporal.PlainDate.compare(dueOn, today) < 0
      ? 'overdue'
      : Temporal.PlainDate.compare(dueOn, today.add({ days: withinDays })) <= 0
        ? 'due'
        : 'up-to-date';
  return { agentId: agent.agentId, fullName: agent.fullName, lastTrainedOn, dueOn: dueOn.toString(), standing };
};

/**
 * R-GDPR-3: the agents still at DIGIT on `asOf` whose GDPR training is overdue or falls due
 * within `withinDays`, the most urgent first. The read model selects the same agents by key
 * (its `due_on` column holds trainingDueOn under the default policy) a page at a time.
 */
export const agentsDueForTraining = (
  state: TrainingState,
  asOf: string,
  { policy = DEFAULT_TRAINING_RENEWAL_POLICY, withinDays = 0 }: { policy?: TrainingRenewalPolicy; withinDays?: number } = {},
): AgentTrainingStatus[] =>
  [...state.agents.values()]
    .filter((agent) => agent.joinedOn <= asOf && (agent.leftOn === null || agent.leftOn > asOf))
    .map((agent) => trainingStatusOf(agent, asOf, policy, withinDays))
    .filter((status) => status.standing !== 'up-to-date')
    .sort((left, right) => left.dueOn.localeCompare(right.dueOn) || left.agentId.localeCompare(right.agentId));
