import { addDays, addYears, compareDates, daysInclusive, type CalendarDate } from '@digit/calendar';
import type { GisOptionNumber, Party, TerminationCause } from '../conventions/convention-view.js';
import type { ConventionEvent, Sizing } from './conventions.events.js';

/**
 * The terms in force on each day of a town's convention, read from its events alone (R-BIL-1,
 * R-BIL-6, R-CON-2..4, R-CON-7). One pure function for the events' producer (the conventions
 * service) and their consumer (billing computes its shares from the events it received, in its own
 * transactions, without asking conventions at billing time):
 * - a version starts at entry into force (or an express renewal) and lasts one year plus its
 *   tacit renewals, ending the day before the anniversary (R-CON-2, R-CON-3);
 * - the terms are the draft's, then each amendment's from its effective date (merged over the
 *   latest recorded terms), or an express renewal's new terms from its start (R-CON-7);
 * - a notice or a mutual agreement ends the version it falls in on the day before its effective
 *   date (R-CON-4), when that date is inside a version; otherwise the convention expires first.
 * Events that change no term (contacts, deliberations, calendar facts...) change nothing here.
 */

/** Article 1.1: the town's share of the SIG operational budget per GIS tool option (R-CON-7). */
export const SIG_OPTION_SHARES: Readonly<Record<GisOptionNumber, string>> = {
  1: '0.004',
  2: '0.024',
  3: '0.048',
  4: '0.14',
};

/** A run of days (both ends included) in force with the same terms; rates are decimal strings. */
export interface TermsPeriod {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly version: number;
  readonly sigOption: GisOptionNumber;
  /** Share of the SIG operational budget for the option, e.g. "0.004" for option 1. */
  readonly sigRate: string;
  /** Share of the personnel base (taux de mise à disposition des ressources), e.g. "0.077". */
  readonly resourcesShare: string;
  /** Share of the structure flat amount, e.g. "0.077". */
  readonly structureShare: string;
  /** The amendment whose terms these are; null for the draft's or an express renewal's. */
  readonly amendmentNumber: number | null;
  /** True when the figures are demo data, not the seed's (DOMAIN.md "Actors"). */
  readonly demo: boolean;
  readonly days: number;
}

export interface ConventionTermination {
  readonly cause: TerminationCause;
  readonly requestedBy: Party | null;
  /** The first day without the convention. */
  readonly effectiveDate: CalendarDate;
}

export interface ConventionTermsTimeline {
  readonly entryIntoForce: CalendarDate | null;
  /** In date order, never overlapping; days outside every period are days without a convention. */
  readonly periods: readonly TermsPeriod[];
  /** The termination that ends a running version, null when none does. */
  readonly termination: ConventionTermination | null;
  readonly demo: boolean;
}

interface Version {
  readonly version: number;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

interface SizingRecord {
  readonly from: CalendarDate | null;
  readonly sizing: Sizing;
  readonly amendmentNumber: number | null;
  readonly demo: boolean;
}

interface Reading {
  readonly tacitRenewals: number;
  readonly townDemo: boolean;
  readonly versions: readonly Version[];
  readonly sizings: readonly SizingRecord[];
  readonly termination: ConventionTermination | null;
}

const EMPTY: Reading = { tacitRenewals: 0, townDemo: false, versions: [], sizings: [], termination: null };

const versionEnd = (start: CalendarDate, tacitRenewals: number): CalendarDate => addDays(addYears(start, tacitRenewals + 1), -1);

const read = (reading: Reading, event: ConventionEvent): Reading => {
  switch (event.type) {
    case 'ConventionDrafted': {
      const demo = event.data.demo === true;
      return {
        ...reading,
        tacitRenewals: event.data.tacitRenewals,
        townDemo: demo,
        sizings: [{ from: null, sizing: event.data.sizing, amendmentNumber: null, demo }],
      };
    }
    case 'ConventionEnteredIntoForce': {
      const { on } = event.data;
      return { ...reading, versions: [{ version: 1, start: on, end: versionEnd(on, reading.tacitRenewals) }] };
    }
    case 'ConventionRenewedExpressly': {
      const { version, startsOn, tacitRenewals, sizing, demo } = event.data;
      const sizings = sizing
        ? [...reading.sizings, { from: startsOn, sizing, amendmentNumber: null, demo: demo === true }]
        : reading.sizings;
      return {
        ...reading,
        versions: [...reading.versions, { version, start: startsOn, end: versionEnd(startsOn, tacitRenewals) }],
        sizings,
      };
    }
    case 'ConventionAmended': {
      const { amendmentNumber, effectiveFrom, changes, demo } = event.data;
      const previous = reading.sizings.at(-1);
      if (!previous) return reading;
      const record = { from: effectiveFrom, sizing: { ...previous.sizing, ...changes }, amendmentNumber, demo: demo === true };
      return { ...reading, sizings: [...reading.sizings, record] };
    }
    case 'TerminationNoticeGiven': {
      const { requestedBy, effectiveDate } = event.data;
      return { ...reading, termination: { cause: 'notice', requestedBy, effectiveDate } };
    }
    case 'ConventionTerminatedByMutualAgreement':
      return { ...reading, termination: { cause: 'mutual_agreement', requestedBy: null, effectiveDate: event.data.effectiveDate } };
    default:
      return reading;
  }
};

/** A termination counts when it falls after the start of a version and no later than its last day + 1. */
const endingTermination = (reading: Reading): ConventionTermination | null => {
  const termination = reading.termination;
  if (!termination) return null;
  const ends = reading.versions.some(
    (version) => compareDates(version.start, termination.effectiveDate) < 0 && compareDates(termination.effectiveDate, version.end) <= 0,
  );
  return ends ? termination : null;
};

/** The latest recorded terms that apply on `date`. */
const sizingOn = (reading: Reading, date: CalendarDate): SizingRecord | undefined =>
  [...reading.sizings].reverse().find((record) => record.from === null || compareDates(record.from, date) <= 0);

const periodsOf = (reading: Reading, termination: ConventionTermination | null): TermsPeriod[] =>
  reading.versions.flatMap((version) => {
    const endedOn = termination?.effectiveDate;
    const to = endedOn && compareDates(endedOn, version.end) <= 0 ? addDays(endedOn, -1) : version.end;
    if (compareDates(to, version.start) < 0) return [];
    const changes = reading.sizings
      .map((record) => record.from)
      .filter((from): from is CalendarDate => from !== null && compareDates(version.start, from) < 0 && compareDates(from, to) <= 0);
    const starts = [...new Set([version.start, ...changes])].sort(compareDates);
    return starts.flatMap((from, index): TermsPeriod[] => {
      const next = starts[index + 1];
      const until = next ? addDays(next, -1) : to;
      const record = sizingOn(reading, from);
      if (!record) return [];
      return [
        {
          from,
          to: until,
          version: version.version,
          sigOption: record.sizing.sigOption,
          sigRate: SIG_OPTION_SHARES[record.sizing.sigOption],
          resourcesShare: record.sizing.resourcesShare,
          structureShare: record.sizing.structureShare,
          amendmentNumber: record.amendmentNumber,
          demo: reading.townDemo || record.demo,
          days: daysInclusive(from, until),
        },
      ];
    });
  });

/** The town's terms timeline from its convention events, in stream order. */
export const conventionTermsTimeline = (events: readonly ConventionEvent[]): ConventionTermsTimeline => {
  const reading = events.reduce(read, EMPTY);
  const termination = endingTermination(reading);
  const periods = periodsOf(reading, termination);
  return {
    entryIntoForce: reading.versions[0]?.start ?? null,
    periods,
    termination,
    demo: reading.townDemo || periods.some((period) => period.demo),
  };
};
