import { Temporal } from 'temporal-polyfill';

/**
 * Calendar dates of the business calendar (Europe/Paris), written `YYYY-MM-DD` everywhere
 * (CONTRACT.md "Conventions for every interface"). These are the only parsers and the only date
 * arithmetic of the system: months and years add with Temporal's `constrain` (a day that does not
 * exist in the target month becomes its last day: 2023-11-30 + 3 months = 2024-02-29).
 */
export type CalendarDate = string;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written `YYYY-MM-DD` (2024-02-30 is not). */
export const isCalendarDate = (value: unknown): value is CalendarDate => {
  if (typeof value !== 'string' || !CALENDAR_DATE.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
};

export const plainDate = (date: CalendarDate): Temporal.PlainDate => Temporal.PlainDate.from(date, { overflow: 'reject' });

export const compareDates = (a: CalendarDate, b: CalendarDate): number => Temporal.PlainDate.compare(plainDate(a), plainDate(b));
export const isBefore = (a: CalendarDate, b: CalendarDate): boolean => compareDates(a, b) < 0;
export const isOnOrBefore = (a: CalendarDate, b: CalendarDate): boolean => compareDates(a, b) <= 0;
export const maxDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (isBefore(a, b) ? b : a);
export const minDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (isBefore(a, b) ? a : b);

export const addDays = (date: CalendarDate, days: number): CalendarDate => plainDate(date).add({ days }).toString();
export const addMonths = (date: CalendarDate, months: number): CalendarDate => plainDate(date).add({ months }).toString();
export const addYears = (date: CalendarDate, years: number): CalendarDate => plainDate(date).add({ years }).toString();

/** Days from `from` to `to`: 0 on the same day, negative when `to` is before `from`. */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number =>
  plainDate(from).until(plainDate(to), { largestUnit: 'days' }).days;

/** Days from `from` to `to`, both included: a period of one day counts 1. */
export const daysInclusive = (from: CalendarDate, to: CalendarDate): number =>
  plainDate(from).until(plainDate(to), { largestUnit: 'days' }).days + 1;
