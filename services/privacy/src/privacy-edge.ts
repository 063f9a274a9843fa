import { Temporal } from 'temporal-polyfill';
import { isInsee, validateDto, type ErrorDetail, type Insee } from '@digit/contracts';
import { QueryFailure } from '@digit/messaging';
import { PARIS } from './domain/index.js';

/** Nest injection tokens of the privacy service. */
export const INFRA = Symbol('INFRA');
export const READ_MODELS = Symbol('READ_MODELS');
export const KEY_STORE = Symbol('KEY_STORE');

export const invalidRequest = (message: string, details: readonly ErrorDetail[]): QueryFailure =>
  new QueryFailure(400, { error: 'invalid_request', message, details });

export const requireTown = (insee: unknown): Insee => {
  if (!isInsee(insee)) {
    throw new QueryFailure(404, {
      error: 'unknown_town',
      message: `Aucune commune de GPSO n'a le code INSEE « ${String(insee)} ».`,
      details: [{ path: 'insee', message: 'code INSEE inconnu' }],
    });
  }
  return insee;
};

/** Validates a message's body (everything but the routing fields) against its contract DTO. */
export const validBody = async <T extends object>(
  dto: new () => T,
  payload: unknown,
  routing: readonly string[],
  message = 'La demande contient des erreurs ; voir le détail.',
): Promise<T> => {
  const body = Object.fromEntries(Object.entries((payload ?? {}) as Record<string, unknown>).filter(([key]) => !routing.includes(key)));
  const result = await validateDto(dto, body);
  if (!result.ok) throw invalidRequest(message, result.details);
  return result.value;
};

/** The edge reads the clock, never the domain: now in Paris, ISO 8601 with its offset. */
export const parisNow = (): string => Temporal.Now.zonedDateTimeISO(PARIS).toString({ timeZoneName: 'never', smallestUnit: 'second' });

export const parisToday = (): string => Temporal.Now.plainDateISO(PARIS).toString();

/** Who acts: what the body names, else the caller the message came from. */
export const actorOf = (by: string | undefined, payload: unknown, fallback = 'ops:unknown'): string => {
  const actor = (payload as { actor?: unknown })?.actor;
  return by?.trim() || (typeof actor === 'string' && actor.trim() ? actor : fallback);
};
