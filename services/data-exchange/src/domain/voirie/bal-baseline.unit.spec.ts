import { foldEvents, isDomainError } from '@digit/contracts';
import { balFixture } from '@digit/testing';
import { parseBalBaseline } from './bal-baseline.js';
import { roadRegistryDecider, type ImportBalBaseline } from './road-registry.decider.js';
import { boulogneOrders } from './voirie.fixtures.js';
import { validateVoirieOrder } from './validate-voirie-order.js';

const ROADS = [
  { code: '0042', name: 'Rue des Lilas', numbers: [{ number: 1 }, { number: 2 }, { number: 2, suffix: 'bis' }] },
  { code: '0043', name: 'Place de la Mairie', numbers: [{ number: 10 }] },
  { code: '0044', name: 'Allée Verte', numbers: [] },
];

const parsed = (csv: string) => {
  const result = parseBalBaseline(csv, '92012');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.baseline;
};

describe('a BAL read as the registry’s starting point (R-DX-9)', () => {
  it('R-DX-9: roads by cle_interop code, named by voie_nom, a place when its name says so, 99999 a road without number', () => {
    const baseline = parsed(balFixture('92012', ROADS));
    expect(baseline.roads.map((road) => [road.id, road.name, road.roadType, road.numbers.length])).toEqual([
      ['92012_0042', 'Rue des Lilas', 'voie', 3],
      ['92012_0043', 'Place de la Mairie', 'place', 1],
      ['92012_0044', 'Allée Verte', 'voie', 0],
    ]);
    expect(baseline).toMatchObject({ lines: 5, numbers: 4, effectiveAt: '2023-06-01', source: 'Ville de Boulogne-Billancourt' });
  });

  it('R-DX-9: an address given twice (several positions) keeps its first line', () => {
    const csv = balFixture('92012', [{ code: '0042', name: 'Rue des Lilas', numbers: [{ number: 1 }, { number: 1 }] }]);
    expect(parsed(csv).roads[0]!.numbers).toHaveLength(1);
  });

  it.each<[string, string, number, RegExp]>([
    ['a line of another town', balFixture('92012', ROADS, (line) => (line === 3 ? { commune_insee: '92040' } : {})), 3, /92040/],
    [
      'a road code not given (0000)',
      balFixture('92012', [{ code: '0000', name: 'Rue Sans Code', numbers: [{ number: 1 }] }]),
      2,
      /code de voie/,
    ],
    [
      'one road code with two names',
      balFixture('92012', ROADS, (line) => (line === 3 ? { voie_nom: 'Rue des Roses' } : {})),
      3,
      /un seul nom/,
    ],
    ['a number without position', balFixture('92012', ROADS, (line) => (line === 4 ? { long: '', lat: '' } : {})), 4, /position/],
    [
      'a number outside the town',
      balFixture('92012', ROADS, (line) => (line === 2 ? { long: '2.4', lat: '48.9' } : {})),
      2,
      /hors de Boulogne/,
    ],
  ])('R-DX-9: %s is refused with its line', (_, csv, line, message) => {
    const result = parseBalBaseline(csv, '92012');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ line, message: expect.stringMatching(message) }]);
  });
});

describe('importing the baseline into the registry (R-DX-9)', () => {
  const command = (sha = 'a'.repeat(64)): ImportBalBaseline => ({
    type: 'ImportBalBaseline',
    insee: '92012',
    baseline: parsed(balFixture('92012', ROADS)),
    file: { sha256: sha, bytes: 1000 },
    importedAt: '2026-12-07T10:00:00+01:00',
  });

  it('R-DX-9: records the provenance, then every road and its numbers, with one baseline link', () => {
    const events = roadRegistryDecider.decide(command(), roadRegistryDecider.initialState);
    if (isDomainError(events)) throw new Error(events.message);
    expect(events.map((event) => event.type)).toEqual([
      'RoadRegistryBaselineImported',
      'RoadCreated',
      'RoadNumbered',
      'RoadCreated',
      'RoadNumbered',
      'RoadCreated',
    ]);
    expect(events[0]).toMatchObject({
      data: {
        sha256: 'a'.repeat(64),
        lines: 5,
        roads: 3,
        numbers: 4,
        order: { orderId: `baseline-${'a'.repeat(32)}`, effectiveAt: '2023-06-01', digest: 'a'.repeat(64) },
      },
    });
  });

  it('R-DX-9: a second baseline is refused, later changes come as orders', () => {
    const first = roadRegistryDecider.decide(command(), roadRegistryDecider.initialState);
    if (isDomainError(first)) throw new Error(first.message);
    const again = roadRegistryDecider.decide(command('b'.repeat(64)), foldEvents(roadRegistryDecider, first));
    expect(isDomainError(again) && again.code).toBe('baseline_already_imported');
  });

  it('R-DX-9: a registry that orders have filled takes no baseline', async () => {
    const validated = await validateVoirieOrder(boulogneOrders.roadCreated);
    if (!validated.ok) throw new Error('fixture');
    const created = roadRegistryDecider.decide(
      { type: 'ApplyVoirieOrder', order: validated.order, receivedAt: '2024-03-03T10:00:00+01:00' },
      roadRegistryDecider.initialState,
    );
    if (isDomainError(created)) throw new Error(created.message);
    const refused = roadRegistryDecider.decide(command(), foldEvents(roadRegistryDecider, created));
    expect(isDomainError(refused) && refused.code).toBe('registry_not_empty');
  });

  it('R-DX-9: orders then rename and number a road of the baseline, even effective before the file’s date', async () => {
    const imported = roadRegistryDecider.decide(command(), roadRegistryDecider.initialState);
    if (isDomainError(imported)) throw new Error(imported.message);
    const state = foldEvents(roadRegistryDecider, imported);
    const renaming = await validateVoirieOrder({
      ...boulogneOrders.roadRenamed,
      road: { id: '92012_0042', name: 'Rue des Glycines', type: 'voie' },
      previousName: 'Rue des Lilas',
      signedAt: '2024-01-10',
      effectiveAt: '2024-02-01',
    });
    if (!renaming.ok) throw new Error(JSON.stringify(renaming.errors));
    const renamed = roadRegistryDecider.decide(
      { type: 'ApplyVoirieOrder', order: renaming.order, receivedAt: '2026-12-08T10:00:00+01:00' },
      state,
    );
    expect(!isDomainError(renamed) && renamed.map((event) => event.type)).toEqual(['RoadRenamed']);
  });
});
