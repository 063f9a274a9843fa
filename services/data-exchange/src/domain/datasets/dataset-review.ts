import type { Decision } from '@digit/contracts';
import type { Temporal } from 'temporal-polyfill';
import type { DatasetActor } from './actor.js';
import type { AuditDataset, CorrectDataset, SendDatasetForIntegration, ValidateDataset } from './dataset.commands.js';
import { checkDatasetDeclaration, normaliseDeclaration } from './dataset-declaration.js';
import type { DatasetEvent } from './dataset.events.js';
import { hashRefusal, otherTownRefusal, refuse } from './dataset-guards.js';
import type { ActiveDataset, DatasetState } from './dataset.state.js';

/** Review rounds (R-DX-5): the town sends, DIGIT audits, the town corrects, the town validates. */

export const decideSend = (
  command: SendDatasetForIntegration,
  state: DatasetState,
  actor: DatasetActor,
  at: Temporal.Instant,
): Decision<DatasetEvent> => {
  if (state.exists) {
    return refuse('conflict', 'dataset_already_sent', `le jeu de données ${command.datasetId} a déjà été envoyé ; envoyez une correction`);
  }
  if (actor.kind !== 'town') {
    return refuse('forbidden', 'dataset_actor_not_allowed', 'seule une ville envoie ses données pour intégration');
  }
  const otherTown = otherTownRefusal(actor, command.insee);
  if (otherTown) return otherTown;
  const details = checkDatasetDeclaration(command, at);
  if (details.length > 0) {
    return refuse('invalid', 'dataset_invalid', 'le jeu de données ne peut pas être reçu : corrigez les points indiqués', details);
  }
  return [
    {
      type: 'DatasetSentForIntegration',
      data: {
        datasetId: command.datasetId,
        insee: command.insee,
        version: 1,
        ...normaliseDeclaration(command),
        sentBy: command.actor.by,
        sentAt: command.at,
      },
    },
  ];
};

export const decideAudit = (command: AuditDataset, state: ActiveDataset, actor: DatasetActor): Decision<DatasetEvent> => {
  if (actor.kind !== 'digit') {
    return refuse('forbidden', 'dataset_actor_not_allowed', 'seule la DIGIT audite les données reçues');
  }
  const mismatch = hashRefusal(state, command.contentHash);
  if (mismatch) return mismatch;
  const { privacy, declaration } = state;
  // R-GDPR-2: personal data is processed only once the processing is found in the town's register.
  if (privacy.status === 'awaiting_privacy_check' || privacy.status === 'held_by_privacy') {
    const reference = declaration.personalData.contains ? declaration.personalData.processingReference : '';
    const why = privacy.status === 'held_by_privacy' ? ` (retenue : ${privacy.reasons.join(' ; ')})` : '';
    return refuse(
      'conflict',
      'dataset_privacy_not_cleared',
      `la version ${state.version} contient des données personnelles : elle n’est traitée qu’après ` +
        `vérification du traitement « ${reference} » au registre du DPD de la ville${why}`,
    );
  }
  if (state.review === 'audited' || state.review === 'validated') {
    return refuse(
      'conflict',
      'dataset_wrong_step',
      `la version ${state.version} a déjà été auditée ; la ville peut la corriger ou la valider`,
    );
  }
  const remarks = Array.isArray(command.remarks) ? command.remarks.map((r: unknown) => (typeof r === 'string' ? r.trim() : '')) : undefined;
  if (!remarks || remarks.some((r) => r === '')) {
    return refuse('invalid', 'dataset_invalid', 'remarque vide', [
      {
        path: 'remarks',
        message: 'une liste de remarques, chacune avec un texte (liste vide si rien à redire)',
      },
    ]);
  }
  return [
    {
      type: 'DatasetAudited',
      data: {
        datasetId: state.datasetId,
        version: state.version,
        contentHash: declaration.contentHash,
        remarks,
        auditedBy: command.actor.by,
        auditedAt: command.at,
      },
    },
  ];
};

export const decideCorrection = (
  command: CorrectDataset,
  state: ActiveDataset,
  actor: DatasetActor,
  at: Temporal.Instant,
): Decision<DatasetEvent> => {
  if (actor.kind !== 'town') {
    return refuse(
      'forbidden',
      'dataset_actor_not_allowed',
      'seule la ville corrige ses données : la DIGIT n’en altère ni le sens ni la portée',
    );
  }
  const otherTown = otherTownRefusal(actor, state.insee);
  if (otherTown) return otherTown;
  const details = checkDatasetDeclaration(command, at);
  if (details.length > 0) {
    return refuse('invalid', 'dataset_invalid', 'la correction ne peut pas être reçue : corrigez les points indiqués', details);
  }
  const declaration = normaliseDeclaration(command);
  if (JSON.stringify(declaration) === JSON.stringify(state.declaration)) {
    return refuse('conflict', 'dataset_nothing_changed', `la correction est identique à la version ${state.version} en cours`);
  }
  return [
    {
      type: 'DatasetCorrected',
      data: {
        datasetId: state.datasetId,
        version: state.version + 1,
        ...declaration,
        correctedBy: command.actor.by,
        correctedAt: command.at,
      },
    },
  ];
};

export const decideValidation = (command: ValidateDataset, state: ActiveDataset, actor: DatasetActor): Decision<DatasetEvent> => {
  if (actor.kind !== 'town') {
    return refuse(
      'forbidden',
      'validation_by_town_only',
      'seule la ville valide ses données : la DIGIT audite, la ville valide et contrôle (R-DX-5)',
    );
  }
  const otherTown = otherTownRefusal(actor, state.insee);
  if (otherTown) return otherTown;
  const mismatch = hashRefusal(state, command.contentHash);
  if (mismatch) return mismatch;
  if (state.review === 'validated') return [];
  if (state.review !== 'audited') {
    return refuse('conflict', 'dataset_not_audited', `la version ${state.version} n’a pas encore été auditée par la DIGIT`);
  }
  return [
    {
      type: 'DatasetValidatedByTown',
      data: {
        datasetId: state.datasetId,
        version: state.version,
        contentHash: state.declaration.contentHash,
        validatedBy: command.actor.by,
        validatedAt: command.at,
      },
    },
  ];
};
