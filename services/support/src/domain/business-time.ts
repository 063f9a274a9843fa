import { Temporal } from 'temporal-polyfill';
import { isCalendarDate, PARIS, plainDate } from '@digit/calendar';

/**
 * Instants as the support domain writes them: on the wall clock of the service calendar's zone
 * (Paris unless configured otherwise, R-SUP-3), with its offset, to the precision they came with.
 * Dates, Paris instants and French formats in general are libs/calendar's.
 */
export const toInstant = (value: Temporal.Instant | string): Temporal.Instant =>
  typeof value === 'string' ? Temporal.Instant.from(value) : value;

/** `2026-12-01T10:00:00+01:00`: the instant as read on a wall clock of the zone, with its offset. */
export const formatInstant = (instant: Temporal.Instant | string, timeZone: string = PARIS): string =>
  toInstant(instant).toZonedDateTimeISO(timeZone).toString({ timeZoneName: 'never' });

/** The calendar date of an instant in business time. */
export const businessDateOf = (instant: Temporal.Instant | string, timeZone: string = PARIS): Temporal.PlainDate =>
  toInstant(instant).toZonedDateTimeISO(timeZone).toPlainDate();

/** A calendar date written exactly `YYYY-MM-DD`, or null (committees' dates). */
export const parsePlainDate = (value: unknown): Temporal.PlainDate | null => (isCalendarDate(value) ? plainDate(value) : null);
