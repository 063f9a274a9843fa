import { formatInstantDateFr } from '@digit/calendar';
import { DomainError, type DomainErrorKind, type ErrorDetail } from '@digit/contracts';
import type { DatasetActor } from './actor.js';
import { normaliseHash } from './dataset-declaration.js';
import type { ActiveDataset } from './dataset.state.js';

/** A refusal of the datasets and catalogue rules; the message is written as a sentence for the person who reads it. */
export const refuse = (kind: DomainErrorKind, code: string, message: string, details: readonly ErrorDetail[] = []): DomainError =>
  new DomainError(kind, code, `${message.charAt(0).toUpperCase()}${message.slice(1)}.`, details);

const shortHash = (hash: string): string => `${hash.slice(0, 12)}…`;

/** R-DX-3: a town acts only on its own data. */
export const otherTownRefusal = (actor: DatasetActor, insee: string): DomainError | undefined =>
  actor.kind === 'town' && actor.insee !== insee
    ? refuse(
        'forbidden',
        'dataset_other_town',
        `la ville ${actor.insee} ne peut agir que sur ses propres données (jeu de la ville ${insee})`,
      )
    : undefined;

/**
 * R-DX-4: each step names the content it acts on by its hash; a different hash means data
 * the town did not send as it stands, and the step is refused.
 */
export const hashRefusal = (state: ActiveDataset, given: string): DomainError | undefined => {
  const hash = normaliseHash(given);
  if (hash === state.declaration.contentHash) return undefined;
  const older = state.versions.find((v) => v.contentHash === hash);
  const current = `la version ${state.version} en cours a l’empreinte ${shortHash(state.declaration.contentHash)}`;
  const message = older
    ? `l’empreinte ${shortHash(hash)} est celle de la version ${older.version} reçue le ` +
      `${formatInstantDateFr(older.receivedAt)}, remplacée depuis : ${current}`
    : `l’empreinte ${shortHash(hash)} ne correspond à aucune version envoyée par la ville : ${current} ; ` +
      'la DIGIT ne traite que des données inchangées';
  return refuse('invalid', 'dataset_hash_mismatch', message);
};
