import { Temporal } from 'temporal-polyfill';
import type { DomainError, ErrorDetail } from '@digit/contracts';
import { QueryFailure } from '@digit/messaging';

/** HTTP status of a refusal, from the stable code's wording. */
const statusOf = (code: string): number => {
  if (/INVALID|HASH_MISMATCH/.test(code)) return 400;
  if (/NOT_FOUND/.test(code)) return 404;
  if (/NOT_ALLOWED|OTHER_TOWN|BY_TOWN_ONLY/.test(code)) return 403;
  return 409;
};

/** A decider's refusal as CONTRACT.md's error body; the message starts with a capital, as a sentence. */
export const refusal = (error: DomainError): QueryFailure =>
  new QueryFailure(statusOf(error.code), {
    error: error.code.toLowerCase(),
    message: `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`,
    details: error.details,
  });

export const invalidRequest = (message: string, details: readonly ErrorDetail[]): QueryFailure =>
  new QueryFailure(400, { error: 'invalid_request', message, details });

/** Edges read the clock; business time is Europe/Paris (an ISO instant with its offset). */
export const parisNow = (): string =>
  Temporal.Now.zonedDateTimeISO('Europe/Paris').toString({ timeZoneName: 'never', smallestUnit: 'millisecond' });

export const parisToday = (): string => Temporal.Now.plainDateISO('Europe/Paris').toString();

/** Who acts, as the gateway states it: a town's or DIGIT's person; the privacy verdicts are the service's own. */
export const externalActor = (actor: unknown): string => {
  if (typeof actor !== 'string' || !/^(town|digit):[^:]+$/.test(actor)) {
    throw invalidRequest('Indiquez qui agit : town:<code INSEE> ou digit:<identifiant>.', [{ path: 'actor', message: 'auteur attendu : town:<insee> ou digit:<identifiant>' }]);
  }
  return actor;
};
