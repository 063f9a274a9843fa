import type { Decider, Decision } from '@digit/contracts';
import { Temporal } from 'temporal-polyfill';
import { parseDatasetActor } from './actor.js';
import type { DatasetCommand } from './dataset.commands.js';
import type { DatasetEvent } from './dataset.events.js';
import { refuse } from './dataset-guards.js';
import { decidePreparation, decidePublication } from './dataset-open-data.js';
import { decidePrivacyCheck } from './dataset-privacy.js';
import { decideAudit, decideCorrection, decideSend, decideValidation } from './dataset-review.js';
import { evolveDataset, initialDatasetState, type DatasetState } from './dataset.state.js';
import { formatFrenchDateOfInstant, parseInstant } from './french-format.js';

const decideDataset = (command: DatasetCommand, state: DatasetState): Decision<DatasetEvent> => {
  const actor = parseDatasetActor(command.actor);
  if (!actor) {
    return refuse('DATASET_INVALID', 'auteur de la commande non reconnu', [
      { path: 'actor', message: 'attendu : town:<insee>, digit:<identifiant> ou system:privacy' },
    ]);
  }
  const at = parseInstant(command.at);
  if (!at) {
    return refuse('DATASET_INVALID', 'horodatage invalide', [
      {
        path: 'at',
        message: 'attendu : un instant ISO 8601 avec décalage, par ex. 2024-03-02T10:15:00+01:00',
      },
    ]);
  }
  if (command.type === 'SendDatasetForIntegration') return decideSend(command, state, actor, at);
  if (!state.exists || command.datasetId !== state.datasetId) {
    return refuse('DATASET_NOT_FOUND', `aucun jeu de données ${command.datasetId} n’a été envoyé`);
  }
  if (Temporal.Instant.compare(at, Temporal.Instant.from(state.lastStepAt)) < 0) {
    return refuse(
      'DATASET_STEP_BEFORE_PREVIOUS',
      `cette étape est datée avant la précédente (${formatFrenchDateOfInstant(state.lastStepAt)})`,
    );
  }
  switch (command.type) {
    case 'ClearDatasetPrivacy':
    case 'HoldDatasetForPrivacy':
      return decidePrivacyCheck(command, state, actor);
    case 'AuditDataset':
      return decideAudit(command, state, actor);
    case 'CorrectDataset':
      return decideCorrection(command, state, actor, at);
    case 'ValidateDataset':
      return decideValidation(command, state, actor);
    case 'PrepareDatasetForPublication':
      return decidePreparation(command, state, actor);
    case 'PublishDataset':
      return decidePublication(command, state, actor);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

/**
 * A dataset a town sends for integration, stream `dataset-<id>` (R-DX-4, R-DX-5, R-DX-8,
 * R-GDPR-2). Repeating a step already done (validation, preparation, publication, clearance)
 * decides no event.
 */
export const datasetDecider: Decider<DatasetCommand, DatasetEvent, DatasetState> = {
  initialState: initialDatasetState,
  decide: decideDataset,
  evolve: evolveDataset,
};
