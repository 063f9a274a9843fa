import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kvm } from '@nats-io/kv';
import { DeliverPolicy } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { sql } from 'kysely';
import { INSEE_CODES, TOWN_VOIRIE_ORDERS_STREAM, TOWN_VOIRIE_OUTCOMES_STREAM, voirieOrdersSubject } from '@digit/contracts';
import { busFromConnection, type Bus } from '@digit/messaging';
import {
  createTestDatabase,
  createTestNats,
  startServiceProcess,
  type ServiceProcess,
  type TestDatabase,
  type TestNats,
} from '@digit/testing';
import { reportFigures, waitFor } from './fault-figures.js';
import { sized } from './fault-size.js';

/**
 * Issue 19: road orders stay in order per town across copies of data-exchange. Two copies (built
 * `dist/main.js`, each its own process) share the eight towns through leases; mid-flow one is
 * killed with SIGKILL while it holds orders, and started again later (the towns are shared out
 * again while orders flow). Per town, the outcomes come in the order the town published its
 * orders; the dead copy's towns answer again within 5 s; nothing is lost or recorded twice.
 */
const ROADS = sized(1_000, 5_000);
/** Each road is created, then renamed: a rename decided before its creation would be refused. */
const ORDERS = ROADS * 2;
/** Orders published per second: the flow lasts long enough to outlive the kill and the takeover. */
const RATE = sized(200, 500);
/** data-exchange's lease bucket (services/data-exchange/src/voirie/voirie-streams.ts). */
const LEASES_BUCKET = 'DIGIT_VOIRIE_TOWN_LEASES';
const TAKEOVER_LIMIT_MS = 5_000;

let database: TestDatabase;
let nats: TestNats;
let bus: Bus;
const copies: ServiceProcess[] = [];

const launch = async (): Promise<ServiceProcess> => {
  const copy = await startServiceProcess('data-exchange', {
    DATABASE_URL: database.url,
    NATS_URL: nats.url,
    DIGIT_NATS_NAMESPACE: nats.namespace,
    DIGIT_SCHEMA_PREFIX: database.prefix,
  });
  copies.push(copy);
  return copy;
};

interface Order {
  readonly orderId: string;
  readonly insee: string;
  readonly body: Record<string, unknown>;
}

/** Road `index` of its town: created, then renamed (the two orders of one road are published in turn). */
const ordersOfRoad = (index: number): Order[] => {
  const insee = INSEE_CODES[index % INSEE_CODES.length]!;
  const road = { id: `${insee}_${String(Math.floor(index / INSEE_CODES.length) + 1).padStart(4, '0')}`, type: 'voie' };
  const common = {
    insee,
    signedAt: '2024-03-02',
    effectiveAt: '2024-04-01',
    mentions: { source: 'Ville de test', copyright: 'Ville de test', year: 2024 },
  };
  const created = {
    ...common,
    orderId: randomUUID(),
    reference: `AR-COPIES-${index}-A`,
    kind: 'ROAD_CREATED',
    road: { ...road, name: `Rue des Copies ${index}` },
  };
  const renamed = {
    ...common,
    orderId: randomUUID(),
    reference: `AR-COPIES-${index}-B`,
    kind: 'ROAD_RENAMED',
    previousName: `Rue des Copies ${index}`,
    road: { ...road, name: `Avenue des Copies ${index}` },
  };
  return [created, renamed].map((body) => ({ orderId: body.orderId, insee, body }));
};

/** Who holds each town's lease now (the bucket's values). */
const holders = async (): Promise<Map<string, string>> => {
  const kv = await new Kvm(bus.js).open(bus.streamName(LEASES_BUCKET));
  const held = new Map<string, string>();
  for (const insee of INSEE_CODES) {
    const entry = await kv.get(`lease.${insee}`);
    if (entry?.operation === 'PUT') held.set(insee, entry.string());
  }
  return held;
};

beforeAll(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  bus = await busFromConnection(nats.nc, nats.namespace);
});
afterAll(async () => {
  await Promise.all(copies.map((copy) => copy.crash()));
  await nats.close();
  await database.drop();
});

describe('fault: two copies of data-exchange, one killed mid-flow (issue 19)', () => {
  it(`issue 19, R-DX-2: ${ORDERS} road orders over 8 towns, kill -9 of one copy: per town outcome order = publish order, takeover < 5 s, 0 lost, 0 applied twice`, async () => {
    const [first] = [await launch(), await launch()];
    // Both copies hold towns before the flow starts (each its fair share, four).
    expect(
      await waitFor(
        async () => new Set((await holders()).values()).size === 2 && (await holders()).size === INSEE_CODES.length,
        20_000,
        100,
      ),
    ).toBe(true);

    const orders = Array.from({ length: ROADS }, (_, index) => ordersOfRoad(index)).flat();
    const publishedOrder = new Map<string, string[]>(INSEE_CODES.map((insee) => [insee, []]));
    for (const order of orders) publishedOrder.get(order.insee)!.push(order.orderId);

    // Outcomes as stored, in stream order: per town, the first outcome of each order.
    const outcomeOrder = new Map<string, string[]>(INSEE_CODES.map((insee) => [insee, []]));
    const statuses = new Map<string, string>();
    const lastOutcomeAt = new Map<string, number>();
    const townOf = new Map(orders.map((order) => [order.orderId, order.insee]));
    const outcomes = await bus.js.consumers.get(bus.streamName(TOWN_VOIRIE_OUTCOMES_STREAM), { deliver_policy: DeliverPolicy.All });
    const outcomeMessages = await outcomes.consume();
    const reading = (async () => {
      for await (const message of outcomeMessages) {
        const outcome = message.json<{ orderId: string; status: string }>();
        const insee = townOf.get(outcome.orderId);
        if (!insee) continue;
        lastOutcomeAt.set(insee, Date.now());
        if (statuses.has(outcome.orderId)) continue;
        statuses.set(outcome.orderId, outcome.status);
        outcomeOrder.get(insee)!.push(outcome.orderId);
        if (statuses.size >= ORDERS) break;
      }
    })();

    let acknowledged = 0;
    const publishing = (async () => {
      const batch = Math.max(1, Math.round(RATE / 10));
      for (let start = 0; start < orders.length; start += batch) {
        const began = Date.now();
        // One town's orders are published one after another (awaited in turn), the towns side by side.
        const slice = orders.slice(start, start + batch);
        await Promise.all(
          INSEE_CODES.map(async (insee) => {
            for (const order of slice.filter((candidate) => candidate.insee === insee)) {
              const headers = natsHeaders();
              headers.set('Content-Type', 'application/json');
              await bus.js.publish(bus.subject(voirieOrdersSubject(insee)), JSON.stringify(order.body), { msgID: order.orderId, headers });
              acknowledged++;
            }
          }),
        );
        await sleep(Math.max(0, 100 - (Date.now() - began)));
      }
    })();

    expect(await waitFor(() => statuses.size >= ORDERS / 3, 120_000)).toBe(true);
    const heldAtKill = await holders();
    const firstHolder = heldAtKill.get(INSEE_CODES[0]!)!;
    // The copy holding the first town is the one killed: find which process that is by its pid in the holder name.
    const victim = copies.find((copy) => firstHolder.includes(`-${copy.pid}-`)) ?? first;
    const victimName = [...heldAtKill.values()].find((holder) => holder.includes(`-${victim.pid}-`))!;
    const deadTowns = [...heldAtKill].filter(([, holder]) => holder === victimName).map(([insee]) => insee);
    await victim.crash();
    const killedAt = Date.now();
    // Taken over: every town of the dead copy answers again (a new outcome after the kill).
    const takenOver = await waitFor(() => deadTowns.every((insee) => (lastOutcomeAt.get(insee) ?? 0) > killedAt + 50), 30_000, 10);
    const takeoverMs = Date.now() - killedAt;
    // The killed copy comes back while orders flow: the towns are shared out again.
    await launch();

    await publishing;
    const allAnswered = await waitFor(() => statuses.size >= ORDERS, 120_000);
    outcomeMessages.stop();
    await reading;

    const outOfOrder = INSEE_CODES.filter(
      (insee) => JSON.stringify(outcomeOrder.get(insee)) !== JSON.stringify(publishedOrder.get(insee)),
    ).length;
    const rows = await sql<{ order_id: string; times: string }>`
      select data->'order'->>'orderId' as order_id, count(*) as times
      from ${sql.table(`${database.schema('event_store')}.events`)} where type in ('RoadCreated', 'RoadRenamed') group by 1`.execute(
      database.db,
    );
    const recorded = new Map(rows.rows.map((row) => [row.order_id, Number(row.times)]));
    const lost = orders.filter((order) => !recorded.has(order.orderId)).length;
    const duplicated = [...recorded.values()].reduce((sum, times) => sum + times - 1, 0);
    const notAccepted = [...statuses.values()].filter((status) => status !== 'accepted').length;
    // The restarted copy has taken its share back from the survivor.
    const sharedAgain = await waitFor(async () => new Set((await holders()).values()).size === 2, 20_000, 100);
    reportFigures('two copies of data-exchange, kill -9 of one mid road orders', {
      sent: ORDERS,
      acknowledged,
      applied: recorded.size,
      duplicated,
      lost,
      takeoverMs,
      deadCopyTowns: deadTowns.length,
      townsOutOfOrder: outOfOrder,
      notAccepted,
    });
    expect(deadTowns.length).toBeGreaterThan(0);
    expect(takenOver).toBe(true);
    expect(takeoverMs).toBeLessThan(TAKEOVER_LIMIT_MS);
    expect(allAnswered).toBe(true);
    expect(sharedAgain).toBe(true);
    expect({ acknowledged, applied: recorded.size, duplicated, lost, outOfOrder, notAccepted }).toEqual({
      acknowledged: ORDERS,
      applied: ORDERS,
      duplicated: 0,
      lost: 0,
      outOfOrder: 0,
      notAccepted: 0,
    });
    expect((await bus.jsm.streams.info(bus.streamName(TOWN_VOIRIE_ORDERS_STREAM))).state.messages).toBe(ORDERS);
  }, 600_000);
});
