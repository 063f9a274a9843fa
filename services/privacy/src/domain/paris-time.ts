import { Temporal } from 'temporal-polyfill';
import type { ErrorDetail } from '@digit/contracts';

/** Business time is Europe/Paris (CONTRACT.md "Conventions for every interface"). */
export const PARIS = 'Europe/Paris';

const INSTANT_WITH_OFFSET = /(?:Z|[+-]\d{2}:\d{2})$/;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

const parsesAs = (parse: () => unknown): boolean => {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
};

/** An instant must be ISO 8601 with an offset: an instant without one is ambiguous. */
export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && INSTANT_WITH_OFFSET.test(value) && parsesAs(() => Temporal.Instant.from(value));

export const isPlainDate = (value: unknown): value is string =>
  typeof value === 'string' && PLAIN_DATE.test(value) && parsesAs(() => Temporal.PlainDate.from(value, { overflow: 'reject' }));

export const instantProblem = (value: unknown, path: string): ErrorDetail[] =>
  isInstant(value)
    ? []
    : [{ path, message: 'date et heure invalides : attendu ISO 8601 avec décalage, par ex. 2024-03-02T10:15:00+01:00' }];

export const plainDateProblem = (value: unknown, path: string): ErrorDetail[] =>
  isPlainDate(value) ? [] : [{ path, message: 'date invalide : attendu AAAA-MM-JJ, par ex. 2024-03-02' }];

/** The Paris calendar date of an instant, `YYYY-MM-DD`. */
export const parisDateOf = (instant: string): string =>
  Temporal.Instant.from(instant).toZonedDateTimeISO(PARIS).toPlainDate().toString();

const pad = (value: number): string => String(value).padStart(2, '0');

/** `07/12/2023 14:05`, Paris wall-clock time, as French agents read it. */
export const formatParisDateTime = (instant: string): string => {
  const time = Temporal.Instant.from(instant).toZonedDateTimeISO(PARIS);
  return `${pad(time.day)}/${pad(time.month)}/${time.year} ${pad(time.hour)}:${pad(time.minute)}`;
};

/** `07/12/2023` for a calendar date `2023-12-07`. */
export const formatFrenchDate = (date: string): string => {
  const day = Temporal.PlainDate.from(date);
  return `${pad(day.day)}/${pad(day.month)}/${day.year}`;
};
