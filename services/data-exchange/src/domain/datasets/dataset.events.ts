import type { Insee } from '@digit/contracts';

/** Mandatory mentions of any diffusion of a town's data (R-DX-4, seed art. 4.2). */
export interface MandatoryMentions {
  readonly source: string;
  readonly copyright: string;
  readonly year: number;
}

/** The usage rights the town grants with what it sends (R-DX-4). */
export interface UsageRights {
  /** The licence, e.g. "Licence Ouverte 2.0" or "usage interne GPSO uniquement". */
  readonly licence: string;
  /** Further limits of use the town states, if any. */
  readonly conditions?: string;
}

/** Whether the data holds personal information, and under which processing of the town's DPD register (R-GDPR-2). */
export type PersonalDataDeclaration =
  { readonly contains: false } | { readonly contains: true; readonly processingReference: string };

/** What the town declares with each version it sends. */
export interface DatasetDeclaration {
  readonly title: string;
  readonly mentions: MandatoryMentions;
  readonly usageRights: UsageRights;
  /** sha256 of the content, lowercase hex, computed at the edge when the file arrives. */
  readonly contentHash: string;
  readonly personalData: PersonalDataDeclaration;
}

/** Where an Open Data publication goes (R-CON-9): the town's own sub-domain, or the GPSO domain (small-town variant). */
export type PublicationTarget = 'town_subdomain' | 'gpso_domain';

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
