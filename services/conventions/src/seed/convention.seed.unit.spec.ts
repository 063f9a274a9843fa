import { TOWNS, conventionStreamId } from '@digit/contracts';
import { conventionAsOf, type ConventionAsOfView } from '../domain/index.js';
import { seedConventionEvents } from './index.js';

const seed = seedConventionEvents();
const historyOf = (insee: string) => seed.find((stream) => stream.insee === insee)!.events;
const viewOf = (insee: string, asOf: string): ConventionAsOfView => {
  const view = conventionAsOf(historyOf(insee), asOf);
  if (!view) throw new Error(`no view for ${insee} on ${asOf}`);
  return view;
};

describe('seeded conventions', () => {
  it('R-CON-1: seeds one stream per town, named convention-<insee>', () => {
    expect(seed.map((stream) => stream.insee)).toEqual(TOWNS.map((town) => town.insee));
    expect(seed.every((stream) => stream.streamId === conventionStreamId(stream.insee))).toBe(true);
  });

  it('R-CON-1: replaying the seed reproduces the Boulogne deliberation of 7 December 2023', () => {
    const view = viewOf('92012', '2024-01-01');
    expect(view.deliberation).toEqual({
      councilDate: '2023-12-07',
      votes: { for: 55, against: 0, abstentions: 0 },
      transmission: { number: '092-219200128-20231207-137171-DE-1-1', date: '2023-12-13' },
    });
  });

  it.each([
    ['2023-12-01', 'draft', null, null, 0],
    ['2023-12-07', 'approved', null, null, 0],
    ['2023-12-14', 'signed', null, null, 0],
    ['2024-01-01', 'in_force', '2024-01-01', '2024-12-31', 0],
    ['2025-07-14', 'in_force', '2024-01-01', '2025-12-31', 1],
    ['2026-01-01', 'in_force', '2024-01-01', '2026-12-31', 2],
    ['2027-12-31', 'in_force', '2024-01-01', '2027-12-31', 3],
    ['2028-01-01', 'expired', '2024-01-01', null, 3],
  ])('R-CON-2: Boulogne-Billancourt on %s is %s', (asOf, status, entry, termEnd, renewals) => {
    const view = viewOf('92012', asOf);
    expect(view).toMatchObject({
      insee: '92012',
      name: 'Boulogne-Billancourt',
      status,
      entryIntoForce: entry,
      currentTermEnd: termEnd,
      endsAtLatest: '2027-12-31',
      renewalsDone: renewals,
    });
  });

  it('R-CON-7: Boulogne chose option 1 (0.4 %) and shares 7.7 % / 7.7 %, seed facts not demo', () => {
    expect(viewOf('92012', '2026-06-30')).toMatchObject({
      sigOption: 1,
      sigRate: '0.004',
      sigOptionUsers: { min: 1, max: 5 },
      sigOptionEditLicences: 1,
      resourcesShare: '0.077',
      structureShare: '0.077',
      demo: false,
    });
  });

  it.each(TOWNS.filter((town) => town.insee !== '92012').map((town) => [town.name, town.insee]))(
    'R-CON-2: %s is in force from 2022-01-01 with four renewals, its figures labelled demo',
    (_name, insee) => {
      const view = viewOf(insee, '2026-12-31');
      expect(view).toMatchObject({
        status: 'in_force',
        entryIntoForce: '2022-01-01',
        endsAtLatest: '2026-12-31',
        renewalsDone: 4,
        demo: true,
      });
      expect(historyOf(insee).find((event) => event.type === 'ConventionDrafted')?.data).toMatchObject({ demo: true });
    },
  );

  it('R-CON-9: Marnes-la-Coquette publishes on the GPSO domain, with the evidence for the variant', () => {
    const openData = viewOf('92047', '2024-01-01').openDataDomain;
    expect(openData).toMatchObject({ variant: 'gpso_domain', evidence: { inhabitantsUnder3500: true, agentsUnder50: true } });
    expect(openData?.evidence?.source).toContain('Variante Marnes-la-Coquette');
    expect(viewOf('92012', '2024-01-01').openDataDomain).toMatchObject({ variant: 'town_subdomain', evidence: null });
  });

  it('seed events carry JSON-serialisable data only', () => {
    expect(JSON.parse(JSON.stringify(seed))).toEqual(seed);
  });
});
