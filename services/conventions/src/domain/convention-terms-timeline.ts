import { foldEvents, type DomainError } from '@digit/contracts';
import { addDays, daysInclusive, isBefore, isOnOrBefore, maxDate, minDate } from '@digit/calendar';
import type { IsoDate } from './calendar-date.js';
import { effectiveTermination, sizingOn } from './convention-calendar.js';
import { conventionDecider } from './convention.decider.js';
import { conventionError } from './convention.errors.js';
import type { ConventionEvent } from './convention.events.js';
import { gisOption, type GisOptionNumber } from './gis-options.js';

/**
 * The terms timeline billing needs (R-BIL-1, R-BIL-6): the stretches of days during which the
 * convention was in force (notice period included) with the same terms, derived from the
 * convention events alone.
 *
 * Shape (JSON-serialisable; `from` and `to` both included, rates as decimal strings):
 *   { from: '2024-01-01', to: '2027-12-31', version: 1, sigOption: 1, sigRate: '0.004',
 *     resourcesShare: '0.077', structureShare: '0.077', amendmentNumber: null, demo: false, days: 1461 }
 * Periods are in date order and never overlap; a new period starts at each amendment, each express
 * renewal (new version) and ends the day before a termination takes effect or on the last day of
 * the last tacit renewal. Days outside every period are days without a convention.
 */
export interface TermsPeriod {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly version: number;
  readonly sigOption: GisOptionNumber;
  readonly sigRate: string;
  readonly resourcesShare: string;
  readonly structureShare: string;
  readonly amendmentNumber: number | null;
  readonly demo: boolean;
  readonly days: number;
}

export interface TermsYear {
  readonly year: number;
  readonly daysInYear: number;
  readonly periods: readonly TermsPeriod[];
}

/** Every in-force period of the convention, whole history. */
export const conventionTermsTimeline = (events: readonly ConventionEvent[]): readonly TermsPeriod[] => {
  const state = foldEvents(conventionDecider, events);
  const endedOn = effectiveTermination(state)?.effectiveDate;
  return state.versions.flatMap((version) => {
    const to = endedOn && isOnOrBefore(endedOn, version.end) ? addDays(endedOn, -1) : version.end;
    if (isBefore(to, version.start)) return [];
    const changes = state.sizings
      .map((record) => record.from)
      .filter((from): from is IsoDate => from !== null && isBefore(version.start, from) && isOnOrBefore(from, to));
    const starts = [version.start, ...changes];
    return starts.map((from, index): TermsPeriod => {
      const until = starts[index + 1] ? addDays(starts[index + 1]!, -1) : to;
      const record = sizingOn(state, from)!;
      return {
        from,
        to: until,
        version: version.version,
        sigOption: record.sizing.sigOption,
        sigRate: gisOption(record.sizing.sigOption).sigShare,
        resourcesShare: record.sizing.resourcesShare,
        structureShare: record.sizing.structureShare,
        amendmentNumber: record.amendmentNumber,
        demo: state.town?.demo === true || record.demo,
        days: daysInclusive(from, until),
      };
    });
  });
};

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
