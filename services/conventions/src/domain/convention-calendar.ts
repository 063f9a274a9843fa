import type { ConventionAsOfView, ConventionStatus } from '@digit/contracts';
import { addDays, addYears, compareDates, isBefore, isOnOrBefore, minDate } from '@digit/calendar';
import type { IsoDate } from './calendar-date.js';
import type { ConventionEvent, DeliberationRecordedData } from '@digit/contracts';
import type { ConventionState, SizingRecord, TerminationRecord, VersionRecord } from './convention.state.js';
import { renewalKey } from './convention.state.js';

/**
 * The convention read on any calendar date, from state alone. Renewals, expiry and the effect of a
 * termination follow from the dates (R-CON-2..4): they need no event to have happened.
 */
export type { ConventionStatus };

export interface Term {
  /** 0 for the initial year, n after the n-th tacit renewal. */
  readonly index: number;
  readonly start: IsoDate;
  readonly end: IsoDate;
}

export const approvalDeliberation = (state: ConventionState): DeliberationRecordedData | null =>
  state.deliberations.find((d) => d.assembly === 'town' && d.purpose === 'approval') ?? null;

/** The latest version that started on or before `date`. */
export const versionOn = (state: ConventionState, date: IsoDate): VersionRecord | null =>
  [...state.versions].reverse().find((version) => isOnOrBefore(version.start, date)) ?? null;

export const currentVersion = (state: ConventionState): VersionRecord | null => state.versions[state.versions.length - 1] ?? null;

/**
 * The termination, when it ends a term that is running: a notice whose three months end after the
 * last day in force changes nothing, the convention expires first.
 */
export const effectiveTermination = (state: ConventionState): TerminationRecord | null => {
  const termination = state.termination;
  if (!termination) return null;
  const ends = state.versions.some(
    (version) => isBefore(version.start, termination.effectiveDate) && isOnOrBefore(termination.effectiveDate, version.end),
  );
  return ends ? termination : null;
};

export const anniversary = (version: VersionRecord, renewal: number): IsoDate => addYears(version.start, renewal);

/** The yearly term of `version` running on `date` (start <= date <= end of the version). */
export const termOn = (version: VersionRecord, date: IsoDate): Term => {
  let index = 0;
  while (index < version.tacitRenewals && isOnOrBefore(anniversary(version, index + 1), date)) index += 1;
  return { index, start: anniversary(version, index), end: addDays(anniversary(version, index + 1), -1) };
};

export const conventionStatusOn = (state: ConventionState, date: IsoDate): ConventionStatus | null => {
  if (!state.town || isBefore(date, state.town.draftedOn)) return null;
  const termination = effectiveTermination(state);
  if (termination && isOnOrBefore(termination.effectiveDate, date)) return 'terminated';
  const version = versionOn(state, date);
  if (version) {
    if (isBefore(version.end, date)) return 'expired';
    if (state.termination?.cause === 'notice' && isOnOrBefore(state.termination.decidedOn, date)) return 'notice_given';
    return 'in_force';
  }
  const { town, ept } = state.signatures;
  if (town && ept && isOnOrBefore(town.signedOn, date) && isOnOrBefore(ept.signedOn, date)) return 'signed';
  const approval = approvalDeliberation(state);
  if (approval && isOnOrBefore(approval.councilDate, date)) return 'approved';
  return 'draft';
};

/** Tacit renewals that took place by `date` in the version running then (none after a termination). */
export const renewalsDoneOn = (state: ConventionState, date: IsoDate): number => {
  const version = versionOn(state, date);
  if (!version) return 0;
  const cutoff = minDate(date, version.end);
  const endedOn = effectiveTermination(state)?.effectiveDate;
  let done = 0;
  for (let renewal = 1; renewal <= version.tacitRenewals; renewal += 1) {
    const on = anniversary(version, renewal);
    if (isOnOrBefore(on, cutoff) && (!endedOn || isBefore(on, endedOn))) done += 1;
  }
  return done;
};

/** The terms as they read on `date`: the draft's, then each amendment or new version from its date. */
export const sizingOn = (state: ConventionState, date: IsoDate): SizingRecord | null =>
  [...state.sizings].reverse().find((record) => record.from === null || isOnOrBefore(record.from, date)) ?? null;

/**
 * The last day the version running on `date` stays in force, as known on `knownOn`: the day
 * before a termination decided by then, else the version's end unless a new version decided by
 * then continues it (express renewal, R-CON-3). Null when none runs on `date`.
 */
export const lastDayInForce = (state: ConventionState, date: IsoDate, knownOn: IsoDate = date): IsoDate | null => {
  const version = versionOn(state, date);
  if (!version) return null;
  const termination = effectiveTermination(state);
  const terminated =
    termination &&
    isOnOrBefore(termination.decidedOn, knownOn) &&
    isBefore(version.start, termination.effectiveDate) &&
    isOnOrBefore(termination.effectiveDate, version.end);
  if (terminated) return addDays(termination.effectiveDate, -1);
  const next = addDays(version.end, 1);
  const continued = state.versions.some(
    (candidate) => candidate.start === next && (!candidate.decidedOn || isOnOrBefore(candidate.decidedOn, knownOn)),
  );
  return continued ? lastDayInForce(state, next, knownOn) : version.end;
};

/** R-CON-5: the data return an EPT's notice obliges, as it stands on `asOf` (null when none is owed). */
export const dataReturnOn = (state: ConventionState, asOf: IsoDate): ConventionAsOfView['dataReturn'] => {
  const termination = effectiveTermination(state);
  if (!termination || termination.cause !== 'notice' || termination.requestedBy !== 'ept') return null;
  if (isBefore(asOf, termination.decidedOn)) return null;
  const doneOn = state.dataReturnDoneOn !== null && isOnOrBefore(state.dataReturnDoneOn, asOf) ? state.dataReturnDoneOn : null;
  const status = doneOn ? 'done' : isBefore(asOf, termination.effectiveDate) ? 'pending' : 'open';
  return { status, dueFrom: termination.effectiveDate, doneOn };
};

/** Calendar facts dated on or before `today` that the log does not hold yet, in date order. */
export const dueCalendarTransitions = (state: ConventionState, today: IsoDate): ConventionEvent[] => {
  const termination = effectiveTermination(state);
  const endedOn = termination?.effectiveDate;
  const due: { readonly date: IsoDate; readonly event: ConventionEvent }[] = [];
  state.versions.forEach((version, position) => {
    for (let renewal = 1; renewal <= version.tacitRenewals; renewal += 1) {
      const termStart = anniversary(version, renewal);
      if (!isOnOrBefore(termStart, today) || (endedOn && !isBefore(termStart, endedOn))) continue;
      if (state.recordedRenewals.includes(renewalKey(version.version, renewal))) continue;
      const termEnd = addDays(anniversary(version, renewal + 1), -1);
      const data = { version: version.version, renewal, termStart, termEnd };
      due.push({ date: termStart, event: { type: 'ConventionTacitlyRenewed', data } });
    }
    const on = addDays(version.end, 1);
    const terminatedWithin = endedOn !== undefined && isOnOrBefore(endedOn, version.end);
    const continued = state.versions[position + 1]?.start === on;
    if (isOnOrBefore(on, today) && !terminatedWithin && !continued && !state.recordedExpiries.includes(version.version)) {
      due.push({ date: on, event: { type: 'ConventionExpired', data: { version: version.version, lastDay: version.end, on } } });
    }
  });
  if (termination && isOnOrBefore(termination.effectiveDate, today) && !state.terminationRecorded) {
    const data = {
      on: termination.effectiveDate,
      cause: termination.cause,
      ...(termination.requestedBy ? { requestedBy: termination.requestedBy } : {}),
    };
    due.push({ date: termination.effectiveDate, event: { type: 'TerminationTookEffect', data } });
  }
  return [...due].sort((a, b) => compareDates(a.date, b.date)).map(({ event }) => event);
};
