import { setTimeout as sleep } from 'node:timers/promises';
import { DeliverPolicy } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { Ajv } from 'ajv';
import {
  INSEE_CODES,
  isDomainError,
  TOWN_VOIRIE_ORDERS_STREAM,
  TOWN_VOIRIE_OUTCOMES_STREAM,
  voirieOutcomeJsonSchema,
  type Insee,
} from '@digit/contracts';
import { catchUp } from '@digit/event-store';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startDataExchangeService, type DataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import {
  fuzzVoirieMessages,
  parseVoirieOrder,
  randomVoirieOrderBody,
  roadRegistryAsOf,
  roadRegistryDecider,
  seededRandom,
  seededUuid,
  TOWN_BOUNDING_BOXES,
  validateVoirieOrder,
  voirieMessageOf,
  type RoadRegistryState,
  type VoirieOrderBody,
} from '../../../services/data-exchange/src/domain/voirie/index.js';
import { migrateDataExchangeReadModels } from '../../../services/data-exchange/src/read-model/data-exchange.migrations.js';
import { loadRoadRegistry, roadRegistryProjection } from '../../../services/data-exchange/src/read-model/road-registry.read-model.js';
import { createRoadRegistryWriter } from '../../../services/data-exchange/src/voirie/road-registry.writer.js';
import { answerVoirieMessages } from '../../../services/data-exchange/src/voirie/voirie-message.handler.js';
import { ordersConsumer } from '../../../services/data-exchange/src/voirie/voirie-streams.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

let system: SystemUnderTest;
let service: DataExchangeService;
beforeAll(async () => {
  system = await startSystem([startConventionsService]);
  service = await startDataExchangeService(system.infra);
});
afterAll(async () => {
  await service.stop();
  await system.stop();
});

interface Outcome {
  readonly orderId: string | null;
  readonly status: 'accepted' | 'rejected' | 'duplicate';
  readonly errors: readonly { path: string; message: string }[];
}

const bus = () => system.infra.bus;

/** Publishes as a DSI does; resolves with the publish ack (null when the client refused to send it). */
const publish = async (subject: string, data: Uint8Array, headers: Readonly<Record<string, string | readonly string[]>> = {}) => {
  try {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(headers)) for (const item of typeof value === 'string' ? [value] : value) h.append(key, item);
    return await bus().js.publish(bus().subject(subject), data, { headers: h });
  } catch {
    return null;
  }
};

const publishBody = (body: VoirieOrderBody, withMsgId = true) => {
  const message = voirieMessageOf(body);
  const { 'Nats-Msg-Id': _id, ...withoutId } = message.headers as Record<string, string>;
  return publish(message.subject, message.data, withMsgId ? message.headers! : withoutId);
};

/** Publishes in order, a hundred in flight at a time (JetStream stores them in the order sent). */
const publishAll = async <T>(items: readonly T[], send: (item: T) => ReturnType<typeof publish>) => {
  const acks: Awaited<ReturnType<typeof publish>>[] = [];
  for (let start = 0; start < items.length; start += 100) acks.push(...(await Promise.all(items.slice(start, start + 100).map(send))));
  return acks;
};

/** Waits until the service has answered every stored order (bounded). */
const drained = async (timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A town taken over has its consumer recreated (rewound): absent for that instant.
    const infos = await Promise.all(
      INSEE_CODES.map((insee) =>
        bus()
          .jsm.consumers.info(bus().streamName(TOWN_VOIRIE_ORDERS_STREAM), ordersConsumer(insee))
          .catch(() => undefined),
      ),
    );
    const pending = infos.reduce((sum, info) => sum + (info ? info.num_pending + info.num_ack_pending : Number.NaN), 0);
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`orders still pending: ${pending}`);
    await sleep(25);
  }
};

const outcomeCount = async (): Promise<number> =>
  (await bus().jsm.streams.info(bus().streamName(TOWN_VOIRIE_OUTCOMES_STREAM))).state.messages;

/** The outcomes stored after sequence `after`, in order. */
const outcomesAfter = async (after: number): Promise<Outcome[]> => {
  const total = (await bus().jsm.streams.info(bus().streamName(TOWN_VOIRIE_OUTCOMES_STREAM))).state.last_seq;
  if (total <= after) return [];
  const consumer = await bus().js.consumers.get(bus().streamName(TOWN_VOIRIE_OUTCOMES_STREAM), {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: after + 1,
  });
  const outcomes: Outcome[] = [];
  const messages = await consumer.consume();
  for await (const msg of messages) {
    outcomes.push(msg.json<Outcome>());
    if (msg.seq >= total) break;
  }
  return outcomes;
};

const lastOutcomeSeq = async (): Promise<number> =>
  (await bus().jsm.streams.info(bus().streamName(TOWN_VOIRIE_OUTCOMES_STREAM))).state.last_seq;

/** Orders a DSI could send over months, across the eight towns: valid bodies, some refused by the registry. */
const townOrders = (count: number, seed: number): VoirieOrderBody[] => {
  const random = seededRandom(seed);
  const roads = new Map<Insee, { id: string; name: string }[]>(INSEE_CODES.map((insee) => [insee, []]));
  const orders: VoirieOrderBody[] = [];
  for (let i = 0; i < count; i++) {
    const insee = INSEE_CODES[i % INSEE_CODES.length]!;
    const known = roads.get(insee)!;
    const box = TOWN_BOUNDING_BOXES[insee];
    const centre = [(box.minLon + box.maxLon) / 2, (box.minLat + box.maxLat) / 2] as const;
    const point = () => ({
      lon: Number((centre[0] + (random.next() - 0.5) * 0.016).toFixed(6)),
      lat: Number((centre[1] + (random.next() - 0.5) * 0.016).toFixed(6)),
    });
    const signed = new Date(Date.UTC(2024, 0, 1 + Math.floor(i / 4))).toISOString().slice(0, 10);
    const effective = new Date(Date.UTC(2024, 0, 16 + Math.floor(i / 4))).toISOString().slice(0, 10);
    const base = {
      orderId: seededUuid(random),
      insee,
      reference: `AR-${i}`,
      signedAt: signed,
      effectiveAt: effective,
      mentions: { source: `Ville ${insee}`, copyright: `© Ville ${insee}`, year: 2024 },
    };
    const numbers = () => Array.from({ length: random.int(1, 4) }, (_, n) => ({ number: n * 2 + random.int(1, 2), ...point() }));
    if (known.length === 0 || random.chance(0.25)) {
      const road = { id: `${insee}_${String(known.length + 1).padStart(4, '0')}`, name: `Rue numéro ${i}` };
      known.push(road);
      orders.push({
        ...base,
        kind: 'ROAD_CREATED',
        road: { ...road, type: 'voie' },
        ...(random.chance(0.4) ? { numbers: numbers() } : {}),
      });
      continue;
    }
    const road = random.pick(known);
    const designation = { ...road, type: 'voie' as const };
    const choice = random.int(0, 19);
    if (choice === 0) orders.push({ ...base, kind: 'ROAD_CREATED', road: designation });
    else if (choice === 1)
      orders.push({
        ...base,
        kind: 'ROAD_RENAMED',
        road: { id: `${insee}_Z999`, name: 'Rue Fantôme', type: 'voie' },
        previousName: 'Rue Ancienne',
      });
    else if (choice < 8) orders.push({ ...base, kind: 'NUMBERING', road: designation, numbers: numbers() });
    else if (choice < 13)
      orders.push({
        ...base,
        kind: 'TRAFFIC_DIRECTION',
        road: designation,
        direction: random.pick(['TWO_WAY', 'ONE_WAY_FORWARD', 'ONE_WAY_BACKWARD', 'CLOSED'] as const),
      });
    else {
      const renamed = `Rue renommée ${i}`;
      orders.push({ ...base, kind: 'ROAD_RENAMED', road: { ...designation, name: renamed }, previousName: road.name });
      road.name = renamed;
    }
  }
  return orders;
};

/** The registries and decisions sending `orders` once gives, folded by the pure decider. */
const referenceOf = async (orders: readonly VoirieOrderBody[]) => {
  const states = new Map<string, RoadRegistryState>();
  const statuses = new Map<string, string>();
  for (const body of orders) {
    const validation = await validateVoirieOrder(body);
    if (!validation.ok) throw new Error(`generated order is invalid: ${JSON.stringify(validation.errors)}`);
    const state = states.get(body.insee) ?? roadRegistryDecider.initialState;
    const decision = roadRegistryDecider.decide(
      { type: 'ApplyVoirieOrder', order: validation.order, receivedAt: '2026-01-05T10:00:00+01:00' },
      state,
    );
    if (isDomainError(decision)) throw new Error(decision.message);
    statuses.set(body.orderId, decision.some((event) => event.type === 'VoirieOrderRejected') ? 'rejected' : 'accepted');
    states.set(body.insee, decision.reduce(roadRegistryDecider.evolve, state));
  }
  return { states, statuses };
};

/** Reception times differ between a run and the reference: everything else must be equal. */
const withoutReceptionTimes = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === 'receivedAt' ? undefined : item)));

const registrySnapshot = async (schema = system.infra.schema('data_exchange')) => {
  const towns: Record<string, unknown> = {};
  for (const insee of INSEE_CODES) {
    const state = await loadRoadRegistry(system.infra.db, schema, insee);
    towns[insee] = {
      decided: [...state.decidedOrders.entries()],
      asOf2024: roadRegistryAsOf(state, '2024-06-30'),
      asOf2030: roadRegistryAsOf(state, '2030-01-01'),
    };
  }
  return towns;
};

describe('sending the same orders again, and a restart in the middle (R-DX-2)', () => {
  const orders = townOrders(1000, 2024);

  it('R-DX-2: 1,000 orders sent once with a restart halfway, then twice more, leave the registry as sending them once', async () => {
    const reference = await referenceOf(orders);
    const firstOutcome = await lastOutcomeSeq();
    expect((await publishAll(orders.slice(0, 500), (body) => publishBody(body))).every((ack) => ack?.duplicate === false)).toBe(true);
    while ((await outcomeCount()) - firstOutcome < 200) await sleep(20);
    await service.stop();
    expect((await publishAll(orders.slice(500), (body) => publishBody(body))).every((ack) => ack?.duplicate === false)).toBe(true);
    service = await startDataExchangeService(system.infra);
    await drained();

    const once = await outcomesAfter(firstOutcome);
    expect(once).toHaveLength(1000);
    expect(new Map(once.map((outcome) => [outcome.orderId, outcome.status]))).toEqual(reference.statuses);
    await service.readModels.registry.caughtUp();
    const snapshot = await registrySnapshot();
    for (const insee of INSEE_CODES) {
      const expected = reference.states.get(insee)!;
      expect(withoutReceptionTimes((snapshot[insee] as { asOf2030: unknown }).asOf2030)).toEqual(
        withoutReceptionTimes(roadRegistryAsOf(expected, '2030-01-01')),
      );
    }
    const head = await system.infra.store.headPosition();

    // Within JetStream's deduplication window the same Nats-Msg-Id is dropped at publish.
    expect((await publishAll(orders, (body) => publishBody(body))).every((ack) => ack?.duplicate === true)).toBe(true);
    // After it (simulated without the header), the registry answers `duplicate` and changes nothing.
    const beforeResend = await lastOutcomeSeq();
    expect((await publishAll(orders, (body) => publishBody(body, false))).every((ack) => ack?.duplicate === false)).toBe(true);
    await drained();
    const resent = await outcomesAfter(beforeResend);
    expect(resent).toHaveLength(1000);
    expect(new Set(resent.map((outcome) => outcome.status))).toEqual(new Set(['duplicate']));

    await service.readModels.registry.caughtUp();
    expect(await system.infra.store.headPosition()).toBe(head);
    expect(await registrySnapshot()).toEqual(snapshot);
  }, 120_000);

  it('R-DX-2: the registry read model rebuilt from position 0 is the same', async () => {
    const rebuilt = `${system.infra.schema('data_exchange')}_rebuilt`;
    await migrateDataExchangeReadModels(system.infra.db, rebuilt);
    await catchUp(system.infra.store, roadRegistryProjection(rebuilt, 'test:road_registry_rebuild'));
    expect(await registrySnapshot(rebuilt)).toEqual(await registrySnapshot());
  });

  it('R-DX-2: messages delivered again after their decisions were recorded get the same answers, and nothing is recorded twice', async () => {
    const order = (code: string, kind: 'ROAD_CREATED' | 'ROAD_RENAMED') => {
      const { numbers: _n, previousName: _p, direction: _d, ...body } = randomVoirieOrderBody(seededRandom(code.charCodeAt(3)));
      return kind === 'ROAD_CREATED'
        ? { ...body, kind, road: { id: `92012_${code}`, name: 'Rue de la Reprise', type: 'voie' } }
        : { ...body, kind, road: { id: `92012_${code}`, name: 'Rue Nouvelle', type: 'voie' }, previousName: 'Rue Ancienne' };
    };
    const messages = [order('R001', 'ROAD_CREATED'), order('R002', 'ROAD_RENAMED')].map((body, index) => ({
      ...voirieMessageOf(body),
      headers: {},
      sequence: 424242 + index,
      storedAtNanos: 1_790_000_000_000_000_000n + BigInt(index),
    }));
    const first = await answerVoirieMessages(createRoadRegistryWriter(system.infra.store), messages);
    const head = await system.infra.store.headPosition();
    const redelivered = await answerVoirieMessages(createRoadRegistryWriter(system.infra.store), messages);
    expect(first.map((answer) => answer?.outcome.status)).toEqual(['accepted', 'rejected']);
    expect(redelivered).toEqual(first);
    expect(await system.infra.store.headPosition()).toBe(head);
    const resentLater = await answerVoirieMessages(createRoadRegistryWriter(system.infra.store), [
      { ...messages[0]!, sequence: 424300, storedAtNanos: 1_790_000_000_000_000_100n },
    ]);
    expect(resentLater[0]?.outcome.status).toBe('duplicate');
    expect(resentLater[0]?.messageId).not.toBe(first[0]?.messageId);
  });
});

describe('two copies of the registry writer (R-DX-2)', () => {
  it("R-DX-2: two writers deciding one town's orders at once record each order once; a resend through either is a duplicate", async () => {
    const creation = (index: number) => {
      const { numbers: _n, previousName: _p, direction: _d, ...body } = randomVoirieOrderBody(seededRandom(9_000 + index));
      return {
        ...body,
        insee: '92040',
        kind: 'ROAD_CREATED' as const,
        road: { id: `92040_W${String(index).padStart(3, '0')}`, name: `Rue des Copies ${index}`, type: 'voie' },
      };
    };
    const messages = Array.from({ length: 40 }, (_, index) => ({
      ...voirieMessageOf(creation(index)),
      headers: {},
      sequence: 515_000 + index,
      storedAtNanos: 1_790_000_000_000_000_000n + BigInt(index),
    }));
    const [left, right] = [createRoadRegistryWriter(system.infra.store), createRoadRegistryWriter(system.infra.store)];
    // Each copy takes every other order, in small batches, at the same time: their appends conflict and are decided again.
    const halves = [messages.filter((_, index) => index % 2 === 0), messages.filter((_, index) => index % 2 === 1)];
    const answers = await Promise.all(
      [left, right].map(async (writer, copy) => {
        const answered = [];
        for (let start = 0; start < halves[copy]!.length; start += 4)
          answered.push(...(await answerVoirieMessages(writer, halves[copy]!.slice(start, start + 4))));
        return answered;
      }),
    );
    expect(answers.flat().map((answer) => answer?.outcome.status)).toEqual(Array(40).fill('accepted'));
    const resent = await answerVoirieMessages(right, [{ ...messages[0]!, sequence: 516_000, storedAtNanos: 1_790_000_000_000_100_000n }]);
    expect(resent[0]?.outcome.status).toBe('duplicate');
    // The same order id on another road: still that order, whatever its road.
    const changed = voirieMessageOf({ ...creation(0), road: { id: '92040_W999', name: 'Rue Changée', type: 'voie' } });
    const reused = await answerVoirieMessages(left, [
      { ...changed, headers: {}, sequence: 516_001, storedAtNanos: 1_790_000_000_000_200_000n },
    ]);
    expect(reused[0]?.outcome.status).toBe('duplicate');
    const created = (await system.infra.store.readStream('road-registry-92040')).filter(
      (event) => event.type === 'RoadCreated' && String((event.data as { roadId: string }).roadId).startsWith('92040_W'),
    );
    expect(created).toHaveLength(40);
  });
});

describe('fuzzing the orders subject (issue 5: every message answered, nothing bad stored, the service stays up)', () => {
  const ORDERS = /^digit\.towns\.[^.*>\s]+\.voirie\.orders$/;

  it('R-DX-2, R-DX-3: 2,000 random and mutated messages each get an outcome; only valid orders reach the registry', async () => {
    const messages = fuzzVoirieMessages(5, 2000).filter((message) => ORDERS.test(message.subject));
    await service.readModels.registry.caughtUp();
    const before = await registrySnapshot();
    const firstOutcome = await lastOutcomeSeq();
    const acks = await publishAll(messages, (message) => publish(message.subject, message.data, message.headers));
    const stored = messages.filter((_, index) => acks[index] && !acks[index]!.duplicate);
    await drained();
    const outcomes = await outcomesAfter(firstOutcome);
    expect(outcomes).toHaveLength(stored.length);
    // Issue 16: each is what the AsyncAPI document publishes (orderId, reference, msgId, sequence, a known code per error).
    const documented = new Ajv({ allErrors: true }).compile(voirieOutcomeJsonSchema());
    for (const outcome of outcomes) {
      expect(['accepted', 'rejected', 'duplicate']).toContain(outcome.status);
      if (outcome.status === 'rejected') expect(outcome.errors.length).toBeGreaterThan(0);
      expect([documented(outcome), documented.errors]).toEqual([true, null]);
    }

    // What parses as an order was decided (accepted or rejected, recorded); nothing else was.
    const valid = new Set<string>();
    for (const message of stored) {
      const parsed = await parseVoirieOrder({ subject: message.subject, data: message.data, headers: message.headers });
      if (parsed.ok) valid.add(parsed.order.orderId);
    }
    await service.readModels.registry.caughtUp();
    const after = await registrySnapshot();
    const decidedNow = (snapshot: Record<string, unknown>) =>
      new Set(Object.values(snapshot).flatMap((town) => (town as { decided: [string, unknown][] }).decided.map(([orderId]) => orderId)));
    const newlyDecided = [...decidedNow(after)].filter((orderId) => !decidedNow(before).has(orderId));
    expect(new Set(newlyDecided)).toEqual(valid);
    expect(valid.size).toBeGreaterThan(100);
    for (const insee of INSEE_CODES.filter((code) => code !== '92012')) expect(after[insee]).toEqual(before[insee]);

    const fresh = {
      ...randomVoirieOrderBody(seededRandom(1)),
      orderId: seededUuid(seededRandom(77)),
      kind: 'ROAD_CREATED',
      road: { id: '92012_F001', name: 'Rue Après le Bruit', type: 'voie' },
    } as VoirieOrderBody;
    const { numbers: _n, previousName: _p, direction: _d, ...freshOrder } = fresh;
    const afterFuzz = await lastOutcomeSeq();
    await publishBody(freshOrder as VoirieOrderBody);
    await drained();
    expect(await outcomesAfter(afterFuzz)).toEqual([
      expect.objectContaining({ orderId: fresh.orderId, reference: fresh.reference, status: 'accepted', errors: [] }),
    ]);
  }, 120_000);
});
