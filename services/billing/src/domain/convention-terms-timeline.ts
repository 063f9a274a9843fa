import { addDays, addYears, compareDates, daysInclusive, type IsoDate } from './calendar-date.js';
import type { Investment, TerminationDepreciationInput } from './depreciation.js';
import { SHARE_CHANGES, type ShareAmendment } from './rate-review.decider.js';
import { SIG_OPTION_RATES, type TermsPeriod } from './town-share.js';

/**
 * Billing's own reading of the conventions service's domain events (received on NATS), giving
 * the terms in force on each day (R-BIL-1, R-BIL-6, R-CON-2..4, R-CON-7). Billing never imports
 * the conventions service: the event shapes below restate what services/conventions documents in
 * convention.events.ts, and the rules restate convention-terms-timeline.ts:
 * - a version starts at entry into force (or an express renewal) and lasts one year plus its
 *   tacit renewals, ending the day before the anniversary (R-CON-2, R-CON-3);
 * - the terms are the draft's, then each amendment's from its effective date (merged over the
 *   latest recorded terms), or an express renewal's new terms from its start (R-CON-7);
 * - a notice or a mutual agreement ends the version it falls in on the day before its effective
 *   date (R-CON-4), when that date is inside a version; otherwise the convention expires first.
 * Event types billing does not use (contacts, deliberations, calendar facts...) change nothing.
 */
export interface ConventionFact {
  readonly type: string;
  readonly data: unknown;
}

type GisOption = 1 | 2 | 3 | 4;
type Party = 'town' | 'ept';

interface Sizing {
  readonly sigOption: GisOption;
  readonly resourcesShare: string;
  readonly structureShare: string;
}

interface DraftedData {
  readonly tacitRenewals: number;
  readonly sizing: Sizing;
  readonly demo?: boolean;
}
interface EnteredIntoForceData {
  readonly on: IsoDate;
}
interface AmendedData {
  readonly amendmentNumber: number;
  readonly signedOn: IsoDate;
  readonly effectiveFrom: IsoDate;
  readonly changes: Partial<Sizing>;
  readonly demo?: boolean;
}
interface RenewedExpresslyData {
  readonly version: number;
  readonly startsOn: IsoDate;
  readonly tacitRenewals: number;
  readonly sizing?: Sizing;
  readonly demo?: boolean;
}
interface NoticeData {
  readonly requestedBy: Party;
  readonly effectiveDate: IsoDate;
}
interface MutualAgreementData {
  readonly effectiveDate: IsoDate;
}

/** A period of the timeline: billing's TermsPeriod plus what statements and ops show. */
export interface ConventionTermsPeriod extends TermsPeriod {
  readonly version: number;
  readonly sigOption: GisOption;
  readonly demo: boolean;
  readonly days: number;
}

export interface ConventionTermination {
  readonly cause: 'notice' | 'mutual_agreement';
  readonly requestedBy: Party | null;
  /** The first day without the convention. */
  readonly effectiveDate: IsoDate;
}

export interface ConventionTimeline {
  readonly entryIntoForce: IsoDate | null;
  /** In date order, never overlapping; days outside every period are days without a convention. */
  readonly periods: readonly ConventionTermsPeriod[];
  /** The termination that ends a running version, null when none does. */
  readonly termination: ConventionTermination | null;
  /** True when the town's figures are demo data, not the seed's (DOMAIN.md "Actors"). */
  readonly demo: boolean;
}

interface Version {
  readonly version: number;
  readonly start: IsoDate;
  readonly end: IsoDate;
}

interface SizingRecord {
  readonly from: IsoDate | null;
  readonly sizing: Sizing;
  readonly demo: boolean;
}

interface Reading {
  readonly tacitRenewals: number;
  readonly townDemo: boolean;
  readonly versions: readonly Version[];
  readonly sizings: readonly SizingRecord[];
  readonly termination: ConventionTermination | null;
}

const versionEnd = (start: IsoDate, tacitRenewals: number): IsoDate => addDays(addYears(start, tacitRenewals + 1), -1);

const read = (reading: Reading, fact: ConventionFact): Reading => {
  switch (fact.type) {
    case 'ConventionDrafted': {
      const data = fact.data as DraftedData;
      const demo = data.demo === true;
      return { ...reading, tacitRenewals: data.tacitRenewals, townDemo: demo, sizings: [{ from: null, sizing: data.sizing, demo }] };
    }
    case 'ConventionEnteredIntoForce': {
      const { on } = fact.data as EnteredIntoForceData;
      return { ...reading, versions: [{ version: 1, start: on, end: versionEnd(on, reading.tacitRenewals) }] };
    }
    case 'ConventionRenewedExpressly': {
      const data = fact.data as RenewedExpresslyData;
      const version = { version: data.version, start: data.startsOn, end: versionEnd(data.startsOn, data.tacitRenewals) };
      const sizings = data.sizing ? [...reading.sizings, { from: data.startsOn, sizing: data.sizing, demo: data.demo === true }] : reading.sizings;
      return { ...reading, versions: [...reading.versions, version], sizings };
    }
    case 'ConventionAmended': {
      const data = fact.data as AmendedData;
      const previous = reading.sizings.at(-1);
      if (!previous) return reading;
      const record = { from: data.effectiveFrom, sizing: { ...previous.sizing, ...data.changes }, demo: data.demo === true };
      return { ...reading, sizings: [...reading.sizings, record] };
    }
    case 'TerminationNoticeGiven': {
      const { requestedBy, effectiveDate } = fact.data as NoticeData;
      return { ...reading, termination: { cause: 'notice', requestedBy, effectiveDate } };
    }
    case 'ConventionTerminatedByMutualAgreement': {
      const { effectiveDate } = fact.data as MutualAgreementData;
      return { ...reading, termination: { cause: 'mutual_agreement', requestedBy: null, effectiveDate } };
    }
    default:
      return reading;
  }
};

const EMPTY: Reading = { tacitRenewals: 0, townDemo: false, versions: [], sizings: [], termination: null };

/** A termination counts when it falls after the start of a version and no later than its last day + 1. */
const endingTermination = (reading: Reading): ConventionTermination | null => {
  const termination = reading.termination;
  if (!termination) return null;
  const ends = reading.versions.some(
    (version) => compareDates(version.start, termination.effectiveDate) < 0 && compareDates(termination.effectiveDate, version.end) <= 0,
  );
  return ends ? termination : null;
};

/** The latest recorded terms that apply on `date` (the conventions service's own lookup). */
const sizingOn = (reading: Reading, date: IsoDate): SizingRecord | undefined =>
  [...reading.sizings].reverse().find((record) => record.from === null || compareDates(record.from, date) <= 0);

const periodsOf = (reading: Reading, termination: ConventionTermination | null): ConventionTermsPeriod[] =>
  reading.versions.flatMap((version) => {
    const endedOn = termination?.effectiveDate;
    const to = endedOn && compareDates(endedOn, version.end) <= 0 ? addDays(endedOn, -1) : version.end;
    if (compareDates(to, version.start) < 0) return [];
    const changes = reading.sizings
      .map((record) => record.from)
      .filter((from): from is IsoDate => from !== null && compareDates(version.start, from) < 0 && compareDates(from, to) <= 0);
    const starts = [...new Set([version.start, ...changes])].sort(compareDates);
    return starts.flatMap((from, index): ConventionTermsPeriod[] => {
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
          sigRate: SIG_OPTION_RATES[record.sizing.sigOption],
          resourcesShare: record.sizing.resourcesShare,
          structureShare: record.sizing.structureShare,
          demo: reading.townDemo || record.demo,
          days: daysInclusive(from, until),
        },
      ];
    });
  });

/** The town's terms timeline from its convention events, in stream order. */
export const conventionTimelineOf = (facts: readonly ConventionFact[]): ConventionTimeline => {
  const reading = facts.reduce(read, EMPTY);
  const termination = endingTermination(reading);
  const periods = periodsOf(reading, termination);
  return {
    entryIntoForce: reading.versions[0]?.start ?? null,
    periods,
    termination,
    demo: reading.townDemo || periods.some((period) => period.demo),
  };
};

/** An amendment of the town's share (R-CON-7) read from its `ConventionAmended` event; null for any other fact. */
export const shareAmendmentOf = (fact: ConventionFact): ShareAmendment | null => {
  if (fact.type !== 'ConventionAmended') return null;
  const { amendmentNumber, signedOn, effectiveFrom, changes } = fact.data as AmendedData;
  return { amendmentNumber, signedOn, effectiveFrom, changes: SHARE_CHANGES.filter((key) => changes[key] !== undefined) };
};

/**
 * What the depreciation share needs when a town's termination takes effect (R-BIL-7): its usage
 * share is its resources share on its last day in force. Null when the convention never started.
 */
export const depreciationInputOf = (
  insee: string,
  timeline: ConventionTimeline,
  termination: { readonly on: IsoDate; readonly requestedBy: Party },
  register: readonly Investment[],
): TerminationDepreciationInput | null => {
  if (!timeline.entryIntoForce) return null;
  const lastDay = addDays(termination.on, -1);
  const lastPeriod = [...timeline.periods].reverse().find((period) => compareDates(period.from, lastDay) <= 0);
  if (!lastPeriod) return null;
  return {
    insee,
    requestedBy: termination.requestedBy,
    conventionStart: timeline.entryIntoForce,
    terminationDate: termination.on,
    usageShare: lastPeriod.resourcesShare,
    register,
  };
};
