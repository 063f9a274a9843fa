import type { DatasetDeclaration, DatasetView } from '@digit/contracts';
import type { DatasetEvent } from './dataset.events.js';

export type { DatasetVersionRecord, PrivacyStatus, ReviewStatus } from '@digit/contracts';

/** A dataset once sent: its public shape (libs/contracts `DatasetView`). */
export type ActiveDataset = DatasetView;

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
        versions: [...state.versions, { version: data.version, contentHash: data.contentHash, receivedAt: data.correctedAt }],
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
