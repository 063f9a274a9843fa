import { daysInclusive, isOnOrBefore, maxDate, minDate } from '@digit/calendar';
import { conventionTermsTimeline as sharedTermsTimeline, type DomainError, type TermsPeriod } from '@digit/contracts';
import { conventionError } from './convention.errors.js';
import type { ConventionEvent } from '@digit/contracts';

/**
 * The terms timeline (R-BIL-1, R-BIL-6): the stretches of days during which the convention was in
 * force (notice period included) with the same terms, derived from the convention events alone by
 * the one pure function both this service and billing use (libs/contracts
 * events/convention-terms-timeline.ts, issue 17).
 */
export type { TermsPeriod };

export interface TermsYear {
  readonly year: number;
  readonly daysInYear: number;
  readonly periods: readonly TermsPeriod[];
}

/** Every in-force period of the convention, whole history. */
export const conventionTermsTimeline = (events: readonly ConventionEvent[]): readonly TermsPeriod[] => sharedTermsTimeline(events).periods;

/** The in-force periods clipped to one calendar year, for the year's pro rata (R-BIL-6). */
export const conventionTermsForYear = (events: readonly ConventionEvent[], year: number): TermsYear | DomainError => {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    return conventionError('invalid_date', "L'année doit être un entier à quatre chiffres, par exemple 2024.", 'year');
  }
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const periods = conventionTermsTimeline(events)
    .filter((period) => isOnOrBefore(period.from, last) && isOnOrBefore(first, period.to))
    .map((period) => {
      const from = maxDate(period.from, first);
      const to = minDate(period.to, last);
      return { ...period, from, to, days: daysInclusive(from, to) };
    });
  return { year, daysInYear: daysInclusive(first, last), periods };
};
