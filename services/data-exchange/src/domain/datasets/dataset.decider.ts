import { formatInstantDateFr, isInstant } from '@digit/calendar';
import type { Decider, Decision } from '@digit/contracts';
import { Temporal } from 'temporal-polyfill';
import type { DatasetCommand } from './dataset.commands.js';
import type { DatasetEvent } from './dataset.events.js';
import { refuse } from './dataset-guards.js';
import { decidePreparation, decidePublication } from './dataset-open-data.js';
import { decidePrivacyCheck } from './dataset-privacy.js';
import { decideAudit, decideCorrection, decideSend, decideValidation } from './dataset-review.js';
import { evolveDataset, initialDatasetState, type DatasetState } from './dataset.state.js';

const decideDataset = (command: DatasetCommand, state: DatasetState): Decision<DatasetEvent> => {
  if (!isInstant(command.at)) {
    return refuse('invalid', 'dataset_invalid', 'horodatage invalide', [
      {
        path: 'at',
        message: 'attendu : un instant ISO 8601 avec décalage, par ex. 2024-03-02T10:15:00+01:00',
      },
    ]);
  }
  const at = Temporal.Instant.from(command.at);
  const { actor } = command;
  if (command.type === 'SendDatasetForIntegration') return decideSend(command, state, actor, at);
  if (!state.exists || command.datasetId !== state.datasetId) {
    return refuse('not_found', 'dataset_not_found', `aucun jeu de données ${command.datasetId} n’a été envoyé`);
  }
  if (Temporal.Instant.compare(at, Temporal.Instant.from(state.lastStepAt)) < 0) {
    return refuse(
      'conflict',
      'dataset_step_before_previous',
      `cette étape est datée avant la précédente (${formatInstantDateFr(state.lastStepAt)})`,
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
