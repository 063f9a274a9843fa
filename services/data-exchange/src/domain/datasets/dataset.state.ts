import type { Insee } from '@digit/contracts';
import type { DatasetDeclaration, DatasetEvent, PublicationTarget } from './dataset.events.js';

/** Review rounds (R-DX-5): sent → audited → corrected → audited → … → validated by the town. */
export type ReviewStatus = 'sent' | 'audited' | 'corrected' | 'validated';

/** The GDPR gate of the current version (R-GDPR-2). */
export type PrivacyStatus = 'not_applicable' | 'awaiting_privacy_check' | 'held_by_privacy' | 'cleared';

export interface DatasetVersionRecord {
  readonly version: number;
  readonly contentHash: string;
  readonly receivedAt: string;
}

export interface ActiveDataset {
  readonly exists: true;
  readonly datasetId: string;
  readonly insee: Insee;
  readonly version: number;
  readonly declaration: DatasetDeclaration;
  /** Every version received, oldest first: shows which hash DIGIT was given when. */
  readonly versions: readonly DatasetVersionRecord[];
  readonly review: ReviewStatus;
  readonly privacy: { readonly status: PrivacyStatus; readonly reasons: readonly string[] };
  readonly lastAudit?: { readonly version: number; readonly remarks: readonly string[]; readonly at: string };
  readonly validatedAt?: string;
  readonly preparedForPublication?: { readonly version: number; readonly by: string; readonly at: string };
  readonly lastPublication?: {
    readonly version: number;
    readonly target: PublicationTarget;
    readonly by: string;
    readonly at: string;
  };
  /** Instant of the latest step: a later command may not claim an earlier time. */
  readonly lastStepAt: string;
}

export type DatasetState = { readonly exists: false } | ActiveDataset;

export const initialDatasetState: DatasetState = { exists: false };

const privacyFor = (declaration: DatasetDeclaration): ActiveDataset['privacy'] => ({
  status: declaration.personalData.contains ? 'awaiting_privacy_check' : 'not_applicable',
  reasons: [],
});

const declarationOf = (data: DatasetDeclaration): DatasetDeclaration => ({
  title: data.title,
  mentions: data.mentions,
  usageRights: data.usageRights,
  contentHash: data.contentHash,
  personalData: data.personalData,
});

export const evolveDataset = (state: DatasetState, event: DatasetEvent): DatasetState => {
  if (event.type === 'DatasetSentForIntegration') {
    const { data } = event;
    const declaration = declarationOf(data);
    return {
      exists: true,
      datasetId: data.datasetId,
      insee: data.insee,
      version: 1,
      declaration,
      versions: [{ version: 1, contentHash: data.contentHash, receivedAt: data.sentAt }],
      review: 'sent',
      privacy: privacyFor(declaration),
      lastStepAt: data.sentAt,
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'DatasetPrivacyCleared':
      return { ...state, privacy: { status: 'cleared', reasons: [] }, lastStepAt: event.data.clearedAt };
    case 'DatasetHeldByPrivacy':
      return {
        ...state,
        privacy: { status: 'held_by_privacy', reasons: event.data.reasons },
        lastStepAt: event.data.heldAt,
      };
    case 'DatasetAudited':
      return {
        ...state,
        review: 'audited',
        lastAudit: { version: event.data.version, remarks: event.data.remarks, at: event.data.auditedAt },
        lastStepAt: event.data.auditedAt,
      };
    case 'DatasetCorrected': {
      const { data } = event;
      const declaration = declarationOf(data);
      const { preparedForPublication: _outdated, validatedAt: _previous, ...rest } = state;
      return {
        ...rest,
        version: data.version,
        declaration,
        versions: [
          ...state.versions,
          { version: data.version, contentHash: data.contentHash, receivedAt: data.correctedAt },
        ],
        review: 'corrected',
        privacy: privacyFor(declaration),
        lastStepAt: data.correctedAt,
      };
    }
    case 'DatasetValidatedByTown':
      return {
        ...state,
        review: 'validated',
        validatedAt: event.data.validatedAt,
        lastStepAt: event.data.validatedAt,
      };
    case 'DatasetPreparedForPublication':
      return {
        ...state,
        preparedForPublication: {
          version: event.data.version,
          by: event.data.preparedBy,
          at: event.data.preparedAt,
        },
        lastStepAt: event.data.preparedAt,
      };
    case 'DatasetPublishedByTown':
      return {
        ...state,
        lastPublication: {
          version: event.data.version,
          target: event.data.target,
          by: event.data.publishedBy,
          at: event.data.publishedAt,
        },
        lastStepAt: event.data.publishedAt,
      };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};
