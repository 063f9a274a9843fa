import { Temporal } from 'temporal-polyfill';
import type { CalendarDate } from './calendar-date.js';

/** Business time is Europe/Paris (CONTRACT.md). */
export const PARIS = 'Europe/Paris';

const WITH_OFFSET = /(?:Z|[+-]\d{2}:\d{2})$/;

/** An instant in ISO 8601 with its offset (`2024-03-02T10:15:00+01:00` or `…Z`): without one it is ambiguous. */
export const isInstant = (value: unknown): value is string => {
  if (typeof value !== 'string' || !WITH_OFFSET.test(value)) return false;
  try {
    Temporal.Instant.from(value);
    return true;
  } catch {
    return false;
  }
};

/** The Paris calendar date of an instant. */
export const parisDateOf = (instant: string): CalendarDate =>
  Temporal.Instant.from(instant).toZonedDateTimeISO(PARIS).toPlainDate().toString();

/** An instant written with the Paris offset of that moment, to the millisecond (`2026-12-07T21:26:54.123+01:00`). */
export const parisInstant = (instant: Temporal.Instant | string): string =>
  (typeof instant === 'string' ? Temporal.Instant.from(instant) : instant)
    .toZonedDateTimeISO(PARIS)
    .toString({ timeZoneName: 'never', smallestUnit: 'millisecond' });

/**
 * The instant a reading "on `date`" is made at: `now` when `date` is its Paris day, else the last
 * millisecond of `date` in Paris (what had happened by the end of that day).
 */
export const parisMomentOf = (date: CalendarDate, now: string): string =>
  parisDateOf(now) === date
    ? now
    : parisInstant(
        Temporal.PlainDate.from(date).add({ days: 1 }).toZonedDateTime({ timeZone: PARIS }).toInstant().subtract({ milliseconds: 1 }),
      );

/**
 * The clock, for the edges only: domain code never reads it (time comes in the command).
 * `today` and `now` in Paris.
 */
export const parisToday = (): CalendarDate => Temporal.Now.plainDateISO(PARIS).toString();
export const parisNow = (): string => parisInstant(Temporal.Now.instant());
