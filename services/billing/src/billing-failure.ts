import { DomainError, isInsee, validateDto, INSEE_CODES, type Insee } from '@digit/contracts';
import { QueryFailure } from '@digit/messaging';
import { isHalf, type Half } from './domain/index.js';

/**
 * How billing's refusals travel back (CONTRACT.md errors): the domain's stable kebab-case code
 * becomes the snake_case `error` of the HTTP body; a missing prerequisite (unknown town, no
 * budget, no convention in force, no such statement) is 404, malformed input 400, and a state
 * that forbids the command 409.
 */
const NOT_FOUND = new Set([
  'unknown-town',
  'budget-missing',
  'actual-costs-missing',
  'no-convention-in-force',
  'statement-not-found',
  'reconciliation-not-found',
  'regularisation-not-found',
  'new-rate-action-not-found',
]);

export const failureOf = (error: DomainError): QueryFailure => {
  const status = error.code.startsWith('invalid-') ? 400 : NOT_FOUND.has(error.code) ? 404 : 409;
  return new QueryFailure(status, { error: error.code.replaceAll('-', '_'), message: error.message, details: error.details });
};

export const badRequest = (message: string, path: string): QueryFailure =>
  new QueryFailure(400, { error: 'invalid_request', message, details: [{ path, message }] });

export const notFound = (code: string, message: string): QueryFailure => failureOf(new DomainError('not_found', code, message));

export const requireTown = (insee: unknown): Insee => {
  if (isInsee(insee)) return insee;
  throw failureOf(
    new DomainError('not_found', 'unknown-town', `Aucune ville de GPSO n'a le code INSEE « ${String(insee)} ».`, [
      { path: 'insee', message: `code INSEE inconnu ; codes possibles : ${INSEE_CODES.join(', ')}` },
    ]),
  );
};

export const requireYear = (year: unknown): number => {
  if (Number.isInteger(year) && (year as number) >= 2000 && (year as number) <= 2099) return year as number;
  throw badRequest(`L'année doit être un entier entre 2000 et 2099 (reçu « ${String(year)} »).`, 'year');
};

export const requireHalf = (half: unknown): Half => {
  if (isHalf(half)) return half;
  throw badRequest(`Le semestre vaut 1 (janvier–juin) ou 2 (juillet–décembre) (reçu « ${String(half)} »).`, 'half');
};

/** Validates a request body against its contract DTO: 400 with every problem when it fails. */
export const validBody = async <T extends object>(dto: new () => T, body: unknown): Promise<T> => {
  const result = await validateDto(dto, body ?? {});
  if (!result.ok) throw new QueryFailure(400, { error: 'invalid_request', message: 'La requête contient des erreurs ; voir le détail.', details: result.details });
  return result.value;
};
