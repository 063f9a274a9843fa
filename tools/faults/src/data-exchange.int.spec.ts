import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DeliverPolicy } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { sql } from 'kysely';
import { TOWN_VOIRIE_ORDERS_STREAM, TOWN_VOIRIE_OUTCOMES_STREAM } from '@digit/contracts';
import { busFromConnection, type Bus } from '@digit/messaging';
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from '@digit/testing';
import { reportFigures, waitFor } from './fault-figures.js';
import { sized } from './fault-size.js';

/**
 * R-DX-2 under a crash: the data-exchange service, as its own process (built `dist/main.js`),
 * is killed with SIGKILL in the middle of a flow of road orders and started again. Every order
 * must be answered and applied exactly once. Only the service dies: the shared PostgreSQL and
 * NATS keep running (this test's schemas and subjects are its own).
 */
const ORDERS = sized(2_000, 10_000);
const FUZZED = sized(3_000, 100_000);
const TOWNS = ['92012', '92040'] as const;

let database: TestDatabase;
let nats: TestNats;
let bus: Bus;
let service: ChildProcess | undefined;

const startService = (): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['services/data-exchange/dist/main.js'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        NATS_URL: nats.url,
        DIGIT_NATS_NAMESPACE: nats.namespace,
        DIGIT_SCHEMA_PREFIX: database.prefix,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('data-exchange service ready')) resolve(child);
    });
    child.on('exit', (code, signal) => reject(new Error(`data-exchange exited before ready (${code ?? signal})`)));
  });

/** A road creation as a town's DSI writes it (CONTRACT.md), unique road per order. */
const order = (index: number) => {
  const insee = TOWNS[Math.floor(index / 9_999)]!;
  return {
    orderId: randomUUID(),
    insee,
    reference: `AR-PANNE-${index}`,
    signedAt: '2024-03-02',
    effectiveAt: '2024-04-01',
    kind: 'ROAD_CREATED',
    road: { id: `${insee}_${String((index % 9_999) + 1).padStart(4, '0')}`, name: `Rue d'essai ${index}`, type: 'voie' },
    mentions: { source: 'Ville de test', copyright: 'Ville de test', year: 2024 },
  };
};

beforeAll(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  bus = await busFromConnection(nats.nc, nats.namespace);
});
afterAll(async () => {
  service?.kill('SIGKILL');
  await nats.close();
  await database.drop();
});

describe('fault: road orders (data exchange)', () => {
  it(`R-DX-2: kill -9 of the service in the middle of ${ORDERS} road orders, then restart: 0 lost, 0 applied twice`, async () => {
    service = await startService();
    const orders = Array.from({ length: ORDERS }, (_, index) => order(index));
    const answered = new Map<string, string>();
    const outcomes = await bus.js.consumers.get(bus.streamName(TOWN_VOIRIE_OUTCOMES_STREAM), { deliver_policy: DeliverPolicy.All });
    const reading = (async () => {
      for await (const message of await outcomes.consume()) {
        const outcome = message.json<{ orderId: string; status: string }>();
        if (!answered.has(outcome.orderId) || outcome.status === 'accepted') answered.set(outcome.orderId, outcome.status);
        if (answered.size >= ORDERS) break;
      }
    })();

    let acknowledged = 0;
    const publishing = (async () => {
      for (let start = 0; start < orders.length; start += 200) {
        const acks = await Promise.all(
          orders.slice(start, start + 200).map((body) => {
            const headers = natsHeaders();
            headers.set('Content-Type', 'application/json');
            return bus.js.publish(bus.subject(`digit.towns.${body.insee}.voirie.orders`), JSON.stringify(body), {
              msgID: body.orderId,
              headers,
            });
          }),
        );
        acknowledged += acks.length;
      }
    })();

    expect(await waitFor(() => answered.size >= ORDERS / 3, 120_000)).toBe(true);
    service.kill('SIGKILL');
    await new Promise((resolve) => service!.once('exit', resolve));
    const answeredAtKill = answered.size;
    const restartedAt = Date.now();
    service = await startService();
    await waitFor(() => answered.size > answeredAtKill, 60_000);
    const recoveryMs = Date.now() - restartedAt;
    await publishing;
    const allAnswered = await waitFor(() => answered.size >= ORDERS, 300_000);
    await reading;

    const rows = await sql<{ order_id: string; times: string }>`
      select data->'order'->>'orderId' as order_id, count(*) as times
      from ${sql.table(`${database.schema('event_store')}.events`)} where type = 'RoadCreated' group by 1`.execute(database.db);
    const applied = rows.rows.length;
    const duplicated = rows.rows.reduce((sum, row) => sum + Number(row.times) - 1, 0);
    const lost = orders.filter((body) => !rows.rows.some((row) => row.order_id === body.orderId)).length;
    reportFigures('kill -9 data-exchange mid road orders', {
      sent: ORDERS,
      acknowledged,
      applied,
      duplicated,
      lost,
      recoveryMs,
      answered: answered.size,
      answeredAtKill,
    });
    expect(allAnswered).toBe(true);
    expect({ acknowledged, applied, duplicated, lost }).toEqual({ acknowledged: ORDERS, applied: ORDERS, duplicated: 0, lost: 0 });
    expect(new Set(answered.values())).toEqual(new Set(['accepted']));
    const ordersStream = await bus.jsm.streams.info(bus.streamName(TOWN_VOIRIE_ORDERS_STREAM));
    expect(ordersStream.state.messages).toBe(ORDERS);
  }, 600_000);

  it(`R-DX-2, R-DX-3: ${FUZZED} fuzzed messages on every town's orders subject: 0 crashes, each answered, nothing stored but accepted orders`, async () => {
    service ??= await startService();
    let crashed = false;
    service.once('exit', () => (crashed = true));
    const random = seeded(20261128);
    const subjects = ['92012', '92022', '92040', '92047', '92048', '92072', '92075', '92077'];
    const outcomesStream = bus.streamName(TOWN_VOIRIE_OUTCOMES_STREAM);
    const ordersStream = bus.streamName(TOWN_VOIRIE_ORDERS_STREAM);
    const count = async (stream: string) => (await bus.jsm.streams.info(stream)).state.messages;
    const [ordersBefore, outcomesBefore] = [await count(ordersStream), await count(outcomesStream)];
    const before = await storedOrderEvents();
    for (let start = 0; start < FUZZED; start += 250) {
      await Promise.all(
        Array.from({ length: Math.min(250, FUZZED - start) }, (_, offset) => {
          const { subjectTown, payload } = fuzzed(start + offset, random, subjects);
          const headers = natsHeaders();
          headers.set('Nats-Msg-Id', `fuzz-${start + offset}`);
          if (random() < 0.1) headers.set('Content-Type', random() < 0.5 ? 'text/plain' : 'application/json');
          return bus.js.publish(bus.subject(`digit.towns.${subjectTown}.voirie.orders`), payload, { headers });
        }),
      );
    }
    // Each stored message (one per publish: every fuzzed message has its own Nats-Msg-Id) gets one outcome.
    const storedDuringFuzz = (await count(ordersStream)) - ordersBefore;
    const answeredAll = await waitFor(async () => (await count(outcomesStream)) - outcomesBefore >= storedDuringFuzz, 600_000, 200);
    const accepted = new Set<string>();
    const outcomes = await bus.js.consumers.get(outcomesStream, { deliver_policy: DeliverPolicy.All });
    const total = await count(outcomesStream);
    let read = 0;
    for await (const message of await outcomes.consume()) {
      const outcome = message.json<{ orderId: string | null; status: string }>();
      if (outcome.status === 'accepted' && outcome.orderId) accepted.add(outcome.orderId);
      if (++read >= total) break;
    }
    const after = await storedOrderEvents();
    const storedNotAccepted = [...after].filter((id) => !before.has(id) && !accepted.has(id)).length;
    reportFigures('fuzzed road orders', {
      sent: FUZZED,
      acknowledged: FUZZED,
      applied: after.size - before.size,
      duplicated: 0,
      lost: Math.max(0, storedDuringFuzz - ((await count(outcomesStream)) - outcomesBefore)),
      stored: storedDuringFuzz,
      crashes: crashed ? 1 : 0,
      storedNotAccepted,
    });
    expect(crashed).toBe(false);
    expect(answeredAll).toBe(true);
    expect(storedDuringFuzz).toBe(FUZZED);
    expect(storedNotAccepted).toBe(0);
  }, 900_000);
});

/** The order ids that registry events were recorded for (accepted or refused by the registry). */
const storedOrderEvents = async (): Promise<Set<string>> => {
  const rows = await sql<{ order_id: string }>`select distinct data->'order'->>'orderId' as order_id
    from ${sql.table(`${database.schema('event_store')}.events`)} where type in ('RoadCreated', 'RoadRenamed', 'RoadNumbered', 'TrafficDirectionSet')`.execute(
    database.db,
  );
  return new Set(rows.rows.map((row) => row.order_id));
};

/** mulberry32: the same messages on every run. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const ODD_VALUES: readonly unknown[] = [
  null,
  '',
  ' ',
  0,
  -1,
  1e308,
  'x'.repeat(300),
  [],
  {},
  true,
  '2024-02-30',
  '9999-99-99',
  '92012_0000',
  '\u0000',
  '<script>',
  { $ne: 1 },
];

/** A valid order of a random kind, then mutated: fields removed, retyped, swapped, or bytes broken. */
const fuzzed = (index: number, random: () => number, towns: readonly string[]) => {
  const subjectTown = pick(random, towns);
  const body: Record<string, unknown> = {
    ...order(index % 9_999),
    insee: random() < 0.9 ? subjectTown : pick(random, towns),
    kind: pick(random, ['ROAD_CREATED', 'ROAD_RENAMED', 'NUMBERING', 'TRAFFIC_DIRECTION', 'DEMOLISHED']),
  };
  body.road = {
    id: `${body.insee}_${String(Math.floor(random() * 50) + 1).padStart(4, '0')}`,
    name: `Voie ${index}`,
    type: pick(random, ['voie', 'place', 'rue']),
  };
  if (random() < 0.3) body.previousName = 'Ancien nom';
  if (random() < 0.3)
    body.numbers = [
      {
        number: Math.floor(random() * 12_000) - 10,
        suffix: pick(random, ['bis', 'ter', 'x'.repeat(12), undefined]),
        lon: 2.24,
        lat: 48.835,
      },
    ];
  if (random() < 0.3) body.direction = pick(random, ['TWO_WAY', 'ONE_WAY_FORWARD', 'SIDEWAYS']);
  const keys = Object.keys(body);
  for (let mutations = Math.floor(random() * 4); mutations > 0; mutations--) {
    const key = pick(random, keys);
    if (random() < 0.4) delete body[key];
    else body[key] = pick(random, ODD_VALUES);
  }
  let payload = JSON.stringify(body);
  const damage = random();
  if (damage < 0.05) payload = payload.slice(0, Math.floor(random() * payload.length));
  else if (damage < 0.08) payload = `${payload}${'x'.repeat(70_000)}`;
  else if (damage < 0.1) payload = Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))).toString('latin1');
  return { subjectTown, payload };
};
