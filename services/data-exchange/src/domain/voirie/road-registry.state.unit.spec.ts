import { performance } from 'node:perf_hooks';
import type { OrderLink, RoadCreated } from './road-registry.events.js';
import { evolveRoadRegistry, initialRoadRegistryState, type RoadRegistryState } from './road-registry.state.js';

const ORDERS = 30_000;

const creation = (index: number): RoadCreated => {
  const order: OrderLink = {
    orderId: `order-${index}`,
    insee: '92012',
    reference: `AR-${index}`,
    kind: 'ROAD_CREATED',
    signedAt: '2024-03-02',
    effectiveAt: '2024-04-01',
    receivedAt: '2024-03-03T09:00:00+01:00',
    mentions: { source: 'Ville', copyright: 'Ville', year: 2024 },
    digest: 'd'.repeat(64),
  };
  return {
    type: 'RoadCreated',
    data: { roadId: `92012_${index.toString(36).toUpperCase().padStart(4, '0')}`, name: `Rue ${index}`, roadType: 'voie', order },
  };
};

describe('road registry state (R-DX-1, R-DX-2)', () => {
  it('R-DX-2: each decided order is added without changing the state it was added to', () => {
    const before = evolveRoadRegistry(initialRoadRegistryState, creation(0));
    const after = evolveRoadRegistry(before, creation(1));
    expect([before.decidedOrders.size, before.roads.size]).toEqual([1, 1]);
    expect([after.decidedOrders.size, after.roads.size]).toEqual([2, 2]);
    expect(after.decidedOrders.get('order-0')).toBe(before.decidedOrders.get('order-0'));
  });

  it(`R-DX-1: folding a town of ${ORDERS.toLocaleString('en')} orders takes seconds at most (no copy of the registry per order)`, () => {
    const startedAt = performance.now();
    let state: RoadRegistryState = initialRoadRegistryState;
    for (let index = 0; index < ORDERS; index++) state = evolveRoadRegistry(state, creation(index));
    const seconds = (performance.now() - startedAt) / 1000;
    expect(state.roads.size).toBe(ORDERS);
    expect(state.decidedOrders.get(`order-${ORDERS - 1}`)?.status).toBe('accepted');
    // Copying both maps at each order (N² entry copies) ran for minutes here; sharing them, 0.25 s.
    expect(seconds).toBeLessThan(5);
  });
});
