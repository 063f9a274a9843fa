import { isCalendarDate, isInsee, type Insee } from '@digit/contracts';
import { ApiError } from './service-client.js';

export const knownTown = (insee: string): Insee => {
  if (!isInsee(insee)) {
    throw new ApiError(
      404,
      'unknown_town',
      `Aucune commune de GPSO n'a le code INSEE « ${insee} ». Codes connus : 92012, 92022, 92040, 92047, 92048, 92072, 92075, 92077.`,
      [{ path: 'insee', message: 'code INSEE inconnu' }],
    );
  }
  return insee;
};

export const calendarDateParam = (name: string, value: string | undefined, fallback: () => string): string => {
  if (value === undefined || value === '') return fallback();
  if (!isCalendarDate(value)) {
    throw new ApiError(400, 'invalid_request', `${name} doit être une date réelle au format AAAA-MM-JJ (reçu « ${value} »).`, [
      { path: name, message: 'date attendue au format AAAA-MM-JJ' },
    ]);
  }
  return value;
};

export const integerParam = (name: string, value: string | undefined, fallback: number, min: number, max: number): number => {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ApiError(400, 'invalid_request', `${name} doit être un entier entre ${min} et ${max} (reçu « ${value} »).`, [
      { path: name, message: `entier entre ${min} et ${max} attendu` },
    ]);
  }
  return Number(value);
};

/** An identifier in a path (a UUID, `d-1`...): letters, digits, `.`, `_`, `-`, 64 at most. */
export const identifierParam = (name: string, value: string): string => {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value)) {
    throw new ApiError(
      400,
      'invalid_request',
      `${name} invalide (reçu « ${value} ») : 1 à 64 lettres, chiffres, points, tirets ou soulignés.`,
      [{ path: name, message: 'identifiant invalide' }],
    );
  }
  return value;
};
