import { Temporal } from 'temporal-polyfill';

/** A calendar date `YYYY-MM-DD` (Europe/Paris business calendar; no time, no zone). */
export type IsoDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (2024-02-30 is not). */
export const isIsoDate = (value: unknown): value is IsoDate => {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
};

const plain = (date: IsoDate): Temporal.PlainDate => Temporal.PlainDate.from(date);

export const compareDates = (a: IsoDate, b: IsoDate): number => Temporal.PlainDate.compare(plain(a), plain(b));
export const isBefore = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) < 0;
export const isOnOrBefore = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) <= 0;
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (isBefore(a, b) ? b : a);
export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (isBefore(a, b) ? a : b);

export const addDays = (date: IsoDate, days: number): IsoDate => plain(date).add({ days }).toString();

/**
 * Adds calendar months with Temporal's default `overflow: 'constrain'`: a day that does not exist
 * in the target month becomes that month's last day (2023-11-30 + 3 months = 2024-02-29,
 * 2024-11-30 + 3 months = 2025-02-28, 2024-05-31 + 3 months = 2024-08-31).
 */
export const addMonths = (date: IsoDate, months: number): IsoDate => plain(date).add({ months }).toString();

/** Adds years, constrained like `addMonths` (2024-02-29 + 1 year = 2025-02-28). */
export const addYears = (date: IsoDate, years: number): IsoDate => plain(date).add({ years }).toString();

/** Number of days from `from` to `to`, both included. */
export const daysInclusive = (from: IsoDate, to: IsoDate): number => plain(from).until(plain(to)).days + 1;

/** `07/12/2023`: how French readers see a date. */
export const frenchDate = (date: IsoDate): string => {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
};
