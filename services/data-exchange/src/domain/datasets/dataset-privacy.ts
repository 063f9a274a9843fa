import type { Decision } from '@digit/contracts';
import type { DatasetActor } from './actor.js';
import type { ClearDatasetPrivacy, HoldDatasetForPrivacy } from './dataset.commands.js';
import type { DatasetEvent } from './dataset.events.js';
import { refuse } from './dataset-guards.js';
import type { ActiveDataset } from './dataset.state.js';

/**
 * The privacy service's answer on a version holding personal data (R-GDPR-2): cleared when the
 * declared processing is in the town's DPD register, held (with reasons) when it is not.
 */
export const decidePrivacyCheck = (
  command: ClearDatasetPrivacy | HoldDatasetForPrivacy,
  state: ActiveDataset,
  actor: DatasetActor,
): Decision<DatasetEvent> => {
  if (actor.kind === 'town') {
    return refuse(
      'forbidden',
      'dataset_actor_not_allowed',
      'la vérification au registre du DPD est faite par la DIGIT, pas par la ville (R-GDPR-2)',
    );
  }
  if (command.version !== state.version) {
    return refuse(
      'conflict',
      'dataset_version_outdated',
      `la vérification porte sur la version ${command.version} ; la version en cours est la ${state.version}`,
    );
  }
  const { personalData } = state.declaration;
  if (!personalData.contains) {
    return refuse(
      'conflict',
      'dataset_no_personal_data',
      `la version ${state.version} est déclarée sans données personnelles : aucune vérification à enregistrer`,
    );
  }
  if (command.type === 'ClearDatasetPrivacy') {
    if (state.privacy.status === 'cleared') return [];
    return [
      {
        type: 'DatasetPrivacyCleared',
        data: {
          datasetId: state.datasetId,
          version: state.version,
          processingReference: personalData.processingReference,
          clearedBy: command.actor.by,
          clearedAt: command.at,
        },
      },
    ];
  }
  if (state.privacy.status === 'cleared') {
    return refuse('conflict', 'dataset_wrong_step', `la version ${state.version} a déjà été reconnue au registre du DPD`);
  }
  const reasons = (Array.isArray(command.reasons) ? command.reasons : [])
    .filter((r): r is string => typeof r === 'string')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (reasons.length === 0) {
    return refuse('invalid', 'dataset_invalid', 'motif de la retenue absent', [
      { path: 'reasons', message: 'indiquez au moins un motif de retenue' },
    ]);
  }
  return [
    {
      type: 'DatasetHeldByPrivacy',
      data: {
        datasetId: state.datasetId,
        version: state.version,
        reasons,
        heldBy: command.actor.by,
        heldAt: command.at,
      },
    },
  ];
};
