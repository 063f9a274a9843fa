import { roadRegistryAsOf } from './road-registry-as-of.js';
import type { RoadRegistryState } from './road-registry.state.js';
import { BOULOGNE_ORDER_SEQUENCE, BOULOGNE_RECEIVED_AT, boulogneOrders, registryOf } from './voirie.fixtures.js';

let boulogne: RoadRegistryState;
beforeAll(async () => {
  boulogne = await registryOf(BOULOGNE_ORDER_SEQUENCE, BOULOGNE_RECEIVED_AT);
});

const road = (asOf: string, id = '92012_0042') => roadRegistryAsOf(boulogne, asOf).find((r) => r.id === id);

describe('road registry as of a date: effective dates, not arrival (R-DX-1)', () => {
  it('R-DX-1: the day before its creation takes effect the road does not exist, though the order had arrived', () => {
    expect(roadRegistryAsOf(boulogne, '2024-03-31')).toEqual([]);
    expect(road('2024-04-01')?.name).toBe('Allée Marie Curie');
  });

  it('R-DX-1: a new road has its name, its creation order, no numbers and no direction yet', () => {
    const created = road('2024-04-01')!;
    expect(created).toMatchObject({
      id: '92012_0042',
      code: '0042',
      roadType: 'voie',
      createdOn: '2024-04-01',
      numbers: [],
      direction: null,
    });
    expect(created.names).toHaveLength(1);
    expect(created.names[0]?.order).toMatchObject({
      orderId: boulogneOrders.roadCreated.orderId,
      reference: 'AR-2024-0153',
      effectiveAt: '2024-04-01',
    });
  });

  it('R-DX-1 c: numbers appear on the numbering’s effective date, with positions and their order', () => {
    expect(road('2024-04-30')?.numbers).toEqual([]);
    const numbers = road('2024-05-01')!.numbers;
    expect(numbers.map((n) => [n.number, n.suffix])).toEqual([
      [1, null],
      [2, null],
      [2, 'bis'],
      [3, null],
      [4, null],
    ]);
    expect(numbers[2]).toMatchObject({ lon: 2.24026, lat: 48.83532, order: { reference: 'AR-2024-0187', effectiveAt: '2024-05-01' } });
  });

  it('R-DX-1 d: the traffic direction applies from its effective date', () => {
    expect(road('2024-05-31')?.direction).toBeNull();
    expect(road('2024-06-01')?.direction).toMatchObject({ direction: 'ONE_WAY_FORWARD', order: { reference: 'AR-2024-0201' } });
  });

  it('R-DX-1 b: the name changes on the rename’s effective date and keeps its history', () => {
    const before = road('2024-09-30')!;
    expect(before.name).toBe('Allée Marie Curie');
    expect(before.names).toHaveLength(1);
    const after = road('2024-10-01')!;
    expect(after.name).toBe('Allée Marie et Pierre Curie');
    expect(after.names.map((n) => [n.name, n.previousName, n.order.reference])).toEqual([
      ['Allée Marie Curie', null, 'AR-2024-0153'],
      ['Allée Marie et Pierre Curie', 'Allée Marie Curie', 'AR-2024-0311'],
    ]);
    expect(after.numbers).toHaveLength(5);
  });

  it('R-DX-1 a: a square without numbers joins the list from its date, sorted by id', () => {
    expect(roadRegistryAsOf(boulogne, '2024-10-14').map((r) => r.id)).toEqual(['92012_0042']);
    const roads = roadRegistryAsOf(boulogne, '2024-10-15');
    expect(roads.map((r) => [r.id, r.roadType])).toEqual([
      ['92012_0042', 'voie'],
      ['92012_0108', 'place'],
    ]);
  });

  it('R-DX-4: each change keeps the town’s mentions as sent', () => {
    expect(road('2025-01-01')?.direction?.order.mentions).toEqual(boulogneOrders.trafficDirection.mentions);
  });
});

describe('road registry as of a date: later orders and ties (R-DX-1)', () => {
  const moved = {
    ...boulogneOrders.numbering,
    orderId: 'c0ffee00-0000-4000-8000-000000000001',
    reference: 'AR-2025-0007',
    signedAt: '2025-01-10',
    effectiveAt: '2025-02-01',
    // The road's name that day (renamed in 2024): the registry checks it (issue 16).
    road: { ...boulogneOrders.numbering.road, name: boulogneOrders.roadRenamed.road.name },
    numbers: [
      { number: 2, lon: 2.2403, lat: 48.8353 },
      { number: 6, lon: 2.2406, lat: 48.8356 },
    ],
  };

  it('R-DX-1 c: a number given again moves from the new date on, the old position stays before', async () => {
    const state = await registryOf([...BOULOGNE_ORDER_SEQUENCE, moved], [...BOULOGNE_RECEIVED_AT, '2025-01-11T09:00:00+01:00']);
    const numberTwo = (asOf: string) => roadRegistryAsOf(state, asOf)[0]!.numbers.find((n) => n.number === 2 && n.suffix === null);
    expect(numberTwo('2025-01-31')).toMatchObject({ lon: 2.24022, lat: 48.83528, order: { reference: 'AR-2024-0187' } });
    expect(numberTwo('2025-02-01')).toMatchObject({ lon: 2.2403, lat: 48.8353, order: { reference: 'AR-2025-0007' } });
    expect(roadRegistryAsOf(state, '2025-02-01')[0]!.numbers.map((n) => n.number)).toEqual([1, 2, 2, 3, 4, 6]);
  });

  it('R-DX-1 d: two direction orders effective the same day: the one recorded last wins', async () => {
    const closed = {
      ...boulogneOrders.trafficDirection,
      orderId: 'c0ffee00-0000-4000-8000-000000000002',
      reference: 'AR-2024-0202',
      direction: 'CLOSED',
    };
    const state = await registryOf([...BOULOGNE_ORDER_SEQUENCE.slice(0, 3), closed]);
    expect(roadRegistryAsOf(state, '2024-06-01')[0]!.direction).toMatchObject({
      direction: 'CLOSED',
      order: { reference: 'AR-2024-0202' },
    });
  });

  it('R-DX-1 d: an order received later but effective earlier does not hide a later one', async () => {
    const earlierTwoWay = {
      ...boulogneOrders.trafficDirection,
      orderId: 'c0ffee00-0000-4000-8000-000000000003',
      reference: 'AR-2024-0190',
      direction: 'TWO_WAY',
      signedAt: '2024-04-20',
      effectiveAt: '2024-05-15',
    };
    const state = await registryOf([...BOULOGNE_ORDER_SEQUENCE.slice(0, 3), earlierTwoWay]);
    expect(roadRegistryAsOf(state, '2024-05-20')[0]!.direction?.direction).toBe('TWO_WAY');
    expect(roadRegistryAsOf(state, '2024-06-01')[0]!.direction?.direction).toBe('ONE_WAY_FORWARD');
  });
});
