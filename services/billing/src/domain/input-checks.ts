import { DomainError, INSEE_CODES, isInsee, type ErrorDetail } from '@digit/contracts';
import { isIsoDate } from './calendar-date.js';
import { isNonNegativeCents, isRate } from './money.js';

/**
 * Validation shared by the billing deciders: each check appends a French, actionable detail;
 * the caller refuses the whole command when any detail was found, so nothing is recorded.
 */
export type Details = ErrorDetail[];

/** Budget years the EPT can plan: conventions date back to 2008, plans rarely look 70 years ahead. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

export const checkYear = (details: Details, path: string, value: unknown): void => {
  if (!Number.isInteger(value) || (value as number) < FIRST_YEAR || (value as number) > LAST_YEAR) {
    details.push({ path, message: `l'année doit être un entier entre ${FIRST_YEAR} et ${LAST_YEAR}` });
  }
};

export const checkNonNegativeCents = (details: Details, path: string, value: unknown): void => {
  if (!isNonNegativeCents(value)) {
    details.push({ path, message: 'le montant doit être un nombre entier de centimes, positif ou nul' });
  }
};

export const checkPositiveCents = (details: Details, path: string, value: unknown): void => {
  if (!isNonNegativeCents(value) || value === 0) {
    details.push({ path, message: 'le montant doit être un nombre entier de centimes strictement positif' });
  }
};

export const checkDate = (details: Details, path: string, value: unknown): void => {
  if (!isIsoDate(value)) details.push({ path, message: 'la date doit exister et s’écrire AAAA-MM-JJ' });
};

export const checkRate = (details: Details, path: string, value: unknown): void => {
  if (!isRate(value)) {
    details.push({ path, message: 'le taux doit être un décimal entre 0 et 1 écrit avec un point, par exemple "0.077"' });
  }
};

export const checkText = (details: Details, path: string, value: unknown): void => {
  if (typeof value !== 'string' || value.trim() === '') details.push({ path, message: 'ce texte est obligatoire' });
};

export const invalid = (code: string, message: string, details: Details): DomainError | undefined =>
  details.length === 0 ? undefined : new DomainError(code.startsWith('invalid-') ? 'invalid' : 'conflict', code, message, details);

export const unknownTown = (insee: unknown, path = 'insee'): DomainError | undefined =>
  isInsee(insee)
    ? undefined
    : new DomainError('not_found', 'unknown-town', `Aucune ville de GPSO n'a le code INSEE « ${String(insee)} ».`, [
        { path, message: `code INSEE inconnu ; codes possibles : ${INSEE_CODES.join(', ')}` },
      ]);
