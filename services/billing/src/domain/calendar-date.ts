import { Temporal } from 'temporal-polyfill';

/** Calendar dates travel as `YYYY-MM-DD` strings (CONTRACT.md); these helpers are the only parsers. */
export type IsoDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isIsoDate = (value: unknown): value is IsoDate => {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
};

export const plainDate = (date: IsoDate): Temporal.PlainDate =>
  Temporal.PlainDate.from(date, { overflow: 'reject' });

export const compareDates = (a: IsoDate, b: IsoDate): number =>
  Temporal.PlainDate.compare(plainDate(a), plainDate(b));

export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (compareDates(a, b) >= 0 ? a : b);
export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (compareDates(a, b) <= 0 ? a : b);

export const addDays = (date: IsoDate, days: number): IsoDate => plainDate(date).add({ days }).toString();

/** Adds years; a 29 February with no twin becomes 28 February (Temporal's `constrain`, as the conventions service does). */
export const addYears = (date: IsoDate, years: number): IsoDate => plainDate(date).add({ years }).toString();

/** Days from `from` to `to`, both included: a period of one day counts 1. */
export const daysInclusive = (from: IsoDate, to: IsoDate): number =>
  plainDate(from).until(plainDate(to), { largestUnit: 'days' }).days + 1;

/** `2023-12-07` → `07/12/2023`, as French documents write dates. */
export const formatDateFr = (date: IsoDate): string => {
  const day = plainDate(date);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(day.day)}/${pad(day.month)}/${String(day.year).padStart(4, '0')}`;
};

export type Half = 1 | 2;
export const HALVES: readonly Half[] = [1, 2];

export interface Semester {
  readonly half: Half;
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** 181 or 182 (leap year) for the first half, always 184 for the second. */
  readonly days: number;
}

/** Half 1 is January to June, half 2 July to December (R-BIL-4). */
export const semesterOf = (year: number, half: Half): Semester => {
  const yyyy = String(year).padStart(4, '0');
  const from = half === 1 ? `${yyyy}-01-01` : `${yyyy}-07-01`;
  const to = half === 1 ? `${yyyy}-06-30` : `${yyyy}-12-31`;
  return { half, from, to, days: daysInclusive(from, to) };
};

export const isHalf = (value: unknown): value is Half => value === 1 || value === 2;
