import { daysInclusive, type CalendarDate } from '@digit/calendar';
import type { Half } from '@digit/contracts';

/** The halves of a billing year (R-BIL-4): billing's own calendar, beside libs/calendar's dates. */
export type { Half };
export const HALVES: readonly Half[] = [1, 2];

export interface Semester {
  readonly half: Half;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
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
