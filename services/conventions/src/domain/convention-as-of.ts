import { foldEvents, type ContactHolderView, type ConventionAsOfView } from '@digit/contracts';
import { addDays, isBefore, isOnOrBefore } from '@digit/calendar';
import type { IsoDate } from './calendar-date.js';
import {
  approvalDeliberation,
  conventionStatusOn,
  dataReturnOn,
  renewalsDoneOn,
  sizingOn,
  termOn,
  versionOn,
} from './convention-calendar.js';
import { conventionDecider } from './convention.decider.js';
import { noticeOutcome } from './convention-ending.decisions.js';
import { CONTACT_ROLES, type ContactRole, type ConventionEvent } from '@digit/contracts';
import { versionEnd, type ConventionState } from './convention.state.js';
import { gisOption } from './gis-options.js';
import { conventionAlerts } from './convention-alerts.js';
import { sigUsageOn } from './sig-usage.js';

export type { ContactHolderView, ConventionAsOfView };

/**
 * CONTRACT.md `GET /api/v1/conventions/{insee}?asOf=`: the convention as it stood on `asOf`, past or
 * future, from the events alone. Dates inside the events decide, not the day they were recorded:
 * renewals and expiry follow from the calendar, so the view never needs the scheduler's events.
 * (An auditor's "as the system knew it at instant T" is the same function over the events
 * recorded up to T.)
 */
const known = (date: IsoDate | undefined, asOf: IsoDate): IsoDate | null => (date && isOnOrBefore(date, asOf) ? date : null);

const contactsOn = (state: ConventionState, asOf: IsoDate): ConventionAsOfView['contacts'] => {
  const holders = (role: ContactRole): ContactHolderView[] =>
    state.contacts
      .filter((t) => t.role === role && isOnOrBefore(t.from, asOf) && (t.until === null || isBefore(asOf, t.until)))
      .map((t) => ({ ...t.person, since: t.from }));
  return Object.fromEntries(CONTACT_ROLES.map((role) => [role, holders(role)])) as Record<ContactRole, ContactHolderView[]>;
};

const openDataDomainOn = (state: ConventionState, asOf: IsoDate): ConventionAsOfView['openDataDomain'] => {
  const record = [...state.openDataDomains].reverse().find((domain) => isOnOrBefore(domain.from, asOf));
  if (!record) return null;
  return {
    variant: record.variant,
    domain: record.domain,
    since: record.from,
    evidence: record.evidence ?? null,
    demo: record.demo === true,
  };
};

/** The view of a folded state on one date; null when no convention existed yet. */
export const conventionViewOn = (state: ConventionState, asOf: IsoDate): ConventionAsOfView | null => {
  const status = conventionStatusOn(state, asOf);
  const town = state.town;
  const sizing = sizingOn(state, asOf);
  if (!status || !town || !sizing) return null;
  const version = versionOn(state, asOf);
  const running = status === 'in_force' || status === 'notice_given';
  const term = version && running ? termOn(version, asOf) : null;
  const option = gisOption(sizing.sizing.sigOption);
  const approval = approvalDeliberation(state);
  const termination = state.termination && isOnOrBefore(state.termination.decidedOn, asOf) ? state.termination : null;
  const notice = noticeOutcome(state);
  return {
    insee: town.insee,
    name: town.name,
    asOf,
    status,
    version: version?.version ?? 1,
    plannedEntryIntoForce: town.plannedEntryIntoForce,
    entryIntoForce: version?.start ?? null,
    tacitRenewals: version?.tacitRenewals ?? town.tacitRenewals,
    renewalsDone: renewalsDoneOn(state, asOf),
    currentTermStart: term?.start ?? null,
    currentTermEnd: term?.end ?? null,
    endsAtLatest: version?.end ?? versionEnd(town.plannedEntryIntoForce, town.tacitRenewals),
    sigOption: option.option,
    sigOptionUsers: { min: option.minUsers, max: option.maxUsers },
    sigOptionEditLicences: option.editLicences,
    sigRate: option.sigShare,
    resourcesShare: sizing.sizing.resourcesShare,
    structureShare: sizing.sizing.structureShare,
    amendmentNumber: sizing.amendmentNumber,
    contacts: contactsOn(state, asOf),
    deliberation:
      approval && isOnOrBefore(approval.councilDate, asOf)
        ? { councilDate: approval.councilDate, votes: approval.votes, transmission: approval.transmission }
        : null,
    signatures: { town: known(state.signatures.town?.signedOn, asOf), ept: known(state.signatures.ept?.signedOn, asOf) },
    termination: termination
      ? {
          cause: termination.cause,
          requestedBy: termination.requestedBy,
          decidedOn: termination.decidedOn,
          effectiveDate: termination.effectiveDate,
          takesEffect: notice?.takesEffect ?? true,
          conventionLastDay: notice?.conventionLastDay ?? addDays(termination.effectiveDate, -1),
          note: notice?.note ?? null,
        }
      : null,
    dataReturn: dataReturnOn(state, asOf),
    openDataDomain: openDataDomainOn(state, asOf),
    sigUsage: sigUsageOn(state, asOf),
    alerts: conventionAlerts(state, asOf),
    demo: town.demo || sizing.demo,
  };
};

/**
 * Folds the stream's events and reads the convention on `asOf` ('YYYY-MM-DD', a real date: the
 * request DTO checks it): null when no convention existed on that date (HTTP 404).
 */
export const conventionAsOf = (events: readonly ConventionEvent[], asOf: IsoDate): ConventionAsOfView | null =>
  conventionViewOn(foldEvents(conventionDecider, events), asOf);
