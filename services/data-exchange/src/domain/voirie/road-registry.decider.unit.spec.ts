import { foldEvents, isDomainError } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import { ROAD_REGISTRY_ERRORS, roadRegistryDecider, type ApplyVoirieOrder } from './road-registry.decider.js';
import type { OrderLink, RoadRegistryEvent, VoirieOrderRejected } from './road-registry.events.js';
import { validateVoirieOrder } from './validate-voirie-order.js';
import { voirieOrderDigest } from './voirie-order-digest.js';
import type { VoirieOrder } from './voirie-order.js';
import { decisionOutcome } from './voirie-outcome.js';
import { BOULOGNE_ORDER_SEQUENCE, BOULOGNE_RECEIVED_AT, boulogneOrders, type VoirieOrderBody } from './voirie.fixtures.js';

const RECEIVED_AT = '2024-12-02T09:00:00+01:00';

const orderOf = async (body: unknown): Promise<VoirieOrder> => {
  const result = await validateVoirieOrder(body);
  if (!result.ok) throw new Error(`fixture not valid: ${JSON.stringify(result.errors)}`);
  return result.order;
};

const apply = (order: VoirieOrder, receivedAt = RECEIVED_AT): ApplyVoirieOrder => ({ type: 'ApplyVoirieOrder', order, receivedAt });

const linkOf = (order: VoirieOrder, receivedAt = RECEIVED_AT): OrderLink => ({
  orderId: order.orderId,
  insee: order.insee,
  reference: order.reference,
  kind: order.kind,
  signedAt: order.signedAt,
  effectiveAt: order.effectiveAt,
  receivedAt,
  mentions: order.mentions,
  digest: voirieOrderDigest(order),
});

/** The events an accepted order gives, computed with the decider from the empty registry plus `given`. */
const eventsOf = (given: readonly RoadRegistryEvent[], order: VoirieOrder, receivedAt = RECEIVED_AT): RoadRegistryEvent[] => {
  const decision = roadRegistryDecider.decide(apply(order, receivedAt), foldEvents(roadRegistryDecider, given));
  if (isDomainError(decision)) throw new Error(`${decision.code}: ${decision.message}`);
  return [...decision];
};

let created: VoirieOrder;
let numbered: VoirieOrder;
let directed: VoirieOrder;
let renamed: VoirieOrder;
let createdEvents: RoadRegistryEvent[];

beforeAll(async () => {
  created = await orderOf(boulogneOrders.roadCreated);
  numbered = await orderOf(boulogneOrders.numbering);
  directed = await orderOf(boulogneOrders.trafficDirection);
  renamed = await orderOf(boulogneOrders.roadRenamed);
  createdEvents = eventsOf([], created);
});

const spec = deciderSpec(roadRegistryDecider);

describe('road registry: accepted orders and their events (R-DX-1)', () => {
  it('R-DX-1 a: a creation records the road, linked to its order and keeping the town’s mentions (R-DX-4)', () => {
    spec
      .given([])
      .when(apply(created))
      .then([{ type: 'RoadCreated', data: { roadId: '92012_0042', name: 'Allée Marie Curie', roadType: 'voie', order: linkOf(created) } }]);
  });

  it('R-DX-1 a: a creation that numbers the new road also records its numbers', async () => {
    const withNumbers = await orderOf({ ...boulogneOrders.roadCreated, numbers: boulogneOrders.numbering.numbers });
    const events = eventsOf([], withNumbers);
    expect(events.map((event) => event.type)).toEqual(['RoadCreated', 'RoadNumbered']);
    expect(events[1]?.type === 'RoadNumbered' && events[1].data.numbers).toHaveLength(5);
  });

  it('R-DX-1 b: a rename records the old and new names', () => {
    spec
      .given([...createdEvents])
      .when(apply(renamed))
      .then([
        {
          type: 'RoadRenamed',
          data: {
            roadId: '92012_0042',
            previousName: 'Allée Marie Curie',
            name: 'Allée Marie et Pierre Curie',
            roadType: 'voie',
            order: linkOf(renamed),
          },
        },
      ]);
  });

  it('R-DX-1 c: a numbering records the numbers with their positions', () => {
    const numbers = numbered.kind === 'NUMBERING' ? numbered.numbers : [];
    spec
      .given([...createdEvents])
      .when(apply(numbered))
      .then([{ type: 'RoadNumbered', data: { roadId: '92012_0042', roadName: 'Allée Marie Curie', numbers, order: linkOf(numbered) } }]);
    expect(numbers[2]).toEqual({ number: 2, suffix: 'bis', lon: 2.24026, lat: 48.83532 });
  });

  it('R-DX-1 d: a traffic direction order records the direction', () => {
    spec
      .given([...createdEvents])
      .when(apply(directed))
      .then([{ type: 'TrafficDirectionSet', data: { roadId: '92012_0042', direction: 'ONE_WAY_FORWARD', order: linkOf(directed) } }]);
  });

  it('R-DX-1: an order may take effect long after it arrives', async () => {
    const later = await orderOf({ ...boulogneOrders.roadCreated, effectiveAt: '2030-01-01' });
    expect(eventsOf([], later, '2024-03-03T10:00:00+01:00')).toHaveLength(1);
  });

  it('R-DX-1: a signature the day of receipt counts in Paris time (23:30 UTC on 1 March is 2 March in Paris)', () => {
    expect(eventsOf([], created, '2024-03-01T23:30:00Z')).toHaveLength(1);
  });
});

describe('road registry: duplicates (R-DX-2)', () => {
  it('R-DX-2: the same order again is a duplicate and changes nothing', () => {
    const error = spec
      .given([...createdEvents])
      .when(apply(created, '2025-01-01T08:00:00Z'))
      .thenError(ROAD_REGISTRY_ERRORS.duplicate);
    expect(error.details).toEqual([]);
    expect(decisionOutcome(created.orderId, error)).toEqual({ orderId: created.orderId, status: 'duplicate', errors: [] });
  });

  it('R-DX-2: a duplicate is found whatever came in between (no dedup window)', () => {
    const given = [...createdEvents, ...eventsOf(createdEvents, numbered), ...eventsOf(createdEvents, directed)];
    spec.given(given).when(apply(numbered)).thenError(ROAD_REGISTRY_ERRORS.duplicate);
  });

  it('R-DX-2: another order reusing an applied id is a duplicate too, and says so', async () => {
    const impostor = await orderOf({ ...boulogneOrders.numbering, orderId: created.orderId });
    const error = spec
      .given([...createdEvents])
      .when(apply(impostor))
      .thenError(ROAD_REGISTRY_ERRORS.duplicate);
    expect(error.details).toEqual([
      { path: 'order.orderId', code: 'VOIRIE_DUPLICATE_ORDER', message: expect.stringContaining('nouvel orderId') },
    ]);
  });

  it('R-DX-2: sending the whole sequence twice leaves the registry as sending it once', async () => {
    const orders = await Promise.all(BOULOGNE_ORDER_SEQUENCE.map(orderOf));
    let state = roadRegistryDecider.initialState;
    const statuses: string[] = [];
    for (const [index, order] of [...orders, ...orders].entries()) {
      const decision = roadRegistryDecider.decide(apply(order, BOULOGNE_RECEIVED_AT[index % orders.length]), state);
      statuses.push(decisionOutcome(order.orderId, decision).status);
      if (!isDomainError(decision)) state = foldEvents(roadRegistryDecider, decision, state);
    }
    const once = orders.reduce((acc, order, index) => {
      const decision = roadRegistryDecider.decide(apply(order, BOULOGNE_RECEIVED_AT[index]), acc);
      return isDomainError(decision) ? acc : foldEvents(roadRegistryDecider, decision, acc);
    }, roadRegistryDecider.initialState);
    expect(statuses).toEqual([...orders.map(() => 'accepted'), ...orders.map(() => 'duplicate')]);
    expect(state).toEqual(once);
  });
});

describe('road registry: refusals (R-DX-2)', () => {
  /** The recorded refusal of `order`, given earlier events. */
  const rejectionOf = (given: readonly RoadRegistryEvent[], order: VoirieOrder, receivedAt = RECEIVED_AT): VoirieOrderRejected['data'] => {
    const decision = roadRegistryDecider.decide(apply(order, receivedAt), foldEvents(roadRegistryDecider, given));
    if (isDomainError(decision)) throw new Error(`expected a recorded refusal, got ${decision.code}`);
    const [event, ...others] = decision;
    if (event?.type !== 'VoirieOrderRejected' || others.length > 0)
      throw new Error(`expected one refusal, got ${decision.map((e) => e.type).join(', ')}`);
    return event.data;
  };

  it.each<[string, keyof typeof boulogneOrders]>([
    ['rename', 'roadRenamed'],
    ['number', 'numbering'],
    ['set the direction of', 'trafficDirection'],
  ])('R-DX-2: to %s an unknown road is rejected', async (_, fixture) => {
    const order = await orderOf(boulogneOrders[fixture]);
    spec
      .given([])
      .when(apply(order))
      .then([
        {
          type: 'VoirieOrderRejected',
          data: {
            roadId: '92012_0042',
            code: ROAD_REGISTRY_ERRORS.unknownRoad,
            reasons: [
              { path: 'order.road.id', code: 'VOIRIE_UNKNOWN_ROAD', message: expect.stringContaining('ROAD_CREATED') as unknown as string },
            ],
            order: linkOf(order),
          },
        },
      ]);
  });

  it('R-DX-2: creating a road that exists is rejected', async () => {
    const again = await orderOf({
      ...boulogneOrders.roadCreated,
      orderId: 'a1b2c3d4-0000-4000-8000-000000000001',
      road: { ...boulogneOrders.roadCreated.road, name: 'Allée Curie' },
    });
    const rejection = rejectionOf(createdEvents, again);
    expect(rejection.code).toBe(ROAD_REGISTRY_ERRORS.roadExists);
    expect(rejection.reasons).toEqual([
      { path: 'order.road.id', code: 'VOIRIE_ROAD_EXISTS', message: expect.stringContaining('AR-2024-0153') },
    ]);
  });

  it('R-DX-2: an order taking effect before its signature is rejected', () => {
    const rejection = rejectionOf([], { ...created, effectiveAt: '2024-03-01' });
    expect(rejection.code).toBe(ROAD_REGISTRY_ERRORS.effectiveBeforeSignature);
    expect(rejection.reasons).toEqual([
      { path: 'order.effectiveAt', code: 'VOIRIE_EFFECTIVE_BEFORE_SIGNATURE', message: expect.stringContaining('01/03/2024') },
    ]);
  });

  it('R-DX-2: an order signed after it was received is rejected', () => {
    const rejection = rejectionOf([], created, '2024-03-01T10:00:00+01:00');
    expect(rejection.code).toBe(ROAD_REGISTRY_ERRORS.signedAfterReceipt);
    expect(rejection.reasons[0]?.path).toBe('order.signedAt');
  });

  it('R-DX-2: a change taking effect before the road exists is rejected', async () => {
    const tooEarly = await orderOf({ ...boulogneOrders.trafficDirection, signedAt: '2024-03-01', effectiveAt: '2024-03-15' });
    const rejection = rejectionOf(createdEvents, tooEarly);
    expect(rejection.code).toBe(ROAD_REGISTRY_ERRORS.beforeRoadCreation);
    expect(rejection.reasons).toEqual([
      { path: 'order.effectiveAt', code: 'VOIRIE_BEFORE_ROAD_CREATION', message: expect.stringContaining('01/04/2024') },
    ]);
  });

  it('R-DX-2: a rename whose previous name is not the name in force that day is rejected', async () => {
    const rejection = rejectionOf(createdEvents, await orderOf({ ...boulogneOrders.roadRenamed, previousName: 'Rue Inconnue' }));
    expect(rejection.code).toBe(ROAD_REGISTRY_ERRORS.previousNameMismatch);
    expect(rejection.reasons).toEqual([
      { path: 'order.previousName', code: 'VOIRIE_PREVIOUS_NAME_MISMATCH', message: expect.stringContaining('« Allée Marie Curie »') },
    ]);
  });

  it.each<[string, keyof typeof boulogneOrders]>([
    ['numbering', 'numbering'],
    ['traffic direction', 'trafficDirection'],
  ])('R-DX-2 (issue 16): a %s order naming its road otherwise than the registry is rejected with both names', async (_, fixture) => {
    const wrong = await orderOf({ ...boulogneOrders[fixture], road: { ...boulogneOrders[fixture].road, name: 'Rue Fausse' } });
    const rejection = rejectionOf(createdEvents, wrong);
    expect(rejection.code).toBe(ROAD_REGISTRY_ERRORS.roadNameMismatch);
    expect(rejection.reasons).toEqual([
      {
        path: 'order.road.name',
        code: 'VOIRIE_ROAD_NAME_MISMATCH',
        message: expect.stringMatching(/« Allée Marie Curie ».*« Rue Fausse »/),
      },
    ]);
    const spelledLoosely = await orderOf({
      ...boulogneOrders[fixture],
      road: { ...boulogneOrders[fixture].road, name: 'allée  MARIE curie' },
    });
    expect(eventsOf(createdEvents, spelledLoosely).map((event) => event.type)).not.toContain('VoirieOrderRejected');
  });

  it('R-DX-2: the previous name is compared ignoring case and spaces, as the town spells it', async () => {
    const loose = await orderOf({ ...boulogneOrders.roadRenamed, previousName: 'allée  MARIE curie' });
    expect(eventsOf(createdEvents, loose).map((event) => event.type)).toEqual(['RoadRenamed']);
  });

  it('R-DX-2: every reason is given at once', () => {
    const early = { ...renamed, effectiveAt: '2024-09-01' };
    const rejection = rejectionOf([], early);
    expect(rejection.code).toBe(ROAD_REGISTRY_ERRORS.rejected);
    expect(rejection.reasons.map((reason) => reason.path)).toEqual(['order.effectiveAt', 'order.road.id']);
    const decision = roadRegistryDecider.decide(apply(early), roadRegistryDecider.initialState);
    expect(decisionOutcome(renamed.orderId, decision)).toEqual({ orderId: renamed.orderId, status: 'rejected', errors: rejection.reasons });
  });

  it('R-DX-2: a refusal changes no road, and sent again the order is a duplicate that recalls why', () => {
    const refused = roadRegistryDecider.decide(apply(numbered), roadRegistryDecider.initialState);
    if (isDomainError(refused)) throw new Error('expected a recorded refusal');
    const afterRefusal = foldEvents(roadRegistryDecider, [...refused, ...createdEvents]);
    expect([...afterRefusal.roads.values()].map((road) => road.numbers)).toEqual([[]]);
    const again = roadRegistryDecider.decide(apply(numbered), afterRefusal);
    const outcome = decisionOutcome(numbered.orderId, again);
    expect(outcome.status).toBe('duplicate');
    expect(outcome.errors).toEqual([
      { path: 'order.orderId', code: 'VOIRIE_DUPLICATE_ORDER', message: expect.stringContaining('nouvel orderId') },
    ]);
    expect(outcome.errors[0]?.message).toContain('déjà été refusé');
  });

  it('R-DX-2: orders sent out of order, then all again, leave the registry as sending them once', async () => {
    const orders = [numbered, created, directed];
    const sendAll = (state: typeof roadRegistryDecider.initialState) =>
      orders.reduce((acc, order) => {
        const decision = roadRegistryDecider.decide(apply(order), acc);
        return isDomainError(decision) ? acc : foldEvents(roadRegistryDecider, decision, acc);
      }, state);
    const once = sendAll(roadRegistryDecider.initialState);
    expect(sendAll(once)).toEqual(once);
    expect([...once.decidedOrders.values()].map((decision) => decision.status)).toEqual(['rejected', 'accepted', 'accepted']);
  });

  it('R-DX-3: an order of another town cannot change this registry, and nothing is recorded', () => {
    spec
      .given([...createdEvents])
      .when(apply({ ...numbered, insee: '92040', road: { ...numbered.road, id: '92040_0042' } }))
      .thenError(ROAD_REGISTRY_ERRORS.otherTown);
  });

  it('R-DX-2: a receipt time without offset is refused and nothing is recorded (time comes in the command)', () => {
    spec.given([]).when(apply(created, '2024-03-04 09:15')).thenError(ROAD_REGISTRY_ERRORS.badReceiptTime);
  });

  it('R-DX-2: an accepted decision answers accepted with no errors', () => {
    expect(decisionOutcome(created.orderId, createdEvents)).toEqual({ orderId: created.orderId, status: 'accepted', errors: [] });
  });
});

describe('road registry: digest (R-DX-4)', () => {
  it('R-DX-4: the digest is the same for the same order, whatever the key order', async () => {
    const reordered = Object.fromEntries(Object.entries(boulogneOrders.numbering).reverse()) as unknown as VoirieOrderBody;
    expect(voirieOrderDigest(await orderOf(reordered))).toBe(voirieOrderDigest(numbered));
    expect(voirieOrderDigest(numbered)).toMatch(/^[0-9a-f]{64}$/);
    expect(voirieOrderDigest(created)).not.toBe(voirieOrderDigest(numbered));
  });
});
