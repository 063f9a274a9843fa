import type { Decision } from '@digit/contracts';
import type { DatasetActor } from './actor.js';
import type { PrepareDatasetForPublication, PublishDataset } from './dataset.commands.js';
import type { DatasetEvent } from './dataset.events.js';
import { hashRefusal, otherTownRefusal, refuse } from './dataset-guards.js';
import type { ActiveDataset } from './dataset.state.js';

/**
 * Towns that may publish on the GPSO domain of the Open Data platform instead of a sub-domain
 * of their own (R-CON-9, seed art. 1.3 "Variante Marnes-la-Coquette": under 3,500 inhabitants
 * and under 50 agents). Still the town's own action and responsibility.
 */
export const GPSO_DOMAIN_TOWNS: readonly string[] = ['92047'];

const notValidated = (state: ActiveDataset) =>
  refuse('conflict', 'dataset_not_validated', `la version ${state.version} n’a pas été validée par la ville`);

/** DIGIT may prepare a validated version for Open Data (R-DX-8). */
export const decidePreparation = (
  command: PrepareDatasetForPublication,
  state: ActiveDataset,
  actor: DatasetActor,
): Decision<DatasetEvent> => {
  if (actor.kind !== 'digit') {
    return refuse(
      'forbidden',
      'dataset_actor_not_allowed',
      'la préparation pour l’Open Data est une prestation de la DIGIT ; la ville publie directement',
    );
  }
  const mismatch = hashRefusal(state, command.contentHash);
  if (mismatch) return mismatch;
  if (state.review !== 'validated') return notValidated(state);
  if (state.preparedForPublication?.version === state.version) return [];
  return [
    {
      type: 'DatasetPreparedForPublication',
      data: {
        datasetId: state.datasetId,
        version: state.version,
        contentHash: state.declaration.contentHash,
        preparedBy: command.actor.by,
        preparedAt: command.at,
      },
    },
  ];
};

/**
 * Only the town's own action publishes (R-DX-8, R-OD-1). DIGIT's preparation is not required:
 * towns may do Open Data work in full autonomy (seed art. 1.5).
 */
export const decidePublication = (command: PublishDataset, state: ActiveDataset, actor: DatasetActor): Decision<DatasetEvent> => {
  if (actor.kind !== 'town') {
    return refuse(
      'forbidden',
      'open_data_publication_by_town_only',
      'la DIGIT prépare mais ne publie jamais à la place de la ville : la mise en ligne est un acte de la ville (R-DX-8, R-OD-1)',
    );
  }
  const otherTown = otherTownRefusal(actor, state.insee);
  if (otherTown) return otherTown;
  if (command.target === 'gpso_domain' && !GPSO_DOMAIN_TOWNS.includes(state.insee)) {
    return refuse(
      'forbidden',
      'open_data_gpso_domain_not_allowed',
      `la ville ${state.insee} publie sur son propre sous-domaine de la plateforme Open Data (R-CON-9)`,
    );
  }
  const mismatch = hashRefusal(state, command.contentHash);
  if (mismatch) return mismatch;
  if (state.review !== 'validated') return notValidated(state);
  const last = state.lastPublication;
  if (last?.version === state.version && last.target === command.target) return [];
  return [
    {
      type: 'DatasetPublishedByTown',
      data: {
        datasetId: state.datasetId,
        version: state.version,
        contentHash: state.declaration.contentHash,
        target: command.target,
        publishedBy: command.actor.by,
        publishedAt: command.at,
      },
    },
  ];
};
