import type { DatasetDeclaration, Insee, PublicationTarget } from '@digit/contracts';

export type { DatasetDeclaration, MandatoryMentions, PersonalDataDeclaration, PublicationTarget, UsageRights } from '@digit/contracts';

export type DatasetSentForIntegration = {
  readonly type: 'DatasetSentForIntegration';
  readonly data: DatasetDeclaration & {
    readonly datasetId: string;
    readonly insee: Insee;
    readonly version: 1;
    readonly sentBy: string;
    readonly sentAt: string;
  };
};

export type DatasetPrivacyCleared = {
  readonly type: 'DatasetPrivacyCleared';
  readonly data: {
    readonly datasetId: string;
    readonly version: number;
    readonly processingReference: string;
    readonly clearedBy: string;
    readonly clearedAt: string;
  };
};

export type DatasetHeldByPrivacy = {
  readonly type: 'DatasetHeldByPrivacy';
  readonly data: {
    readonly datasetId: string;
    readonly version: number;
    readonly reasons: readonly string[];
    readonly heldBy: string;
    readonly heldAt: string;
  };
};

export type DatasetAudited = {
  readonly type: 'DatasetAudited';
  readonly data: {
    readonly datasetId: string;
    readonly version: number;
    readonly contentHash: string;
    /** Empty when DIGIT found nothing to correct. */
    readonly remarks: readonly string[];
    readonly auditedBy: string;
    readonly auditedAt: string;
  };
};

export type DatasetCorrected = {
  readonly type: 'DatasetCorrected';
  readonly data: DatasetDeclaration & {
    readonly datasetId: string;
    readonly version: number;
    readonly correctedBy: string;
    readonly correctedAt: string;
  };
};

export type DatasetValidatedByTown = {
  readonly type: 'DatasetValidatedByTown';
  readonly data: {
    readonly datasetId: string;
    readonly version: number;
    readonly contentHash: string;
    readonly validatedBy: string;
    readonly validatedAt: string;
  };
};

export type DatasetPreparedForPublication = {
  readonly type: 'DatasetPreparedForPublication';
  readonly data: {
    readonly datasetId: string;
    readonly version: number;
    readonly contentHash: string;
    readonly preparedBy: string;
    readonly preparedAt: string;
  };
};

export type DatasetPublishedByTown = {
  readonly type: 'DatasetPublishedByTown';
  readonly data: {
    readonly datasetId: string;
    readonly version: number;
    readonly contentHash: string;
    readonly target: PublicationTarget;
    readonly publishedBy: string;
    readonly publishedAt: string;
  };
};

export type DatasetEvent =
  | DatasetSentForIntegration
  | DatasetPrivacyCleared
  | DatasetHeldByPrivacy
  | DatasetAudited
  | DatasetCorrected
  | DatasetValidatedByTown
  | DatasetPreparedForPublication
  | DatasetPublishedByTown;

/** Event store stream of one dataset. */
export const datasetStreamId = (datasetId: string): string => `dataset-${datasetId}`;
