import { isDomainError } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import { seedConventionEvents } from '../seed/index.js';
import type { ConventionCommand, DraftConvention, RecordDeliberation } from './convention.commands.js';
import { conventionDecider } from './convention.decider.js';
import { CONVENTION_ERROR_CODES } from './convention.errors.js';
import type { ConventionEvent } from './convention.events.js';
import { decideSequence } from './convention-sequence.js';

const spec = deciderSpec(conventionDecider);
const seeded = (insee: string) => seedConventionEvents().find((stream) => stream.insee === insee)!.events;

const history = (...commands: ConventionCommand[]): ConventionEvent[] => {
  const events = decideSequence(commands);
  if (isDomainError(events)) throw new Error(`${events.code}: ${events.message}`);
  return [...events];
};
const then = (events: readonly ConventionEvent[], ...commands: ConventionCommand[]): ConventionEvent[] => {
  const decided = decideSequence(commands, events);
  if (isDomainError(decided)) throw new Error(`${decided.code}: ${decided.message}`);
  return [...events, ...decided];
};

const draft: DraftConvention = {
  type: 'DraftConvention',
  insee: '92012',
  draftedOn: '2023-12-01',
  plannedEntryIntoForce: '2024-01-01',
  tacitRenewals: 3,
  sizing: { sigOption: 1, resourcesShare: '0.077', structureShare: '0.0770' },
};
const deliberation: RecordDeliberation = {
  type: 'RecordDeliberation',
  assembly: 'town',
  purpose: 'approval',
  councilDate: '2023-12-07',
  subject: 'Convention de mutualisation de la DIGIT',
  votes: { for: 55, against: 0, abstentions: 0 },
  attendance: { present: 49, represented: 6 },
  transmission: { number: '092-219200128-20231207-137171-DE-1-1', date: '2023-12-13' },
};
const signTown: ConventionCommand = { type: 'SignConvention', party: 'town', signedOn: '2023-12-14' };
const signEpt: ConventionCommand = { type: 'SignConvention', party: 'ept', signedOn: '2023-12-14' };

const drafted = history(draft);
const approved = history(draft, deliberation);
const signedByTown = history(draft, deliberation, signTown);
const signed = history(draft, deliberation, signTown, signEpt);
const inForce = seeded('92012');
const noticed = then(inForce, { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2025-03-15' });
const noticedByEpt = then(inForce, { type: 'GiveTerminationNotice', requestedBy: 'ept', noticeDate: '2025-03-15' });
const dataReturned = then(noticedByEpt, { type: 'MarkDataReturned', doneOn: '2025-07-01' });
const alice = { personId: 'p-alice', name: 'Alice Martin' };
const withReferent = then(inForce, { type: 'AssignContact', role: 'referent', person: alice, from: '2024-02-01' });
const amendedOnce = then(inForce, { type: 'AmendConvention', signedOn: '2024-06-01', effectiveFrom: '2024-09-01', changes: { sigOption: 2 } });
const renewalDeliberation = (assembly: 'town' | 'ept', councilDate: string): RecordDeliberation => ({
  ...deliberation,
  assembly,
  purpose: 'express_renewal',
  councilDate,
  transmission: { number: `092-219200128-${councilDate.replaceAll('-', '')}-R${assembly}-DE`, date: councilDate },
});

describe('convention decider: accepted commands', () => {
  it('R-CON-1: a draft names the town from its INSEE code and keeps shares as normalised decimal strings', () => {
    spec.given([]).when(draft).then([
      {
        type: 'ConventionDrafted',
        data: {
          insee: '92012',
          name: 'Boulogne-Billancourt',
          draftedOn: '2023-12-01',
          plannedEntryIntoForce: '2024-01-01',
          tacitRenewals: 3,
          sizing: { sigOption: 1, resourcesShare: '0.077', structureShare: '0.077' },
        },
      },
    ]);
  });

  it('R-CON-1: deliberation, both signatures, then entry into force', () => {
    const { type: _type, ...recorded } = deliberation;
    spec.given(drafted).when(deliberation).then([{ type: 'DeliberationRecorded', data: recorded }]);
    spec.given(approved).when(signTown).then([{ type: 'ConventionSigned', data: { party: 'town', signedOn: '2023-12-14' } }]);
    spec.given(signed).when({ type: 'RecordEntryIntoForce', on: '2024-01-01' }).then([{ type: 'ConventionEnteredIntoForce', data: { on: '2024-01-01' } }]);
  });

  it.each([
    ['2025-03-15', '2025-06-15'],
    ['2025-03-31', '2025-06-30'],
    ['2024-11-30', '2025-02-28'],
    ['2023-11-30', '2024-02-29'],
    ['2024-05-31', '2024-08-31'],
    ['2024-12-31', '2025-03-31'],
  ])('R-CON-4: notice on %s takes effect on %s (Temporal add 3 months, month end constrained)', (noticeDate, effectiveDate) => {
    const events = noticeDate < '2024-01-01' ? seeded('92022') : inForce;
    spec.given(events).when({ type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate }).then([
      { type: 'TerminationNoticeGiven', data: { requestedBy: 'town', noticeDate, effectiveDate } },
    ]);
  });

  it('R-CON-7: an amendment records only the terms it changes, numbered', () => {
    spec
      .given(amendedOnce)
      .when({ type: 'AmendConvention', signedOn: '2025-01-10', effectiveFrom: '2025-02-01', changes: { sigOption: 2, structureShare: '0.08' } })
      .then([{ type: 'ConventionAmended', data: { amendmentNumber: 2, signedOn: '2025-01-10', effectiveFrom: '2025-02-01', changes: { structureShare: '0.08' } } }]);
  });

  it('R-CON-4: a notice whose effective date falls after the last day is recorded as given, with its own effective date', () => {
    spec.given(seeded('92022')).when({ type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2026-12-07' }).then([
      { type: 'TerminationNoticeGiven', data: { requestedBy: 'town', noticeDate: '2026-12-07', effectiveDate: '2027-03-07' } },
    ]);
  });

  it('R-CON-7: the town\'s users and edit licences of the web GIS are recorded with their date', () => {
    spec
      .given(inForce)
      .when({ type: 'RecordSigUsage', measuredOn: '2024-06-15', users: 7, editLicences: 2 })
      .then([{ type: 'SigUsageRecorded', data: { measuredOn: '2024-06-15', users: 7, editLicences: 2 } }]);
  });

  it('R-CON-5: the data return after a termination by the EPT is recorded once', () => {
    spec.given(noticedByEpt).when({ type: 'MarkDataReturned', doneOn: '2025-07-01' }).then([{ type: 'DataReturnCompleted', data: { doneOn: '2025-07-01' } }]);
  });

  it('R-CON-9: a small town may record the GPSO domain with its evidence', () => {
    const evidence = { inhabitantsUnder3500: true, agentsUnder50: true, inhabitants: 1700, source: 'INSEE, population légale' };
    spec
      .given(history({ ...draft, insee: '92047' }))
      .when({ type: 'RecordOpenDataDomain', variant: 'gpso_domain', domain: 'data.seineouest.fr', from: '2024-01-01', evidence })
      .then([{ type: 'OpenDataDomainRecorded', data: { variant: 'gpso_domain', domain: 'data.seineouest.fr', from: '2024-01-01', evidence } }]);
  });

  it('provenance is copied into the event (seed and demo data say so)', () => {
    spec
      .given([])
      .when({ ...draft, provenance: { demo: true, source: 'démonstration' } })
      .then([expect.objectContaining({ data: expect.objectContaining({ demo: true, source: 'démonstration' }) })]);
  });
});

describe('convention decider: calendar transitions (R-CON-2, R-CON-4)', () => {
  it('R-CON-2: records each passed anniversary once, then the expiry', () => {
    spec.given(inForce).when({ type: 'RecordCalendarTransitions', today: '2026-03-01' }).then([
      { type: 'ConventionTacitlyRenewed', data: { version: 1, renewal: 1, termStart: '2025-01-01', termEnd: '2025-12-31' } },
      { type: 'ConventionTacitlyRenewed', data: { version: 1, renewal: 2, termStart: '2026-01-01', termEnd: '2026-12-31' } },
    ]);
    const recorded = then(inForce, { type: 'RecordCalendarTransitions', today: '2026-03-01' });
    spec.given(recorded).when({ type: 'RecordCalendarTransitions', today: '2026-03-01' }).then([]);
    spec.given(recorded).when({ type: 'RecordCalendarTransitions', today: '2028-01-01' }).then([
      { type: 'ConventionTacitlyRenewed', data: { version: 1, renewal: 3, termStart: '2027-01-01', termEnd: '2027-12-31' } },
      { type: 'ConventionExpired', data: { version: 1, lastDay: '2027-12-31', on: '2028-01-01' } },
    ]);
  });

  it('R-CON-4: a termination takes effect instead of the next renewal and the expiry', () => {
    spec.given(noticedByEpt).when({ type: 'RecordCalendarTransitions', today: '2030-01-01' }).then([
      { type: 'ConventionTacitlyRenewed', data: { version: 1, renewal: 1, termStart: '2025-01-01', termEnd: '2025-12-31' } },
      { type: 'TerminationTookEffect', data: { on: '2025-06-15', cause: 'notice', requestedBy: 'ept' } },
    ]);
  });

  it('R-CON-2: nothing is due before entry into force', () => {
    spec.given(signed).when({ type: 'RecordCalendarTransitions', today: '2023-12-31' }).then([]);
  });
});

type InvalidCase = readonly [rule: string, what: string, code: string, given: readonly ConventionEvent[], command: ConventionCommand];

const invalid: readonly InvalidCase[] = [
  ['R-CON-1', 'a second draft', 'CONVENTION_ALREADY_DRAFTED', drafted, draft],
  ['R-CON-1', 'a town outside GPSO', 'UNKNOWN_TOWN', [], { ...draft, insee: '75056' }],
  ['R-CON-1', 'any command before the draft', 'CONVENTION_NOT_DRAFTED', [], signTown],
  ['R-CON-1', 'a date that does not exist', 'INVALID_DATE', [], { ...draft, draftedOn: '2023-02-30' }],
  ['R-CON-1', 'a date in French format', 'INVALID_DATE', [], { ...draft, draftedOn: '01/12/2023' }],
  ['R-CON-1', 'an entry planned before the draft', 'DATE_OUT_OF_ORDER', [], { ...draft, plannedEntryIntoForce: '2023-11-01' }],
  ['R-CON-2', 'a negative renewal count', 'INVALID_RENEWAL_COUNT', [], { ...draft, tacitRenewals: -1 }],
  ['R-CON-2', 'a fractional renewal count', 'INVALID_RENEWAL_COUNT', [], { ...draft, tacitRenewals: 1.5 }],
  ['R-CON-7', 'option 0 in a draft', 'INVALID_GIS_OPTION', [], { ...draft, sizing: { ...draft.sizing, sigOption: 0 as never } }],
  ['R-CON-7', 'option 5 in a draft', 'INVALID_GIS_OPTION', [], { ...draft, sizing: { ...draft.sizing, sigOption: 5 as never } }],
  ['R-CON-7', 'a share above 100 %', 'SHARE_OUT_OF_RANGE', [], { ...draft, sizing: { ...draft.sizing, resourcesShare: '1.2' } }],
  ['R-CON-7', 'a negative share', 'SHARE_OUT_OF_RANGE', [], { ...draft, sizing: { ...draft.sizing, structureShare: '-0.1' } }],
  ['R-CON-7', 'a share as a float', 'INVALID_SHARE', [], { ...draft, sizing: { ...draft.sizing, resourcesShare: 0.077 as never } }],
  ['R-CON-7', 'a share in percent', 'INVALID_SHARE', [], { ...draft, sizing: { ...draft.sizing, resourcesShare: '7,7 %' } }],
  ['R-CON-1', 'a deliberation before the draft', 'DATE_OUT_OF_ORDER', drafted, { ...deliberation, councilDate: '2023-11-07', transmission: { ...deliberation.transmission, number: '092-219200128-20231107-137171-DE' } }],
  ['R-CON-1', 'a deliberation without subject', 'INVALID_DELIBERATION', drafted, { ...deliberation, subject: '  ' }],
  ['R-CON-1', 'a deliberation of an unknown assembly', 'INVALID_PARTY', drafted, { ...deliberation, assembly: 'region' as never }],
  ['R-CON-1', 'negative votes', 'INVALID_VOTES', drafted, { ...deliberation, votes: { for: 55, against: -1, abstentions: 0 } }],
  ['R-CON-1', 'more votes than voters', 'INVALID_VOTES', drafted, { ...deliberation, votes: { for: 56, against: 0, abstentions: 0 } }],
  ['R-CON-1', 'a rejected deliberation', 'DELIBERATION_NOT_ADOPTED', drafted, { ...deliberation, votes: { for: 20, against: 30, abstentions: 5 } }],
  ['R-CON-1', 'a transmission number not in @ctes format', 'INVALID_TRANSMISSION', drafted, { ...deliberation, transmission: { number: '137171', date: '2023-12-13' } }],
  ['R-CON-1', 'a transmission number of another session', 'INVALID_TRANSMISSION', drafted, { ...deliberation, transmission: { number: '092-219200128-20231208-137171-DE', date: '2023-12-13' } }],
  ['R-CON-1', 'a transmission before the session', 'DATE_OUT_OF_ORDER', drafted, { ...deliberation, transmission: { ...deliberation.transmission, date: '2023-12-06' } }],
  ['R-CON-1', 'a second approval deliberation', 'DELIBERATION_ALREADY_RECORDED', approved, deliberation],
  ['R-CON-1', 'a signature before any deliberation', 'SIGNATURE_BEFORE_DELIBERATION', drafted, signTown],
  ['R-CON-1', 'a signature dated before the deliberation', 'SIGNATURE_BEFORE_DELIBERATION', approved, { ...signTown, signedOn: '2023-12-06' } as ConventionCommand],
  ['R-CON-1', "an EPT signature before the EPT's own deliberation", 'SIGNATURE_BEFORE_DELIBERATION', approved, { ...signEpt, authorisedByDeliberationOf: '2023-12-15' } as ConventionCommand],
  ['R-CON-1', 'a signature by an unknown party', 'INVALID_PARTY', approved, { ...signTown, party: 'state' } as never],
  ['R-CON-1', 'a second signature by the same party', 'ALREADY_SIGNED', signedByTown, signTown],
  ['R-CON-1', 'entry into force with one signature', 'NOT_SIGNED', signedByTown, { type: 'RecordEntryIntoForce', on: '2024-01-01' }],
  ['R-CON-1', 'entry into force before the last signature', 'ENTRY_BEFORE_SIGNATURE', signed, { type: 'RecordEntryIntoForce', on: '2023-12-10' }],
  ['R-CON-1', 'a second entry into force', 'ALREADY_IN_FORCE', inForce, { type: 'RecordEntryIntoForce', on: '2024-02-01' }],
  ['R-CON-1', 'an approval deliberation once in force', 'ALREADY_IN_FORCE', inForce, { ...deliberation, assembly: 'ept' }],
  ['R-CON-4', 'a notice before entry into force is recorded', 'NOT_IN_FORCE', signed, { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2024-03-01' }],
  ['R-CON-4', 'a notice dated before entry into force', 'NOTICE_BEFORE_ENTRY_INTO_FORCE', inForce, { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2023-12-20' }],
  ['R-CON-4', 'a notice on an expired convention', 'CONVENTION_EXPIRED', inForce, { type: 'GiveTerminationNotice', requestedBy: 'ept', noticeDate: '2028-02-01' }],
  ['R-CON-4', 'a notice by an unknown party', 'INVALID_PARTY', inForce, { type: 'GiveTerminationNotice', requestedBy: 'state' as never, noticeDate: '2025-02-01' }],
  ['R-CON-4', 'a second notice during the first', 'TERMINATION_ALREADY_SCHEDULED', noticed, { type: 'GiveTerminationNotice', requestedBy: 'ept', noticeDate: '2025-04-01' }],
  ['R-CON-4', 'a notice after termination', 'CONVENTION_TERMINATED', noticed, { type: 'GiveTerminationNotice', requestedBy: 'ept', noticeDate: '2025-07-01' }],
  ['R-CON-4', 'a mutual termination during a notice', 'TERMINATION_ALREADY_SCHEDULED', noticed, { type: 'TerminateByMutualAgreement', agreedOn: '2025-04-01', effectiveDate: '2025-05-01' }],
  ['R-CON-4', 'a mutual termination taking effect after the last term', 'INVALID_TERMINATION_DATE', inForce, { type: 'TerminateByMutualAgreement', agreedOn: '2027-06-01', effectiveDate: '2028-02-01' }],
  ['R-CON-4', 'a mutual termination taking effect before the agreement', 'DATE_OUT_OF_ORDER', inForce, { type: 'TerminateByMutualAgreement', agreedOn: '2025-06-01', effectiveDate: '2025-05-01' }],
  ['R-CON-4', 'a mutual termination before entry into force', 'NOT_IN_FORCE', signed, { type: 'TerminateByMutualAgreement', agreedOn: '2023-12-20', effectiveDate: '2024-02-01' }],
  ['R-CON-4', 'a mutual termination of an expired convention', 'CONVENTION_EXPIRED', inForce, { type: 'TerminateByMutualAgreement', agreedOn: '2028-03-01', effectiveDate: '2028-04-01' }],
  ['R-CON-7', 'an amendment before entry into force', 'NOT_IN_FORCE', signed, { type: 'AmendConvention', signedOn: '2023-12-20', effectiveFrom: '2024-03-01', changes: { sigOption: 2 } }],
  ['R-CON-7', 'an amendment taking effect after termination', 'AMENDMENT_AFTER_TERMINATION', noticed, { type: 'AmendConvention', signedOn: '2025-04-01', effectiveFrom: '2025-07-01', changes: { sigOption: 2 } }],
  ['R-CON-7', 'an amendment signed after termination', 'AMENDMENT_AFTER_TERMINATION', noticed, { type: 'AmendConvention', signedOn: '2025-08-01', effectiveFrom: '2025-05-01', changes: { sigOption: 2 } }],
  ['R-CON-7', 'an amendment signed after expiry', 'CONVENTION_EXPIRED', inForce, { type: 'AmendConvention', signedOn: '2028-02-01', effectiveFrom: '2027-06-01', changes: { sigOption: 2 } }],
  ['R-CON-7', 'an amendment taking effect after expiry', 'AMENDMENT_OUTSIDE_TERM', inForce, { type: 'AmendConvention', signedOn: '2027-06-01', effectiveFrom: '2028-03-01', changes: { sigOption: 2 } }],
  ['R-CON-7', 'an amendment taking effect before entry into force', 'AMENDMENT_OUTSIDE_TERM', inForce, { type: 'AmendConvention', signedOn: '2023-12-20', effectiveFrom: '2023-12-25', changes: { sigOption: 2 } }],
  ['R-CON-7', 'an amendment taking effect before the previous one', 'AMENDMENT_BEFORE_PREVIOUS', amendedOnce, { type: 'AmendConvention', signedOn: '2024-07-01', effectiveFrom: '2024-08-01', changes: { sigOption: 3 } }],
  ['R-CON-7', 'an amendment to option 5', 'INVALID_GIS_OPTION', inForce, { type: 'AmendConvention', signedOn: '2024-06-01', effectiveFrom: '2024-09-01', changes: { sigOption: 5 as never } }],
  ['R-CON-7', 'an amendment to a share of 101 %', 'SHARE_OUT_OF_RANGE', inForce, { type: 'AmendConvention', signedOn: '2024-06-01', effectiveFrom: '2024-09-01', changes: { resourcesShare: '1.01' } }],
  ['R-CON-7', 'an amendment that changes nothing', 'EMPTY_AMENDMENT', inForce, { type: 'AmendConvention', signedOn: '2024-06-01', effectiveFrom: '2024-09-01', changes: { sigOption: 1, resourcesShare: '0.0770' } }],
  ['R-CON-8', 'a contact in an unknown role', 'INVALID_CONTACT', inForce, { type: 'AssignContact', role: 'mayor' as never, person: alice, from: '2024-02-01' }],
  ['R-CON-8', 'a contact without a name', 'INVALID_CONTACT', inForce, { type: 'AssignContact', role: 'gis', person: { personId: 'p-x', name: '' }, from: '2024-02-01' }],
  ['R-CON-8', 'a contact with a malformed e-mail', 'INVALID_CONTACT', inForce, { type: 'AssignContact', role: 'gis', person: { ...alice, email: 'alice' }, from: '2024-02-01' }],
  ['R-CON-8', 'the same person twice in a role', 'CONTACT_ALREADY_ASSIGNED', withReferent, { type: 'AssignContact', role: 'referent', person: alice, from: '2024-05-01' }],
  ['R-CON-8', 'releasing someone who does not hold the role', 'CONTACT_NOT_ASSIGNED', withReferent, { type: 'ReleaseContact', role: 'dsi', personId: 'p-alice', releasedOn: '2024-05-01' }],
  ['R-CON-8', 'a release before the assignment', 'DATE_OUT_OF_ORDER', withReferent, { type: 'ReleaseContact', role: 'referent', personId: 'p-alice', releasedOn: '2024-01-15' }],
  ['R-CON-8', 'a contact assigned after termination', 'CONVENTION_TERMINATED', noticed, { type: 'AssignContact', role: 'gis', person: alice, from: '2025-07-01' }],
  ['R-CON-8', 'a contact assigned after expiry', 'CONVENTION_EXPIRED', inForce, { type: 'AssignContact', role: 'gis', person: alice, from: '2028-07-01' }],
  ['R-CON-9', 'a malformed Open Data domain', 'INVALID_OPEN_DATA_DOMAIN', inForce, { type: 'RecordOpenDataDomain', variant: 'town_subdomain', domain: 'https://data', from: '2024-01-01' }],
  ['R-CON-9', 'an unknown Open Data variant', 'INVALID_OPEN_DATA_DOMAIN', inForce, { type: 'RecordOpenDataDomain', variant: 'national' as never, domain: 'data.exemple.fr', from: '2024-01-01' }],
  ['R-CON-9', 'the GPSO domain without evidence', 'OPEN_DATA_VARIANT_NOT_ELIGIBLE', inForce, { type: 'RecordOpenDataDomain', variant: 'gpso_domain', domain: 'data.seineouest.fr', from: '2024-01-01' }],
  ['R-CON-9', 'the GPSO domain for a large town', 'OPEN_DATA_VARIANT_NOT_ELIGIBLE', inForce, { type: 'RecordOpenDataDomain', variant: 'gpso_domain', domain: 'data.seineouest.fr', from: '2024-01-01', evidence: { inhabitantsUnder3500: false, agentsUnder50: true, source: 'INSEE' } }],
  ['R-CON-9', 'the GPSO domain with contradicting figures', 'OPEN_DATA_VARIANT_NOT_ELIGIBLE', inForce, { type: 'RecordOpenDataDomain', variant: 'gpso_domain', domain: 'data.seineouest.fr', from: '2024-01-01', evidence: { inhabitantsUnder3500: true, agentsUnder50: true, inhabitants: 120000, source: 'INSEE' } }],
  ['R-CON-5', 'a data return after a termination by the town', 'NO_DATA_RETURN_OBLIGATION', noticed, { type: 'MarkDataReturned', doneOn: '2025-07-01' }],
  ['R-CON-5', 'a data return without termination', 'NO_DATA_RETURN_OBLIGATION', inForce, { type: 'MarkDataReturned', doneOn: '2025-07-01' }],
  ['R-CON-5', 'a second data return', 'DATA_RETURN_ALREADY_DONE', dataReturned, { type: 'MarkDataReturned', doneOn: '2025-08-01' }],
  ['R-CON-5', 'a data return dated before the notice', 'DATE_OUT_OF_ORDER', noticedByEpt, { type: 'MarkDataReturned', doneOn: '2025-03-01' }],
  ['R-CON-3', 'an express renewal without deliberations', 'RENEWAL_DELIBERATIONS_MISSING', inForce, { type: 'RenewExpressly', decidedOn: '2027-10-20', startsOn: '2028-01-01', tacitRenewals: 3 }],
  ['R-CON-3', 'an express renewal with the town deliberation only', 'RENEWAL_DELIBERATIONS_MISSING', then(inForce, renewalDeliberation('town', '2027-10-07')), { type: 'RenewExpressly', decidedOn: '2027-10-20', startsOn: '2028-01-01', tacitRenewals: 3 }],
  ['R-CON-3', 'an express renewal overlapping the current term', 'RENEWAL_OVERLAPS_TERM', then(inForce, renewalDeliberation('town', '2027-10-07'), renewalDeliberation('ept', '2027-10-08')), { type: 'RenewExpressly', decidedOn: '2027-10-20', startsOn: '2027-12-01', tacitRenewals: 3 }],
  ['R-CON-3', 'an express renewal of a terminated convention', 'CONVENTION_TERMINATED', noticed, { type: 'RenewExpressly', decidedOn: '2025-10-20', startsOn: '2028-01-01', tacitRenewals: 3 }],
  ['R-CON-3', 'a renewal deliberation before entry into force', 'NOT_IN_FORCE', signed, renewalDeliberation('town', '2023-12-20')],
  ['R-CON-3', 'a second renewal deliberation of the same assembly', 'DELIBERATION_ALREADY_RECORDED', then(inForce, renewalDeliberation('town', '2027-10-07')), renewalDeliberation('town', '2027-10-09')],
  ['R-CON-7', 'more edit licences than users', 'INVALID_SIG_USAGE', inForce, { type: 'RecordSigUsage', measuredOn: '2024-06-15', users: 2, editLicences: 3 }],
  ['R-CON-7', 'a negative user count', 'INVALID_SIG_USAGE', inForce, { type: 'RecordSigUsage', measuredOn: '2024-06-15', users: -1, editLicences: 0 }],
  ['R-CON-7', 'a fractional licence count', 'INVALID_SIG_USAGE', inForce, { type: 'RecordSigUsage', measuredOn: '2024-06-15', users: 5, editLicences: 1.5 }],
  ['R-CON-7', 'a usage measured after expiry', 'CONVENTION_EXPIRED', inForce, { type: 'RecordSigUsage', measuredOn: '2028-02-01', users: 5, editLicences: 1 }],
  ['R-CON-7', 'a usage measured before entry into force', 'NOT_IN_FORCE', signed, { type: 'RecordSigUsage', measuredOn: '2023-12-20', users: 5, editLicences: 1 }],
  ['R-CON-2', 'a calendar run with a malformed date', 'INVALID_DATE', inForce, { type: 'RecordCalendarTransitions', today: 'demain' }],
  ['R-CON-1', 'an unknown command', 'UNKNOWN_COMMAND', inForce, { type: 'ApproveEverything' } as never],
];

describe('convention decider: every invalid command is refused and records nothing', () => {
  it.each(invalid)('%s: %s is refused with %s', (_rule, _what, code, given, command) => {
    const error = spec.given(given).when(command).thenError(code);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it('every error code but the SCDL export one is exercised by the table', () => {
    const exercised = new Set(invalid.map((row) => row[2]));
    expect(CONVENTION_ERROR_CODES.filter((code) => !exercised.has(code))).toEqual(['SCDL_SIRET_MISSING']);
  });
});
