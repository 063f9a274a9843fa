import { isDomainError } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import { seedConventionEvents } from '../seed/index.js';
import type { ConventionCommand, DraftConvention, RecordDeliberation } from './convention.commands.js';
import { conventionDecider } from './convention.decider.js';
import { CONVENTION_ERROR_CODES } from './convention.errors.js';
import type { ConventionEvent } from '@digit/contracts';
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
const amendedOnce = then(inForce, {
  type: 'AmendConvention',
  signedOn: '2024-06-01',
  effectiveFrom: '2024-09-01',
  changes: { sigOption: 2 },
});
const renewalDeliberation = (assembly: 'town' | 'ept', councilDate: string): RecordDeliberation => ({
  ...deliberation,
  assembly,
  purpose: 'express_renewal',
  councilDate,
  transmission: { number: `092-219200128-${councilDate.replaceAll('-', '')}-R${assembly}-DE`, date: councilDate },
});

describe('convention decider: accepted commands', () => {
  it('R-CON-1: a draft names the town from its INSEE code and keeps shares as normalised decimal strings', () => {
    spec
      .given([])
      .when(draft)
      .then([
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
    spec
      .given(drafted)
      .when(deliberation)
      .then([{ type: 'DeliberationRecorded', data: recorded }]);
    spec
      .given(approved)
      .when(signTown)
      .then([{ type: 'ConventionSigned', data: { party: 'town', signedOn: '2023-12-14' } }]);
    spec
      .given(signed)
      .when({ type: 'RecordEntryIntoForce', on: '2024-01-01' })
      .then([{ type: 'ConventionEnteredIntoForce', data: { on: '2024-01-01' } }]);
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
    spec
      .given(events)
      .when({ type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate })
      .then([{ type: 'TerminationNoticeGiven', data: { requestedBy: 'town', noticeDate, effectiveDate } }]);
  });

  it('R-CON-7: an amendment records only the terms it changes, numbered', () => {
    spec
      .given(amendedOnce)
      .when({
        type: 'AmendConvention',
        signedOn: '2025-01-10',
        effectiveFrom: '2025-02-01',
        changes: { sigOption: 2, structureShare: '0.08' },
      })
      .then([
        {
          type: 'ConventionAmended',
          data: { amendmentNumber: 2, signedOn: '2025-01-10', effectiveFrom: '2025-02-01', changes: { structureShare: '0.08' } },
        },
      ]);
  });

  it('R-CON-4: a notice whose effective date falls after the last day is recorded as given, with its own effective date', () => {
    spec
      .given(seeded('92022'))
      .when({ type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2026-12-07' })
      .then([{ type: 'TerminationNoticeGiven', data: { requestedBy: 'town', noticeDate: '2026-12-07', effectiveDate: '2027-03-07' } }]);
  });

  it("R-CON-7: the town's users and edit licences of the web GIS are recorded with their date", () => {
    spec
      .given(inForce)
      .when({ type: 'RecordSigUsage', measuredOn: '2024-06-15', users: 7, editLicences: 2 })
      .then([{ type: 'SigUsageRecorded', data: { measuredOn: '2024-06-15', users: 7, editLicences: 2 } }]);
  });

  it('R-CON-5: the data return after a termination by the EPT is recorded once', () => {
    spec
      .given(noticedByEpt)
      .when({ type: 'MarkDataReturned', doneOn: '2025-07-01' })
      .then([{ type: 'DataReturnCompleted', data: { doneOn: '2025-07-01' } }]);
  });

  it('R-CON-9: a small town may record the GPSO domain with its evidence', () => {
    const evidence = { inhabitantsUnder3500: true, agentsUnder50: true, inhabitants: 1700, source: 'INSEE, population légale' };
    spec
      .given(history({ ...draft, insee: '92047' }))
      .when({ type: 'RecordOpenDataDomain', variant: 'gpso_domain', domain: 'data.seineouest.fr', from: '2024-01-01', evidence })
      .then([
        { type: 'OpenDataDomainRecorded', data: { variant: 'gpso_domain', domain: 'data.seineouest.fr', from: '2024-01-01', evidence } },
      ]);
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
    spec
      .given(inForce)
      .when({ type: 'RecordCalendarTransitions', today: '2026-03-01' })
      .then([
        { type: 'ConventionTacitlyRenewed', data: { version: 1, renewal: 1, termStart: '2025-01-01', termEnd: '2025-12-31' } },
        { type: 'ConventionTacitlyRenewed', data: { version: 1, renewal: 2, termStart: '2026-01-01', termEnd: '2026-12-31' } },
      ]);
    const recorded = then(inForce, { type: 'RecordCalendarTransitions', today: '2026-03-01' });
    spec.given(recorded).when({ type: 'RecordCalendarTransitions', today: '2026-03-01' }).then([]);
    spec
      .given(recorded)
      .when({ type: 'RecordCalendarTransitions', today: '2028-01-01' })
      .then([
        { type: 'ConventionTacitlyRenewed', data: { version: 1, renewal: 3, termStart: '2027-01-01', termEnd: '2027-12-31' } },
        { type: 'ConventionExpired', data: { version: 1, lastDay: '2027-12-31', on: '2028-01-01' } },
      ]);
  });

  it('R-CON-4: a termination takes effect instead of the next renewal and the expiry', () => {
    spec
      .given(noticedByEpt)
      .when({ type: 'RecordCalendarTransitions', today: '2030-01-01' })
      .then([
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
  ['R-CON-1', 'a second draft', 'convention_already_drafted', drafted, draft],
  ['R-CON-1', 'any command before the draft', 'convention_not_drafted', [], signTown],
  ['R-CON-1', 'an entry planned before the draft', 'date_out_of_order', [], { ...draft, plannedEntryIntoForce: '2023-11-01' }],
  [
    'R-CON-1',
    'a deliberation before the draft',
    'date_out_of_order',
    drafted,
    {
      ...deliberation,
      councilDate: '2023-11-07',
      transmission: { ...deliberation.transmission, number: '092-219200128-20231107-137171-DE' },
    },
  ],
  ['R-CON-1', 'more votes than voters', 'invalid_votes', drafted, { ...deliberation, votes: { for: 56, against: 0, abstentions: 0 } }],
  [
    'R-CON-1',
    'a rejected deliberation',
    'deliberation_not_adopted',
    drafted,
    { ...deliberation, votes: { for: 20, against: 30, abstentions: 5 } },
  ],
  [
    'R-CON-1',
    'a transmission number of another session',
    'invalid_transmission',
    drafted,
    { ...deliberation, transmission: { number: '092-219200128-20231208-137171-DE', date: '2023-12-13' } },
  ],
  [
    'R-CON-1',
    'a transmission before the session',
    'date_out_of_order',
    drafted,
    { ...deliberation, transmission: { ...deliberation.transmission, date: '2023-12-06' } },
  ],
  ['R-CON-1', 'a second approval deliberation', 'deliberation_already_recorded', approved, deliberation],
  ['R-CON-1', 'a signature before any deliberation', 'signature_before_deliberation', drafted, signTown],
  [
    'R-CON-1',
    'a signature dated before the deliberation',
    'signature_before_deliberation',
    approved,
    { ...signTown, signedOn: '2023-12-06' } as ConventionCommand,
  ],
  [
    'R-CON-1',
    "an EPT signature before the EPT's own deliberation",
    'signature_before_deliberation',
    approved,
    { ...signEpt, authorisedByDeliberationOf: '2023-12-15' } as ConventionCommand,
  ],
  ['R-CON-1', 'a second signature by the same party', 'already_signed', signedByTown, signTown],
  ['R-CON-1', 'entry into force with one signature', 'not_signed', signedByTown, { type: 'RecordEntryIntoForce', on: '2024-01-01' }],
  [
    'R-CON-1',
    'entry into force before the last signature',
    'entry_before_signature',
    signed,
    { type: 'RecordEntryIntoForce', on: '2023-12-10' },
  ],
  ['R-CON-1', 'a second entry into force', 'already_in_force', inForce, { type: 'RecordEntryIntoForce', on: '2024-02-01' }],
  ['R-CON-1', 'an approval deliberation once in force', 'already_in_force', inForce, { ...deliberation, assembly: 'ept' }],
  [
    'R-CON-4',
    'a notice before entry into force is recorded',
    'not_in_force',
    signed,
    { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2024-03-01' },
  ],
  [
    'R-CON-4',
    'a notice dated before entry into force',
    'notice_before_entry_into_force',
    inForce,
    { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2023-12-20' },
  ],
  [
    'R-CON-4',
    'a notice on an expired convention',
    'convention_expired',
    inForce,
    { type: 'GiveTerminationNotice', requestedBy: 'ept', noticeDate: '2028-02-01' },
  ],
  [
    'R-CON-4',
    'a second notice during the first',
    'termination_already_scheduled',
    noticed,
    { type: 'GiveTerminationNotice', requestedBy: 'ept', noticeDate: '2025-04-01' },
  ],
  [
    'R-CON-4',
    'a notice after termination',
    'convention_terminated',
    noticed,
    { type: 'GiveTerminationNotice', requestedBy: 'ept', noticeDate: '2025-07-01' },
  ],
  [
    'R-CON-4',
    'a mutual termination during a notice',
    'termination_already_scheduled',
    noticed,
    { type: 'TerminateByMutualAgreement', agreedOn: '2025-04-01', effectiveDate: '2025-05-01' },
  ],
  [
    'R-CON-4',
    'a mutual termination taking effect after the last term',
    'invalid_termination_date',
    inForce,
    { type: 'TerminateByMutualAgreement', agreedOn: '2027-06-01', effectiveDate: '2028-02-01' },
  ],
  [
    'R-CON-4',
    'a mutual termination taking effect before the agreement',
    'date_out_of_order',
    inForce,
    { type: 'TerminateByMutualAgreement', agreedOn: '2025-06-01', effectiveDate: '2025-05-01' },
  ],
  [
    'R-CON-4',
    'a mutual termination before entry into force',
    'not_in_force',
    signed,
    { type: 'TerminateByMutualAgreement', agreedOn: '2023-12-20', effectiveDate: '2024-02-01' },
  ],
  [
    'R-CON-4',
    'a mutual termination of an expired convention',
    'convention_expired',
    inForce,
    { type: 'TerminateByMutualAgreement', agreedOn: '2028-03-01', effectiveDate: '2028-04-01' },
  ],
  [
    'R-CON-7',
    'an amendment before entry into force',
    'not_in_force',
    signed,
    { type: 'AmendConvention', signedOn: '2023-12-20', effectiveFrom: '2024-03-01', changes: { sigOption: 2 } },
  ],
  [
    'R-CON-7',
    'an amendment taking effect after termination',
    'amendment_after_termination',
    noticed,
    { type: 'AmendConvention', signedOn: '2025-04-01', effectiveFrom: '2025-07-01', changes: { sigOption: 2 } },
  ],
  [
    'R-CON-7',
    'an amendment signed after termination',
    'amendment_after_termination',
    noticed,
    { type: 'AmendConvention', signedOn: '2025-08-01', effectiveFrom: '2025-05-01', changes: { sigOption: 2 } },
  ],
  [
    'R-CON-7',
    'an amendment signed after expiry',
    'convention_expired',
    inForce,
    { type: 'AmendConvention', signedOn: '2028-02-01', effectiveFrom: '2027-06-01', changes: { sigOption: 2 } },
  ],
  [
    'R-CON-7',
    'an amendment taking effect after expiry',
    'amendment_outside_term',
    inForce,
    { type: 'AmendConvention', signedOn: '2027-06-01', effectiveFrom: '2028-03-01', changes: { sigOption: 2 } },
  ],
  [
    'R-CON-7',
    'an amendment taking effect before entry into force',
    'amendment_outside_term',
    inForce,
    { type: 'AmendConvention', signedOn: '2023-12-20', effectiveFrom: '2023-12-25', changes: { sigOption: 2 } },
  ],
  [
    'R-CON-7',
    'an amendment taking effect before the previous one',
    'amendment_before_previous',
    amendedOnce,
    { type: 'AmendConvention', signedOn: '2024-07-01', effectiveFrom: '2024-08-01', changes: { sigOption: 3 } },
  ],
  [
    'R-CON-7',
    'an amendment that changes nothing',
    'empty_amendment',
    inForce,
    { type: 'AmendConvention', signedOn: '2024-06-01', effectiveFrom: '2024-09-01', changes: { sigOption: 1, resourcesShare: '0.0770' } },
  ],
  [
    'R-CON-8',
    'the same person twice in a role',
    'contact_already_assigned',
    withReferent,
    { type: 'AssignContact', role: 'referent', person: alice, from: '2024-05-01' },
  ],
  [
    'R-CON-8',
    'releasing someone who does not hold the role',
    'contact_not_assigned',
    withReferent,
    { type: 'ReleaseContact', role: 'dsi', personId: 'p-alice', releasedOn: '2024-05-01' },
  ],
  [
    'R-CON-8',
    'a release before the assignment',
    'date_out_of_order',
    withReferent,
    { type: 'ReleaseContact', role: 'referent', personId: 'p-alice', releasedOn: '2024-01-15' },
  ],
  [
    'R-CON-8',
    'a contact assigned after termination',
    'convention_terminated',
    noticed,
    { type: 'AssignContact', role: 'gis', person: alice, from: '2025-07-01' },
  ],
  [
    'R-CON-8',
    'a contact assigned after expiry',
    'convention_expired',
    inForce,
    { type: 'AssignContact', role: 'gis', person: alice, from: '2028-07-01' },
  ],
  [
    'R-CON-9',
    'the GPSO domain without evidence',
    'open_data_variant_not_eligible',
    inForce,
    { type: 'RecordOpenDataDomain', variant: 'gpso_domain', domain: 'data.seineouest.fr', from: '2024-01-01' },
  ],
  [
    'R-CON-9',
    'the GPSO domain for a large town',
    'open_data_variant_not_eligible',
    inForce,
    {
      type: 'RecordOpenDataDomain',
      variant: 'gpso_domain',
      domain: 'data.seineouest.fr',
      from: '2024-01-01',
      evidence: { inhabitantsUnder3500: false, agentsUnder50: true, source: 'INSEE' },
    },
  ],
  [
    'R-CON-9',
    'the GPSO domain with contradicting figures',
    'open_data_variant_not_eligible',
    inForce,
    {
      type: 'RecordOpenDataDomain',
      variant: 'gpso_domain',
      domain: 'data.seineouest.fr',
      from: '2024-01-01',
      evidence: { inhabitantsUnder3500: true, agentsUnder50: true, inhabitants: 120000, source: 'INSEE' },
    },
  ],
  [
    'R-CON-5',
    'a data return after a termination by the town',
    'no_data_return_obligation',
    noticed,
    { type: 'MarkDataReturned', doneOn: '2025-07-01' },
  ],
  [
    'R-CON-5',
    'a data return without termination',
    'no_data_return_obligation',
    inForce,
    { type: 'MarkDataReturned', doneOn: '2025-07-01' },
  ],
  ['R-CON-5', 'a second data return', 'data_return_already_done', dataReturned, { type: 'MarkDataReturned', doneOn: '2025-08-01' }],
  [
    'R-CON-5',
    'a data return dated before the notice',
    'date_out_of_order',
    noticedByEpt,
    { type: 'MarkDataReturned', doneOn: '2025-03-01' },
  ],
  [
    'R-CON-3',
    'an express renewal without deliberations',
    'renewal_deliberations_missing',
    inForce,
    { type: 'RenewExpressly', decidedOn: '2027-10-20', startsOn: '2028-01-01', tacitRenewals: 3 },
  ],
  [
    'R-CON-3',
    'an express renewal with the town deliberation only',
    'renewal_deliberations_missing',
    then(inForce, renewalDeliberation('town', '2027-10-07')),
    { type: 'RenewExpressly', decidedOn: '2027-10-20', startsOn: '2028-01-01', tacitRenewals: 3 },
  ],
  [
    'R-CON-3',
    'an express renewal overlapping the current term',
    'renewal_overlaps_term',
    then(inForce, renewalDeliberation('town', '2027-10-07'), renewalDeliberation('ept', '2027-10-08')),
    { type: 'RenewExpressly', decidedOn: '2027-10-20', startsOn: '2027-12-01', tacitRenewals: 3 },
  ],
  [
    'R-CON-3',
    'an express renewal of a terminated convention',
    'convention_terminated',
    noticed,
    { type: 'RenewExpressly', decidedOn: '2025-10-20', startsOn: '2028-01-01', tacitRenewals: 3 },
  ],
  ['R-CON-3', 'a renewal deliberation before entry into force', 'not_in_force', signed, renewalDeliberation('town', '2023-12-20')],
  [
    'R-CON-3',
    'a second renewal deliberation of the same assembly',
    'deliberation_already_recorded',
    then(inForce, renewalDeliberation('town', '2027-10-07')),
    renewalDeliberation('town', '2027-10-09'),
  ],
  [
    'R-CON-7',
    'more edit licences than users',
    'invalid_sig_usage',
    inForce,
    { type: 'RecordSigUsage', measuredOn: '2024-06-15', users: 2, editLicences: 3 },
  ],
  [
    'R-CON-7',
    'a usage measured after expiry',
    'convention_expired',
    inForce,
    { type: 'RecordSigUsage', measuredOn: '2028-02-01', users: 5, editLicences: 1 },
  ],
  [
    'R-CON-7',
    'a usage measured before entry into force',
    'not_in_force',
    signed,
    { type: 'RecordSigUsage', measuredOn: '2023-12-20', users: 5, editLicences: 1 },
  ],
  ['R-CON-1', 'an unknown command', 'unknown_command', inForce, { type: 'ApproveEverything' } as never],
];

describe('convention decider: every invalid command is refused and records nothing', () => {
  it.each(invalid)('%s: %s is refused with %s', (_rule, _what, code, given, command) => {
    const error = spec.given(given).when(command).thenError(code);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it('every error code of the decider is exercised by the table (the SCDL export and the terms timeline have their own tests)', () => {
    const exercised = new Set(invalid.map((row) => row[2]));
    expect(CONVENTION_ERROR_CODES.filter((code) => !exercised.has(code))).toEqual(['invalid_date', 'scdl_siret_missing']);
  });
});
