import { createHash } from 'node:crypto';
import { foldEvents, isDomainError, type Insee } from '@digit/contracts';
import type { DatasetActor } from '../actor.js';
import type { DatasetCommand, SendDatasetForIntegration } from '../dataset.commands.js';
import { datasetDecider } from '../dataset.decider.js';
import type {
  DatasetAudited,
  DatasetCorrected,
  DatasetEvent,
  DatasetSentForIntegration,
  DatasetValidatedByTown,
} from '../dataset.events.js';
import type { DatasetState } from '../dataset.state.js';

/** Who acts in these tests: one of a town's agents, a DIGIT agent, the privacy service. */
export const townActor = (insee: Insee): DatasetActor => ({ kind: 'town', insee, by: `agent-${insee}` });
export const DIGIT_AGENT: DatasetActor = { kind: 'digit', by: 'jdupont' };
export { PRIVACY_SERVICE } from '../actor.js';

/** A dataset's history for the decider tests: Boulogne sends street trees, DIGIT audits, and so on. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
export const V1 = sha256('arbres.csv version 1');
export const V2 = sha256('arbres.csv version 2');

export const sendCommand: SendDatasetForIntegration = {
  type: 'SendDatasetForIntegration',
  datasetId: 'ds-1',
  insee: '92012',
  title: '  Arbres d’alignement  ',
  mentions: {
    source: 'Ville de Boulogne-Billancourt',
    copyright: '© Ville de Boulogne-Billancourt',
    year: 2023,
  },
  usageRights: { licence: 'Licence Ouverte 2.0' },
  contentHash: V1.toUpperCase(),
  personalData: { contains: false },
  actor: townActor('92012'),
  at: '2023-12-07T10:00:00+01:00',
};

const { type: _send, datasetId: _id, insee: _insee, actor: _actor, at: _at, ...declaration } = sendCommand;

export const sent: DatasetSentForIntegration = {
  type: 'DatasetSentForIntegration',
  data: {
    datasetId: 'ds-1',
    insee: '92012',
    version: 1,
    ...declaration,
    title: 'Arbres d’alignement',
    contentHash: V1,
    sentBy: 'agent-92012',
    sentAt: '2023-12-07T10:00:00+01:00',
  },
};

export const audited = (version: number, hash: string, remarks: string[], at: string): DatasetAudited => ({
  type: 'DatasetAudited',
  data: { datasetId: 'ds-1', version, contentHash: hash, remarks, auditedBy: 'jdupont', auditedAt: at },
});

export const corrected: DatasetCorrected = {
  type: 'DatasetCorrected',
  data: {
    datasetId: 'ds-1',
    version: 2,
    ...declaration,
    title: 'Arbres d’alignement',
    contentHash: V2,
    correctedBy: 'agent-92012',
    correctedAt: '2023-12-12T09:00:00+01:00',
  },
};

export const validated = (version: number, hash: string): DatasetValidatedByTown => ({
  type: 'DatasetValidatedByTown',
  data: {
    datasetId: 'ds-1',
    version,
    contentHash: hash,
    validatedBy: 'agent-92012',
    validatedAt: '2023-12-15T11:00:00+01:00',
  },
});

/** Sent, then audited with one remark. */
export const round1: DatasetEvent[] = [sent, audited(1, V1, ['colonne essence vide sur 12 lignes'], '2023-12-08T15:00:00+01:00')];
/** Sent, audited without remark, validated by the town. */
export const validatedV1: DatasetEvent[] = [sent, audited(1, V1, [], '2023-12-08T15:00:00+01:00'), validated(1, V1)];

/** The state after `history` then `command`, failing the test if the command is refused. */
export const stateAfter = (history: readonly DatasetEvent[], command: DatasetCommand): DatasetState => {
  const state = foldEvents(datasetDecider, history);
  const decision = datasetDecider.decide(command, state);
  if (isDomainError(decision)) throw new Error(`refused: ${decision.code} ${decision.message}`);
  return foldEvents(datasetDecider, decision, state);
};
