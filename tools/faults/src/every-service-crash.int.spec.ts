import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { sql } from 'kysely';
import {
  DOMAIN_EVENTS_STREAM,
  domainEventSubject,
  INSEE_CODES,
  TOWN_VOIRIE_ORDERS_STREAM,
  TOWN_VOIRIE_OUTCOMES_STREAM,
  voirieOrdersSubject,
} from '@digit/contracts';
import { createEventStore, verifyHistory } from '@digit/event-store';
import { busFromConnection, type Bus } from '@digit/messaging';
import {
  createTestDatabase,
  createTestNats,
  freePort,
  SERVICE_NAMES,
  startServiceProcess,
  startTestIssuer,
  type ServiceName,
  type ServiceProcess,
  type TestDatabase,
  type TestIssuer,
  type TestNats,
} from '@digit/testing';
import { reportFigures, waitFor, type FaultFigures } from './fault-figures.js';
import { sized } from './fault-size.js';
import { roadCreationOrder } from './road-creation-order.js';

/**
 * R-DX-2 with the whole system as six processes (`services/<name>/dist/main.js`, as `npm start`
 * runs them): while the eight towns send a steady flow of road creations, each service in turn is
 * killed with SIGKILL and started again, each at a different point of the flow. Every order must
 * be answered `accepted` once, recorded once, relayed to the bus once; the history must still
 * verify and every service answer through the gateway. Only the services die: the shared
 * PostgreSQL and NATS keep running (this test's schemas and subjects are its own).
 */
const ORDERS = sized(2_000, 10_000);
/** The flow lasts about this long: long enough for six kills and restarts to fall inside it. */
const FLOW_MS = sized(40_000, 120_000);
const PUBLISH_BATCH = 25;
/** Each service is killed once this share of the orders has been answered: 1/8, 2/8 … 6/8. */
const killPoint = (index: number): number => Math.floor((ORDERS * (index + 1)) / 8);

/** A GET through the gateway that only the named service answers (CONTRACT.md, services/gateway/src/api). */
const PROBES: Record<Exclude<ServiceName, 'gateway'>, string> = {
  conventions: '/api/v1/towns',
  billing: '/api/v1/billing/rejections',
  'data-exchange': `/api/v1/voirie/${INSEE_CODES[0]}/roads`,
  support: '/api/v1/support/tickets',
  privacy: `/api/v1/privacy/${INSEE_CODES[0]}/log`,
};

let database: TestDatabase;
let nats: TestNats;
let bus: Bus;
let port: number;
let issuer: TestIssuer;
const running = new Map<ServiceName, ServiceProcess>();
const starting = new Set<Promise<ServiceProcess>>();
let outcomeMessages: ConsumerMessages | undefined;
/** data-exchange's consumer of a town's orders (services/data-exchange/src/voirie/voirie-streams.ts). */
const ordersConsumer = (insee: string) => `data-exchange-voirie-orders-${insee}`;
/** data-exchange's orders in hand: taken from its towns' consumers, not yet acked. */
const ordersInHand = async (): Promise<number> => {
  const infos = await Promise.all(
    INSEE_CODES.map((insee) => bus.jsm.consumers.info(bus.streamName(TOWN_VOIRIE_ORDERS_STREAM), ordersConsumer(insee))),
  );
  return infos.reduce((sum, info) => sum + info.num_ack_pending, 0);
};

/** Starts a service and keeps its handle, so that afterAll stops it whatever happened. */
const launch = async (name: ServiceName): Promise<ServiceProcess> => {
  const start = startServiceProcess(name, {
    DATABASE_URL: database.url,
    NATS_URL: nats.url,
    DIGIT_NATS_NAMESPACE: nats.namespace,
    DIGIT_SCHEMA_PREFIX: database.prefix,
    PORT: String(port),
    OIDC_ISSUER: issuer.issuer,
    OIDC_AUDIENCE: issuer.audience,
  });
  starting.add(start);
  try {
    const service = await start;
    running.set(name, service);
    return service;
  } finally {
    starting.delete(start);
  }
};

const get = async (path: string): Promise<{ status: number; body: unknown }> => {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: { authorization: `Bearer ${await issuer.token({ roles: ['ops'] })}` },
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: await response.json() };
  } catch {
    return { status: 0, body: undefined };
  }
};

/** Every road of a town's registry, page after page (CONTRACT.md v1.1: lists are paged). */
const roadsOf = async (insee: string): Promise<string[]> => {
  const ids: string[] = [];
  let after: string | null = '';
  do {
    const { status, body } = await get(`/api/v1/voirie/${insee}/roads?limit=1000${after ? `&after=${after}` : ''}`);
    expect(status).toBe(200);
    const page = body as { roads: { id: string }[]; next: string | null };
    ids.push(...page.roads.map((road) => road.id));
    after = page.next;
  } while (after);
  return ids;
};

const order = (index: number) => roadCreationOrder(index, 'AR-CRASH');

beforeAll(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  bus = await busFromConnection(nats.nc, nats.namespace);
  port = await freePort();
  issuer = await startTestIssuer();
});
afterAll(async () => {
  await outcomeMessages?.close();
  // A restart still in progress is stopped too (it gives up on its own after its ready timeout).
  for (const settled of await Promise.allSettled([...starting])) if (settled.status === 'fulfilled') await settled.value.crash();
  await Promise.all([...running.values()].map((service) => service.crash()));
  await nats?.close();
  await database?.drop();
  await issuer?.stop();
}, 120_000);

interface Crash {
  readonly name: ServiceName;
  readonly killedAt: number;
  /** Orders answered (distinct) when the process was gone. */
  readonly answeredAtKill: number;
  /** data-exchange only: orders it had taken and not acked when it died (JetStream delivers them again). */
  readonly inHandAtKill?: number;
  /**
   * The orders not yet answered at the kill and published before the service was back: the ones
   * the crash could hurt (each counted at the first crash it was in flight for).
   */
  readonly exposed: readonly string[];
  /** From the kill to the restarted process's ready line. */
  readonly readyMs: number;
  /** From the kill to its gateway route answering 200 again (for the gateway, conventions' route). */
  readonly servingMs: number;
  /** data-exchange only: from the kill to the first new outcome on the outcomes stream. */
  readonly flowMs?: number;
}

describe('fault: every service killed in turn (whole system as processes)', () => {
  it(
    `R-DX-2: kill -9 of each of the six services in the middle of ${ORDERS} road orders, then restart: 0 lost, 0 applied twice, history verifies, every service answers`,
    async () => {
      const startedAt = Date.now();
      await Promise.all(SERVICE_NAMES.map(launch));
      const startMs = Date.now() - startedAt;

      const orders = Array.from({ length: ORDERS }, (_, index) => order(index));
      const outcomesStream = bus.streamName(TOWN_VOIRIE_OUTCOMES_STREAM);
      /** Every outcome read for each order id, in the order the stream holds them. */
      const outcomes = new Map<string, string[]>();
      const answeredAt = new Map<string, number>();
      let outcomesRead = 0;
      const reader = await bus.js.consumers.get(outcomesStream, { deliver_policy: DeliverPolicy.All });
      outcomeMessages = await reader.consume();
      const reading = (async () => {
        for await (const message of outcomeMessages!) {
          const outcome = message.json<{ orderId: string; status: string }>();
          outcomes.set(outcome.orderId, [...(outcomes.get(outcome.orderId) ?? []), outcome.status]);
          if (!answeredAt.has(outcome.orderId)) answeredAt.set(outcome.orderId, Date.now());
          outcomesRead++;
        }
      })();
      // Awaited at the end; a failure meanwhile must not surface as an unhandled rejection first.
      reading.catch(() => undefined);

      const acknowledged = new Set<string>();
      let published = 0;
      const publishing = (async () => {
        const flowStartedAt = Date.now();
        const everyMs = (FLOW_MS * PUBLISH_BATCH) / ORDERS;
        for (let start = 0; start < ORDERS; start += PUBLISH_BATCH) {
          const due = flowStartedAt + (start / PUBLISH_BATCH) * everyMs;
          if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
          const batch = orders.slice(start, start + PUBLISH_BATCH);
          published = start + batch.length;
          await Promise.all(
            batch.map(async (body) => {
              const headers = natsHeaders();
              headers.set('Content-Type', 'application/json');
              await bus.js.publish(bus.subject(voirieOrdersSubject(body.insee)), JSON.stringify(body), { msgID: body.orderId, headers });
              acknowledged.add(body.orderId);
            }),
          );
        }
      })();
      publishing.catch(() => undefined);

      const outcomesStored = async () => (await bus.jsm.streams.info(outcomesStream)).state.messages;
      const crashes: Crash[] = [];
      const exposedEarlier = new Set<string>();
      for (const [index, name] of SERVICE_NAMES.entries()) {
        expect(await waitFor(() => outcomes.size >= killPoint(index), FLOW_MS + 60_000)).toBe(true);
        // data-exchange dies with orders in hand (taken from JetStream, not yet acked) when it can be caught so.
        if (name === 'data-exchange') await waitFor(async () => (await ordersInHand()) > 0, 5_000, 1);
        await running.get(name)!.crash();
        running.delete(name);
        const killedAt = Date.now();
        const answeredAtKill = outcomes.size;
        const inHandAtKill = name === 'data-exchange' ? await ordersInHand() : undefined;
        const unanswered = orders
          .filter((body) => !outcomes.has(body.orderId) && !exposedEarlier.has(body.orderId))
          .map((body) => body.orderId);
        const storedAtKill = await outcomesStored();
        await launch(name);
        const readyMs = Date.now() - killedAt;
        let flowMs: number | undefined;
        if (name === 'data-exchange') {
          const answering = await waitFor(async () => (await outcomesStored()) > storedAtKill, 60_000, 10);
          flowMs = answering ? Date.now() - killedAt : Number.NaN;
        }
        const probe = name === 'gateway' ? PROBES.conventions : PROBES[name];
        const serving = await waitFor(async () => (await get(probe)).status === 200, 60_000, 50);
        const servingMs = serving ? Date.now() - killedAt : Number.NaN;
        const publishedByThen = new Set(orders.slice(0, published).map((body) => body.orderId));
        const exposed = unanswered.filter((id) => publishedByThen.has(id));
        for (const id of exposed) exposedEarlier.add(id);
        crashes.push({ name, killedAt, answeredAtKill, inHandAtKill, exposed, readyMs, servingMs, flowMs });
      }

      await publishing;
      const allAnswered = await waitFor(() => outcomes.size >= ORDERS, 60_000);
      // The relay runs behind the answers: wait until it has published what the store holds.
      const relayedSubject = bus.subject(domainEventSubject('data-exchange', 'RoadCreated'));
      const eventsStream = bus.streamName(DOMAIN_EVENTS_STREAM);
      const relayedCount = async () =>
        (await bus.jsm.streams.info(eventsStream, { subjects_filter: relayedSubject })).state.subjects?.[relayedSubject] ?? 0;
      await waitFor(async () => (await relayedCount()) >= ORDERS, allAnswered ? 60_000 : 1_000, 100);
      const outcomesInStream = await outcomesStored();
      await waitFor(() => outcomesRead >= outcomesInStream, 10_000);
      await outcomeMessages.close();
      await reading;

      const rows = await sql<{ order_id: string; event_id: string }>`
      select data->'order'->>'orderId' as order_id, event_id
      from ${sql.table(`${database.schema('event_store')}.events`)} where type = 'RoadCreated'`.execute(database.db);
      // Each town's registry holds its roads in the order the town published them, across the crashes.
      const registryOrder = await sql<{ stream_id: string; order_id: string }>`
      select stream_id, data->'order'->>'orderId' as order_id
      from ${sql.table(`${database.schema('event_store')}.events`)} where type = 'RoadCreated' order by stream_id, stream_version`.execute(
        database.db,
      );
      const overtaken = INSEE_CODES.filter((insee) => {
        const recordedOrder = registryOrder.rows.filter((row) => row.stream_id === `road-registry-${insee}`).map((row) => row.order_id);
        const publishedOrder = orders.filter((body) => body.insee === insee).map((body) => body.orderId);
        return recordedOrder.join() !== publishedOrder.join();
      });
      const recorded = new Map<string, number>();
      for (const row of rows.rows) recorded.set(row.order_id, (recorded.get(row.order_id) ?? 0) + 1);
      const storedEventIds = new Set(rows.rows.map((row) => row.event_id));

      const relayed: string[] = [];
      const total = await relayedCount();
      if (total > 0) {
        const relayReader = await bus.js.consumers.get(eventsStream, {
          filter_subjects: relayedSubject,
          deliver_policy: DeliverPolicy.All,
        });
        for await (const message of await relayReader.consume()) {
          relayed.push(message.json<{ eventId: string }>().eventId);
          if (relayed.length >= total) break;
        }
      }
      const relayedIds = new Set(relayed);

      const history = await verifyHistory(createEventStore({ db: database.db, schema: database.schema('event_store') }));
      const ordersStored = (await bus.jsm.streams.info(bus.streamName(TOWN_VOIRIE_ORDERS_STREAM))).state.messages;

      const figuresOf = (ids: readonly string[]) => ({
        sent: ids.length,
        acknowledged: ids.filter((id) => acknowledged.has(id)).length,
        applied: ids.filter((id) => recorded.has(id)).length,
        duplicated: ids.reduce((sum, id) => sum + Math.max(0, (recorded.get(id) ?? 0) - 1), 0),
        lost: ids.filter((id) => !recorded.has(id)).length,
      });
      for (const crash of crashes) {
        reportFigures(`kill -9 ${crash.name} mid road orders (whole system)`, {
          ...figuresOf(crash.exposed),
          recoveryMs: crash.flowMs ?? crash.readyMs,
          readyMs: crash.readyMs,
          flowAnsweringMs: crash.flowMs,
          servingMs: crash.servingMs,
          // Orders in hand at data-exchange's crash come first after its restart (consumer rewound to its ack floor).
          exposedAnsweredMs: Math.max(0, ...crash.exposed.map((id) => (answeredAt.get(id) ?? Number.NaN) - crash.killedAt)),
          answeredAtKill: crash.answeredAtKill,
          inHandAtKill: crash.inHandAtKill,
        });
      }
      const overall: FaultFigures = {
        ...figuresOf(orders.map((body) => body.orderId)),
        recoveryMs: Math.max(...crashes.map((crash) => crash.flowMs ?? crash.readyMs)),
        startMs,
        stored: ordersStored,
        answered: outcomes.size,
        accepted: [...outcomes.values()].filter((statuses) => statuses.length === 1 && statuses[0] === 'accepted').length,
        outcomes: outcomesInStream,
        relayed: relayed.length,
        relayedDistinct: relayedIds.size,
        historyChecked: history.eventsChecked,
        historyOk: history.ok ? 'yes' : `no (${history.position}: ${history.reason})`,
        townsWithOrdersOvertaken: overtaken.length,
      };
      reportFigures('kill -9 of each service mid road orders (whole system)', overall);

      expect(allAnswered).toBe(true);
      expect(crashes.every((crash) => crash.answeredAtKill < ORDERS)).toBe(true);
      expect({ ...figuresOf(orders.map((body) => body.orderId)), stored: ordersStored }).toEqual({
        sent: ORDERS,
        acknowledged: ORDERS,
        applied: ORDERS,
        duplicated: 0,
        lost: 0,
        stored: ORDERS,
      });
      expect(rows.rows.length).toBe(ORDERS);
      expect({ townsWithOrdersOvertaken: overtaken }).toEqual({ townsWithOrdersOvertaken: [] });
      // One outcome per order, `accepted`, as the towns read them from the outcomes stream.
      expect({ outcomesInStream, outcomesRead }).toEqual({ outcomesInStream: ORDERS, outcomesRead: ORDERS });
      expect(orders.filter((body) => outcomes.get(body.orderId)?.join() !== 'accepted')).toEqual([]);
      expect(history).toMatchObject({ ok: true, eventsChecked: expect.any(Number) });
      // The relay published each RoadCreated once (a republish after the crash is dropped by its Nats-Msg-Id).
      expect({ relayed: relayed.length, distinct: relayedIds.size }).toEqual({ relayed: ORDERS, distinct: ORDERS });
      expect([...storedEventIds].filter((id) => !relayedIds.has(id))).toEqual([]);

      // After the last restart, every service answers through the gateway, and the roads are there.
      for (const path of Object.values(PROBES)) expect({ path, status: (await get(path)).status }).toEqual({ path, status: 200 });
      for (const body of [orders[0]!, orders.at(-1)!]) expect(await roadsOf(body.insee)).toContain(body.road.id);
    },
    sized(240_000, 900_000),
  );
});
