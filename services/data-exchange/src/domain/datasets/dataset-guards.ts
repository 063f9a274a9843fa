import { DomainError, type DomainErrorKind, type ErrorDetail } from '@digit/contracts';
import type { DatasetActor } from './actor.js';
import { isSha256Hex, normaliseHash } from './dataset-declaration.js';
import type { ActiveDataset } from './dataset.state.js';
import { formatFrenchDateOfInstant } from './french-format.js';

/** The kind of a datasets or metadata refusal, from its stable code. */
export const kindOfDataExchangeCode = (code: string): DomainErrorKind =>
  /INVALID|HASH_MISMATCH/.test(code) ? 'invalid' : /NOT_FOUND/.test(code) ? 'not_found' : /NOT_ALLOWED|OTHER_TOWN|BY_TOWN_ONLY/.test(code) ? 'forbidden' : 'conflict';

/** Checks shared by every step of a dataset's life. */
export const refuse = (code: string, message: string, details: readonly ErrorDetail[] = []): DomainError =>
  new DomainError(kindOfDataExchangeCode(code), code, message, details);

const shortHash = (hash: string): string => `${hash.slice(0, 12)}…`;

/** R-DX-3: a town acts only on its own data. */
export const otherTownRefusal = (actor: DatasetActor, insee: string): DomainError | undefined =>
  actor.kind === 'town' && actor.insee !== insee
    ? refuse(
        'DATASET_OTHER_TOWN',
        `la ville ${actor.insee} ne peut agir que sur ses propres données (jeu de la ville ${insee})`,
      )
    : undefined;

/**
 * R-DX-4: each step names the content it acts on by its hash; a different hash means data
 * the town did not send as it stands, and the step is refused.
 */
export const hashRefusal = (state: ActiveDataset, given: string): DomainError | undefined => {
  if (!isSha256Hex(given)) {
    return refuse('DATASET_INVALID', 'empreinte du contenu invalide', [
      {
        path: 'contentHash',
        message: 'l’empreinte du contenu doit être un SHA-256 en hexadécimal (64 caractères)',
      },
    ]);
  }
  const hash = normaliseHash(given);
  if (hash === state.declaration.contentHash) return undefined;
  const older = state.versions.find((v) => v.contentHash === hash);
  const current = `la version ${state.version} en cours a l’empreinte ${shortHash(state.declaration.contentHash)}`;
  const message = older
    ? `l’empreinte ${shortHash(hash)} est celle de la version ${older.version} reçue le ` +
      `${formatFrenchDateOfInstant(older.receivedAt)}, remplacée depuis : ${current}`
    : `l’empreinte ${shortHash(hash)} ne correspond à aucune version envoyée par la ville : ${current} ; ` +
      'la DIGIT ne traite que des données inchangées';
  return refuse('DATASET_HASH_MISMATCH', message);
};
