import {
  DomainError,
  FIRST_BUDGET_YEAR,
  INSEE_CODES,
  isInsee,
  LAST_BUDGET_YEAR,
  type DomainErrorKind,
  type ErrorDetail,
} from '@digit/contracts';
import { isCalendarDate } from '@digit/calendar';
import { isNonNegativeCents, isRate } from './money.js';

/**
 * Validation shared by the billing deciders: each check appends a French, actionable detail;
 * the caller refuses the whole command when any detail was found, so nothing is recorded.
 */
export type Details = ErrorDetail[];

/** Budget years the EPT can plan (the requests' range, libs/contracts billing.requests.ts). */
const FIRST_YEAR = FIRST_BUDGET_YEAR;
const LAST_YEAR = LAST_BUDGET_YEAR;

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

/** Array.isArray on a readonly array narrows to any[]; this keeps the element type. */
export const isList = (value: unknown): value is readonly unknown[] => Array.isArray(value);

export const checkDate = (details: Details, path: string, value: unknown): void => {
  if (!isCalendarDate(value)) details.push({ path, message: 'la date doit exister et s’écrire AAAA-MM-JJ' });
};

export const checkRate = (details: Details, path: string, value: unknown): void => {
  if (!isRate(value)) {
    details.push({ path, message: 'le taux doit être un décimal entre 0 et 1 écrit avec un point, par exemple "0.077"' });
  }
};

export const checkText = (details: Details, path: string, value: unknown): void => {
  if (typeof value !== 'string' || value.trim() === '') details.push({ path, message: 'ce texte est obligatoire' });
};

/** The refusal of a command whose values break the rules listed in `details`; none when there is none. */
export const invalid = (code: string, message: string, details: Details, kind: DomainErrorKind = 'invalid'): DomainError | undefined =>
  details.length === 0 ? undefined : new DomainError(kind, code, message, details);

export const unknownTown = (insee: unknown, path = 'insee'): DomainError | undefined =>
  isInsee(insee)
    ? undefined
    : new DomainError('not_found', 'unknown_town', `Aucune ville de GPSO n'a le code INSEE « ${String(insee)} ».`, [
        { path, message: `code INSEE inconnu ; codes possibles : ${INSEE_CODES.join(', ')}` },
      ]);
