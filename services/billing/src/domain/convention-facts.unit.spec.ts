import { conventionTermsTimeline, isDomainError, type ConventionEvent } from '@digit/contracts';
import { depreciationInputOf } from './convention-facts.js';

/** Events as received: the tests trim their data to what billing reads. */
type ConventionFact = { readonly type: string; readonly data: object };
const conventionTimelineOf = (facts: readonly ConventionFact[]) => conventionTermsTimeline(facts as unknown as readonly ConventionEvent[]);
import { townYearShare } from './town-share.js';

/** Boulogne-Billancourt's seeded history as the conventions service publishes it (data trimmed to what billing reads). */
const boulogne: readonly ConventionFact[] = [
  {
    type: 'ConventionDrafted',
    data: {
      insee: '92012',
      name: 'Boulogne-Billancourt',
      draftedOn: '2023-12-01',
      plannedEntryIntoForce: '2024-01-01',
      tacitRenewals: 3,
      sizing: { sigOption: 1, resourcesShare: '0.077', structureShare: '0.077' },
      source: 'seed',
    },
  },
  { type: 'DeliberationRecorded', data: { assembly: 'town', purpose: 'approval', councilDate: '2023-12-07' } },
  { type: 'ConventionSigned', data: { party: 'town', signedOn: '2023-12-14', demo: true } },
  { type: 'ConventionSigned', data: { party: 'ept', signedOn: '2023-12-14', demo: true } },
  { type: 'ConventionEnteredIntoForce', data: { on: '2024-01-01' } },
  { type: 'OpenDataDomainRecorded', data: { variant: 'town_subdomain', domain: 'x', from: '2024-01-01', demo: true } },
];

const seedPeriod = {
  from: '2024-01-01',
  to: '2027-12-31',
  version: 1,
  sigOption: 1,
  sigRate: '0.004',
  resourcesShare: '0.077',
  structureShare: '0.077',
  amendmentNumber: null,
  demo: false,
  days: 1461,
};

const notice = (noticeDate: string, effectiveDate: string, requestedBy = 'town'): ConventionFact => ({
  type: 'TerminationNoticeGiven',
  data: { requestedBy, noticeDate, effectiveDate },
});

describe('the shared terms timeline as billing reads the conventions events (R-BIL-6, R-CON-2..4, R-CON-7)', () => {
  it('R-CON-2: Boulogne is in force 2024-01-01 to 2027-12-31 (three tacit renewals) with option 1, 7.7 %, 7.7 %', () => {
    expect(conventionTimelineOf(boulogne)).toEqual({ entryIntoForce: '2024-01-01', periods: [seedPeriod], termination: null, demo: false });
  });

  it('R-BIL-2: the timeline read from the events gives the seed figures 548 €, 27 566 €, 4 851 €', () => {
    const bases = { sigOperationalCents: 13_700_000, personnelBaseCents: 35_800_000, structureFlatCents: 6_300_000 };
    const share = townYearShare({ insee: '92012', year: 2024, bases, terms: conventionTimelineOf(boulogne).periods });
    if (isDomainError(share)) throw new Error(share.message);
    expect(share.lines.map((line) => line.amountCents)).toEqual([54_800, 2_756_600, 485_100]);
    expect(share.totalCents).toBe(3_296_500);
  });

  it('R-CON-7: an amendment starts a new period from its effective date, merged over the terms in force', () => {
    const amended = conventionTimelineOf([
      ...boulogne,
      {
        type: 'ConventionAmended',
        data: { amendmentNumber: 1, signedOn: '2025-06-01', effectiveFrom: '2025-07-01', changes: { sigOption: 2 } },
      },
    ]);
    expect(amended.periods).toEqual([
      { ...seedPeriod, to: '2025-06-30', days: 547 },
      { ...seedPeriod, from: '2025-07-01', sigOption: 2, sigRate: '0.024', amendmentNumber: 1, days: 914 },
    ]);
  });

  it.each([
    [
      'notice by the town',
      notice('2025-03-15', '2025-06-15'),
      '2025-06-14',
      { cause: 'notice', requestedBy: 'town', effectiveDate: '2025-06-15' },
    ],
    [
      'notice by the EPT',
      notice('2026-09-30', '2026-12-30', 'ept'),
      '2026-12-29',
      { cause: 'notice', requestedBy: 'ept', effectiveDate: '2026-12-30' },
    ],
    [
      'mutual agreement',
      { type: 'ConventionTerminatedByMutualAgreement', data: { agreedOn: '2025-01-10', effectiveDate: '2025-02-01' } },
      '2025-01-31',
      { cause: 'mutual_agreement', requestedBy: null, effectiveDate: '2025-02-01' },
    ],
  ])('R-CON-4: a %s ends the convention the day before it takes effect', (_case, ending, lastDay, termination) => {
    const timeline = conventionTimelineOf([...boulogne, ending]);
    expect(timeline.periods.at(-1)?.to).toBe(lastDay);
    expect(timeline.termination).toEqual(termination);
  });

  it('R-CON-4: a notice whose three months end after the last renewal changes nothing (the convention expires first)', () => {
    const timeline = conventionTimelineOf([...boulogne, notice('2027-11-01', '2028-02-01')]);
    expect(timeline.periods).toEqual([seedPeriod]);
    expect(timeline.termination).toBeNull();
  });

  it('R-CON-3: an express renewal starts a new version with its own term and terms', () => {
    const renewed = conventionTimelineOf([
      ...boulogne,
      {
        type: 'ConventionRenewedExpressly',
        data: {
          version: 2,
          decidedOn: '2027-10-01',
          startsOn: '2028-01-01',
          tacitRenewals: 2,
          sizing: { sigOption: 3, resourcesShare: '0.1', structureShare: '0.09' },
        },
      },
    ]);
    expect(renewed.periods).toEqual([
      seedPeriod,
      {
        from: '2028-01-01',
        to: '2030-12-31',
        version: 2,
        sigOption: 3,
        sigRate: '0.048',
        resourcesShare: '0.1',
        structureShare: '0.09',
        amendmentNumber: null,
        demo: false,
        days: 1096,
      },
    ]);
  });

  it('R-BIL-6: event types billing does not use are recorded and change nothing', () => {
    const noisy = conventionTimelineOf([
      ...boulogne,
      { type: 'ContactAssigned', data: { role: 'gis', person: { personId: 'p1', name: 'X' }, from: '2024-02-01' } },
      { type: 'ConventionTacitlyRenewed', data: { version: 1, renewal: 1, termStart: '2025-01-01', termEnd: '2025-12-31' } },
      { type: 'SomethingAddedLater', data: { anything: true } },
    ]);
    expect(noisy.periods).toEqual([seedPeriod]);
  });

  it('R-BIL-6: a convention drafted but not in force has no period', () => {
    expect(conventionTimelineOf(boulogne.slice(0, 4))).toEqual({ entryIntoForce: null, periods: [], termination: null, demo: false });
  });

  it("DOMAIN Actors: a demo town's figures are flagged as demo data", () => {
    const demo = conventionTimelineOf([
      {
        type: 'ConventionDrafted',
        data: { tacitRenewals: 4, sizing: { sigOption: 2, resourcesShare: '0.04', structureShare: '0.04' }, demo: true },
      },
      { type: 'ConventionEnteredIntoForce', data: { on: '2022-01-01' } },
    ]);
    expect(demo.demo).toBe(true);
    expect(demo.periods).toEqual([expect.objectContaining({ from: '2022-01-01', to: '2026-12-31', sigRate: '0.024', demo: true })]);
  });

  it('R-BIL-7: the usage share owed on termination is the resources share on the last day in force', () => {
    const timeline = conventionTimelineOf([
      ...boulogne,
      {
        type: 'ConventionAmended',
        data: { amendmentNumber: 1, signedOn: '2024-12-01', effectiveFrom: '2025-01-01', changes: { resourcesShare: '0.08' } },
      },
      notice('2025-03-15', '2025-06-15'),
    ]);
    const register = [{ assetId: 'srv', asset: 'Serveur', costCents: 100_000, startYear: 2024, depreciationYears: 4 }];
    expect(depreciationInputOf('92012', timeline, { on: '2025-06-15', requestedBy: 'town' }, register)).toEqual({
      insee: '92012',
      requestedBy: 'town',
      conventionStart: '2024-01-01',
      terminationDate: '2025-06-15',
      usageShare: '0.08',
      register,
    });
    expect(
      depreciationInputOf('92012', conventionTimelineOf(boulogne.slice(0, 4)), { on: '2025-06-15', requestedBy: 'town' }, register),
    ).toBeNull();
  });
});
