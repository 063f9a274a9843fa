import { isDomainError, TOWNS } from '@digit/contracts';
import { seedConventionEvents } from '../seed/index.js';
import { addDays, addYears } from '@digit/calendar';
import type { ConventionCommand } from './convention.commands.js';
import { conventionAsOf } from './convention-as-of.js';
import { noticeOutcome } from './convention-ending.decisions.js';
import { conventionAlerts } from './convention-alerts.js';
import { conventionDecider } from './convention.decider.js';
import { foldEvents } from '@digit/contracts';
import type { ConventionEvent } from '@digit/contracts';
import { decideSequence } from './convention-sequence.js';

const seed = seedConventionEvents();
const historyOf = (insee: string): readonly ConventionEvent[] => seed.find((stream) => stream.insee === insee)!.events;

const withCommands = (history: readonly ConventionEvent[], ...commands: ConventionCommand[]): ConventionEvent[] => {
  const decided = decideSequence(commands, history);
  if (isDomainError(decided)) throw new Error(`${decided.code}: ${decided.message}`);
  return [...history, ...decided];
};

const view = (events: readonly ConventionEvent[], asOf: string) => conventionAsOf(events, asOf);

const eventOf = <T extends ConventionEvent['type']>(events: readonly ConventionEvent[], type: T) =>
  events.find((event): event is Extract<ConventionEvent, { type: T }> => event.type === type)!;

type Case = readonly [town: string, label: string, asOf: string, status: string | null, renewalsDone: number];

/** Every status of one seeded town's life, read from the calendar only (R-CON-1, R-CON-2). */
const lifeCases = (insee: string, name: string): Case[] => {
  const events = historyOf(insee);
  const drafted = eventOf(events, 'ConventionDrafted').data;
  const council = eventOf(events, 'DeliberationRecorded').data.councilDate;
  const signedOn = events
    .flatMap((event) => (event.type === 'ConventionSigned' ? [event.data.signedOn] : []))
    .sort()
    .at(-1)!;
  const entry = eventOf(events, 'ConventionEnteredIntoForce').data.on;
  const renewals = drafted.tacitRenewals;
  const end = addDays(addYears(entry, renewals + 1), -1);
  const terms = Array.from({ length: renewals + 1 }, (_, k): Case[] => [
    [name, `first day of term ${k}`, addYears(entry, k), 'in_force', k],
    [name, `last day of term ${k}`, addDays(addYears(entry, k + 1), -1), 'in_force', k],
  ]).flat();
  return [
    [name, 'before the draft', addDays(drafted.draftedOn, -1), null, 0],
    [name, 'draft', drafted.draftedOn, 'draft', 0],
    [name, 'before the deliberation', addDays(council, -1), 'draft', 0],
    [name, 'deliberation day', council, 'approved', 0],
    [name, 'signature day', signedOn, 'signed', 0],
    [name, 'eve of entry into force', addDays(entry, -1), 'signed', 0],
    ...terms,
    [name, 'day after the last renewal', addDays(end, 1), 'expired', renewals],
    [name, 'long after expiry', '2040-01-01', 'expired', renewals],
  ];
};

describe('conventionAsOf: every status, all eight towns', () => {
  it.each(TOWNS.flatMap((town) => lifeCases(town.insee, town.name)))(
    'R-CON-2: %s, %s (%s): %s with %i renewals',
    (name, _label, asOf, status, renewalsDone) => {
      const insee = TOWNS.find((town) => town.name === name)!.insee;
      const result = view(historyOf(insee), asOf);
      if (status === null) {
        expect(result).toBeNull();
        return;
      }
      expect(result).toMatchObject({ status, renewalsDone });
    },
  );

  const afterNotice = TOWNS.flatMap((town): Case[] => {
    const boulogne = town.insee === '92012';
    const renewalsBy2025 = boulogne ? 1 : 3;
    return [
      [town.name, 'eve of notice', '2025-03-14', 'in_force', renewalsBy2025],
      [town.name, 'notice day', '2025-03-15', 'notice_given', renewalsBy2025],
      [town.name, 'last day of notice', '2025-06-14', 'notice_given', renewalsBy2025],
      [town.name, 'termination takes effect', '2025-06-15', 'terminated', renewalsBy2025],
      [town.name, 'after the would-be renewal', '2026-01-01', 'terminated', renewalsBy2025],
      [town.name, 'after the would-be expiry', '2031-01-01', 'terminated', renewalsBy2025],
    ];
  });

  it.each(afterNotice)('R-CON-4: %s with notice on 2025-03-15, %s (%s): %s, %i renewals', (name, _label, asOf, status, renewalsDone) => {
    const insee = TOWNS.find((town) => town.name === name)!.insee;
    const events = withCommands(historyOf(insee), { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2025-03-15' });
    expect(view(events, asOf)).toMatchObject({
      status,
      renewalsDone,
      termination:
        asOf < '2025-03-15' ? null : { cause: 'notice', requestedBy: 'town', decidedOn: '2025-03-15', effectiveDate: '2025-06-15' },
    });
  });

  it.each(TOWNS.map((town) => [town.name, town.insee]))('R-CON-4: %s terminated by mutual agreement on 2025-10-01', (_name, insee) => {
    const events = withCommands(historyOf(insee), {
      type: 'TerminateByMutualAgreement',
      agreedOn: '2025-09-01',
      effectiveDate: '2025-10-01',
    });
    expect(view(events, '2025-09-01')).toMatchObject({ status: 'in_force', termination: { cause: 'mutual_agreement' } });
    expect(view(events, '2025-09-30')).toMatchObject({ status: 'in_force', currentTermEnd: '2025-12-31' });
    expect(view(events, '2025-10-01')).toMatchObject({ status: 'terminated', currentTermEnd: null });
  });

  it('R-CON-4: a notice whose three months outlast the last term ends nothing: the convention expires', () => {
    const events = withCommands(historyOf('92012'), { type: 'GiveTerminationNotice', requestedBy: 'ept', noticeDate: '2027-11-15' });
    expect(view(events, '2027-12-31')).toMatchObject({ status: 'notice_given' });
    expect(view(events, '2028-01-01')).toMatchObject({ status: 'expired', renewalsDone: 3, dataReturn: null });
    expect(view(events, '2028-02-15')).toMatchObject({ status: 'expired' });
  });

  it("R-CON-4: Chaville's notice of 07/12/2026 would take effect on 07/03/2027, after its last day: the answer and the view say it ends first", () => {
    const events = withCommands(historyOf('92022'), { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2026-12-07' });
    const outcome = noticeOutcome(foldEvents(conventionDecider, events));
    expect(outcome).toEqual({
      effectiveDate: '2027-03-07',
      takesEffect: false,
      conventionLastDay: '2026-12-31',
      note:
        'Préavis de résiliation enregistré, sans effet sur la fin de la convention : il prendrait effet le 07/03/2027, ' +
        "après le dernier jour de la convention, le 31/12/2026. La convention arrive à son terme d'abord ; elle prend fin le 31/12/2026, sans résiliation.",
    });
    expect(view(events, '2026-12-07')).toMatchObject({
      status: 'notice_given',
      endsAtLatest: '2026-12-31',
      termination: { effectiveDate: '2027-03-07', takesEffect: false, conventionLastDay: '2026-12-31', note: outcome?.note },
    });
    expect(view(events, '2027-01-01')).toMatchObject({ status: 'expired' });
    expect(view(events, '2027-03-07')).toMatchObject({ status: 'expired' });
    const transitions = withCommands(events, { type: 'RecordCalendarTransitions', today: '2027-04-01' })
      .slice(events.length)
      .map((event) => event.type);
    expect(transitions.at(-1)).toBe('ConventionExpired');
    expect(transitions).not.toContain('TerminationTookEffect');
  });

  it('R-CON-4: a notice inside the term says when the convention ends and the termination takes effect', () => {
    const events = withCommands(historyOf('92012'), { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2025-03-15' });
    expect(view(events, '2025-03-15')?.termination).toEqual({
      cause: 'notice',
      requestedBy: 'town',
      decidedOn: '2025-03-15',
      effectiveDate: '2025-06-15',
      takesEffect: true,
      conventionLastDay: '2025-06-14',
      note: 'Préavis de résiliation enregistré : la convention prend fin le 14/06/2025 ; la résiliation prend effet le 15/06/2025, trois mois après le préavis.',
    });
  });

  it('R-CON-2: the view does not depend on the calendar events being in the log', () => {
    const history = historyOf('92012');
    const recorded = withCommands(history, { type: 'RecordCalendarTransitions', today: '2029-01-01' });
    expect(recorded.length).toBeGreaterThan(history.length);
    for (const asOf of ['2024-06-01', '2025-01-01', '2027-12-31', '2028-01-01']) {
      expect(view(recorded, asOf)).toEqual(view(history, asOf));
    }
  });
});

describe('conventionAsOf: amendments (R-CON-7)', () => {
  const amended = withCommands(
    historyOf('92012'),
    { type: 'AmendConvention', signedOn: '2024-06-01', effectiveFrom: '2024-09-01', changes: { sigOption: 2 } },
    { type: 'AmendConvention', signedOn: '2025-11-20', effectiveFrom: '2026-01-01', changes: { resourcesShare: '0.09' } },
  );

  it.each([
    ['2024-06-01', 1, '0.004', '0.077', null],
    ['2024-08-31', 1, '0.004', '0.077', null],
    ['2024-09-01', 2, '0.024', '0.077', 1],
    ['2025-12-31', 2, '0.024', '0.077', 1],
    ['2026-01-01', 2, '0.024', '0.09', 2],
    ['2027-12-31', 2, '0.024', '0.09', 2],
  ])('R-CON-7: on %s option %i (SIG %s), resources %s, amendment %s', (asOf, sigOption, sigRate, resourcesShare, amendmentNumber) => {
    expect(view(amended, asOf)).toMatchObject({ sigOption, sigRate, resourcesShare, structureShare: '0.077', amendmentNumber });
  });

  it('R-CON-7: option 2 brings its users and edit licences', () => {
    expect(view(amended, '2024-09-01')).toMatchObject({ sigOptionUsers: { min: 6, max: 15 }, sigOptionEditLicences: 3 });
  });
});

describe("conventionAsOf: the town's use of the web GIS against its option (R-CON-7, art. 1.1)", () => {
  const usage = (measuredOn: string, users: number, editLicences: number): ConventionCommand => ({
    type: 'RecordSigUsage',
    measuredOn,
    users,
    editLicences,
  });
  const measured = withCommands(
    historyOf('92012'),
    usage('2024-03-01', 4, 1),
    usage('2024-06-15', 7, 2),
    { type: 'AmendConvention', signedOn: '2024-06-01', effectiveFrom: '2024-09-01', changes: { sigOption: 2 } },
    usage('2025-02-01', 60, 21),
  );

  it.each([
    ['2024-02-29', null, null],
    ['2024-03-01', { users: 4, editLicences: 1, option: 1, exceedsOption: false, suggestedOption: null, warning: null }, []],
    [
      '2024-06-15',
      {
        users: 7,
        editLicences: 2,
        option: 1,
        optionMaxUsers: 5,
        optionEditLicences: 1,
        exceedsOption: true,
        suggestedOption: 2,
        warning:
          "L'usage du SIG relevé le 15/06/2024 dépasse l'option 1 de la convention : 7 utilisateurs pour 5 au plus et 2 licences d'édition pour 1. " +
          "Le dimensionnement se revoit par simple avenant (articles 1.1 et 6.1) ; l'option 2 couvrirait cet usage.",
      },
      ['sig-usage-exceeds-option'],
    ],
    ['2024-09-01', { users: 7, editLicences: 2, option: 2, exceedsOption: false, warning: null }, []],
    ['2025-02-01', { users: 60, editLicences: 21, option: 2, exceedsOption: true, suggestedOption: null }, ['sig-usage-exceeds-option']],
  ])('R-CON-7: on %s the latest measurement against the option in force: %j, alerts %j', (asOf, sigUsage, alerts) => {
    const shown = view(measured, asOf);
    expect(shown?.sigUsage).toEqual(sigUsage === null ? null : expect.objectContaining(sigUsage));
    expect(shown?.alerts.map((alert) => alert.kind)).toEqual(alerts ?? []);
  });

  it('R-CON-7, R-SEC-6: the alert names the town, the rule and the date, and stops when the convention has ended', () => {
    const state = foldEvents(conventionDecider, measured);
    expect(conventionAlerts(state, '2024-07-01')).toEqual([
      {
        kind: 'sig-usage-exceeds-option',
        rule: 'R-CON-7',
        severity: 'warning',
        subject: '92012',
        insee: '92012',
        date: '2024-06-15',
        message: expect.stringMatching(/^Boulogne-Billancourt : L'usage du SIG relevé le 15\/06\/2024 dépasse l'option 1/),
        demo: false,
      },
    ]);
    expect(view(measured, '2025-02-01')?.alerts[0]?.message).toContain("aucune option de l'article 1.1 ne couvre cet usage");
    expect(conventionAlerts(state, '2028-01-01').map((alert) => alert.kind)).toEqual(['convention-ended']);
  });
});

describe('conventionAsOf: contacts (R-CON-8)', () => {
  const alice = { personId: 'p-alice', name: 'Alice Martin', email: 'alice.martin@example.fr' };
  const bruno = { personId: 'p-bruno', name: 'Bruno Petit' };
  const events = withCommands(
    historyOf('92012'),
    { type: 'AssignContact', role: 'referent', person: alice, from: '2024-01-15' },
    { type: 'AssignContact', role: 'gis', person: alice, from: '2024-01-15' },
    { type: 'AssignContact', role: 'referent', person: bruno, from: '2024-03-01' },
    { type: 'ReleaseContact', role: 'referent', personId: 'p-alice', releasedOn: '2024-06-01' },
  );

  it.each([
    ['2024-01-14', [], []],
    ['2024-01-15', ['p-alice'], ['p-alice']],
    ['2024-03-01', ['p-alice', 'p-bruno'], ['p-alice']],
    ['2024-05-31', ['p-alice', 'p-bruno'], ['p-alice']],
    ['2024-06-01', ['p-bruno'], ['p-alice']],
  ])('R-CON-8: on %s the referents are %j and the GIS contacts %j', (asOf, referents, gis) => {
    const contacts = view(events, asOf)!.contacts;
    expect(contacts.referent.map((holder) => holder.personId)).toEqual(referents);
    expect(contacts.gis.map((holder) => holder.personId)).toEqual(gis);
    expect(contacts.open_data).toEqual([]);
    expect(contacts.dsi).toEqual([]);
    expect(contacts.smart_territory).toEqual([]);
  });

  it('R-CON-8: a holder shows since when', () => {
    expect(view(events, '2024-04-01')!.contacts.referent[1]).toEqual({ ...bruno, since: '2024-03-01' });
  });
});

describe('conventionAsOf: data return after termination by the EPT (R-CON-5)', () => {
  const noticed = withCommands(historyOf('92040'), { type: 'GiveTerminationNotice', requestedBy: 'ept', noticeDate: '2025-03-15' });
  const returned = withCommands(noticed, { type: 'MarkDataReturned', doneOn: '2025-07-10' });

  it.each([
    ['2025-03-14', null],
    ['2025-04-01', { status: 'pending', dueFrom: '2025-06-15', doneOn: null }],
    ['2025-06-15', { status: 'open', dueFrom: '2025-06-15', doneOn: null }],
    ['2025-07-09', { status: 'open', dueFrom: '2025-06-15', doneOn: null }],
    ['2025-07-10', { status: 'done', dueFrom: '2025-06-15', doneOn: '2025-07-10' }],
  ])('R-CON-5: on %s the obligation is %j', (asOf, dataReturn) => {
    expect(view(returned, asOf)!.dataReturn).toEqual(dataReturn);
  });

  it('R-CON-5: stays open until marked done', () => {
    expect(view(noticed, '2030-01-01')!.dataReturn).toEqual({ status: 'open', dueFrom: '2025-06-15', doneOn: null });
  });

  it('R-CON-5: a termination by the town opens no data-return obligation', () => {
    const byTown = withCommands(historyOf('92040'), { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2025-03-15' });
    expect(view(byTown, '2025-07-01')!.dataReturn).toBeNull();
  });
});

describe('conventionAsOf: express renewal (R-CON-3)', () => {
  const deliberation = (assembly: 'town' | 'ept', councilDate: string, internal: string): ConventionCommand => ({
    type: 'RecordDeliberation',
    assembly,
    purpose: 'express_renewal',
    councilDate,
    subject: 'Renouvellement de la convention de mutualisation de la DIGIT',
    votes: { for: 40, against: 2, abstentions: 1 },
    transmission: { number: `092-219200128-${councilDate.replaceAll('-', '')}-${internal}-DE`, date: addDays(councilDate, 2) },
  });
  const renewed = withCommands(historyOf('92012'), deliberation('town', '2027-10-07', 'R1'), deliberation('ept', '2027-10-15', 'R2'), {
    type: 'RenewExpressly',
    decidedOn: '2027-10-20',
    startsOn: '2028-01-01',
    tacitRenewals: 2,
    sizing: { sigOption: 3, resourcesShare: '0.08', structureShare: '0.08' },
  });

  it.each([
    ['2027-12-31', 'in_force', 1, '2024-01-01', '2027-12-31', 3, 1],
    ['2028-01-01', 'in_force', 2, '2028-01-01', '2030-12-31', 0, 3],
    ['2029-01-01', 'in_force', 2, '2028-01-01', '2030-12-31', 1, 3],
    ['2031-01-01', 'expired', 2, '2028-01-01', '2030-12-31', 2, 3],
  ])(
    'R-CON-3: on %s %s, version %i from %s to %s, %i renewals, option %i',
    (asOf, status, version, entry, endsAtLatest, renewalsDone, sigOption) => {
      expect(view(renewed, asOf)).toMatchObject({ status, version, entryIntoForce: entry, endsAtLatest, renewalsDone, sigOption });
    },
  );
});
