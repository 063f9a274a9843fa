import type { DomainEvent } from '@digit/contracts';

/** DIGIT's GDPR training records (R-GDPR-3): one stream for the directorate's agents. */
export const TRAINING_STREAM_ID = 'digit-gdpr-training';

/**
 * Event fields holding an agent's personal data, to seal with `@digit/personal-data`
 * (subject id = agentId), so that erasing an agent's key erases the name from history.
 */
export const TRAINING_PERSONAL_DATA_PATHS: Readonly<Record<TrainingEvent['type'], readonly string[]>> = {
  AgentRegistered: ['fullName'],
  GdprTrainingRecorded: [],
  AgentLeftDigit: [],
};

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
