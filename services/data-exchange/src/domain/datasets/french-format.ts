import { Temporal } from 'temporal-polyfill';

/** Business time zone for everything a person reads (CONTRACT.md). */
export const PARIS = 'Europe/Paris';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a strict `YYYY-MM-DD` calendar date; undefined when malformed or impossible. */
export const parseIsoDate = (value: unknown): Temporal.PlainDate | undefined => {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return undefined;
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' });
  } catch {
    return undefined;
  }
};

/** Parses an ISO instant that states its offset (`2024-03-02T10:15:00+01:00` or `...Z`). */
export const parseInstant = (value: unknown): Temporal.Instant | undefined => {
  if (typeof value !== 'string') return undefined;
  try {
    return Temporal.Instant.from(value);
  } catch {
    return undefined;
  }
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `07/12/2023`: how a French reader expects a calendar date. */
export const formatFrenchDate = (date: Temporal.PlainDate | string): string => {
  const plain = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
  return `${pad(plain.day, 2)}/${pad(plain.month, 2)}/${pad(plain.year, 4)}`;
};

/** The Paris calendar date of an instant, as `07/12/2023`. */
export const formatFrenchDateOfInstant = (instant: Temporal.Instant | string): string => {
  const at = typeof instant === 'string' ? Temporal.Instant.from(instant) : instant;
  return formatFrenchDate(at.toZonedDateTimeISO(PARIS).toPlainDate());
};
