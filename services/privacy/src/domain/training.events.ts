import type { DomainEvent } from '@digit/contracts';

/** DIGIT's GDPR training records (R-GDPR-3): one stream for the directorate's agents. */
export const TRAINING_STREAM_ID = 'digit-gdpr-training';

/**
 * `fullName` is personal data: sealed in the store with the agent's key (subject id = agentId),
 * as declared in @digit/personal-data's PERSONAL_DATA_FIELDS, so erasing the agent erases it.
 */
export type AgentRegistered = DomainEvent<
  'AgentRegistered',
  {
    readonly agentId: string;
    readonly fullName: string;
    readonly joinedOn: string;
    readonly registeredAt: string;
    readonly registeredBy: string;
  }
>;

export type GdprTrainingRecorded = DomainEvent<
  'GdprTrainingRecorded',
  {
    readonly agentId: string;
    readonly trainedOn: string;
    readonly course: string;
    readonly provider: string | null;
    readonly recordedAt: string;
    readonly recordedBy: string;
  }
>;

export type AgentLeftDigit = DomainEvent<
  'AgentLeftDigit',
  {
    readonly agentId: string;
    readonly leftOn: string;
    readonly recordedAt: string;
    readonly recordedBy: string;
  }
>;

export type TrainingEvent = AgentRegistered | GdprTrainingRecorded | AgentLeftDigit;

export type RegisterAgent = DomainEvent<'RegisterAgent', AgentRegistered['data']>;
export type RecordGdprTraining = DomainEvent<'RecordGdprTraining', GdprTrainingRecorded['data']>;
export type RecordAgentDeparture = DomainEvent<'RecordAgentDeparture', AgentLeftDigit['data']>;

export type TrainingCommand = RegisterAgent | RecordGdprTraining | RecordAgentDeparture;
