import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { DOMAIN_EVENTS_STREAM, type StoredEvent } from '@digit/contracts';
import { canonicalJson, jsonText, startSubscription, verifyHistory, type NewEvent } from '@digit/event-store';
import { startDurableConsumer, startEventRelay } from '@digit/messaging';
import { ERASED } from '@digit/personal-data';
import {
  createTestDatabase,
  createTestNats,
  deepArray,
  deepObject,
  FAKE_ENVELOPE,
  hostileJsonShapes,
  refusedJsonShapes,
  type TestDatabase,
  type TestNats,
} from '@digit/testing';
import { openServiceInfra, type ServiceInfra } from './service-infra.js';

/**
 * Issue 18, "no poison": a 3,000-deep object under `person` made every replay fail with "Maximum
 * call stack size exceeded", forever, since the store cannot drop it. Whatever PostgreSQL stores,
 * every reader of the store must still read it: appends, reads, the hash chain, projections, the
 * relay and checked consumers (the auditors' replay: tools/audit's replay-poison test).
 */
let database: TestDatabase;
let nats: TestNats;
let dataDir: string;
let infra: ServiceInfra;
const shapes = hostileJsonShapes();
const appended: StoredEvent[] = [];

/** A person whose sealed and unsealed fields are deep, and whose texts imitate sealed fields. */
const person = () => ({
  personId: 'p-1',
  name: deepObject(10_000, 'Élodie Martin'),
  email: 'elodie.martin@example.fr',
  phone: FAKE_ENVELOPE,
  notes: deepArray(10_000, FAKE_ENVELOPE),
});

/** Equality without recursion (jest's own recurses): the canonical texts. */
const sameJson = (actual: unknown, expected: unknown) => expect(canonicalJson(actual) === canonicalJson(expected)).toBe(true);

beforeAll(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  dataDir = await mkdtemp(join(tmpdir(), 'digit-poison-'));
  infra = await openServiceInfra(
    { databaseUrl: database.url, natsUrl: nats.url, natsNamespace: nats.namespace, schemaPrefix: database.prefix, port: 0, dataDir },
    'poison',
  );
  for (const [name, data] of Object.entries(shapes)) {
    const { events } = await infra.store.append(`hostile-${appended.length}`, 'no_stream', [{ type: 'Hostile', data: { name, data } }]);
    appended.push(...events);
  }
  const { events } = await infra.store.append('hostile-person', 'no_stream', [
    { type: 'ContactAssigned', data: { role: 'gis', person: person(), from: '2024-01-01' } },
  ]);
  appended.push(...events);
}, 60_000);
afterAll(async () => {
  await infra?.close();
  await nats?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('no poison: whatever the store accepts, its readers read (issue 18)', () => {
  it('appends every shape and reads each back as it was appended (readStream, readAll, readEvents)', async () => {
    for (const [index, [name, data]] of Object.entries(shapes).entries()) {
      const [read] = await infra.store.readStream(`hostile-${index}`);
      sameJson(read!.data, { name, data });
    }
    const all = await infra.store.readAll({ after: 0n, limit: 100 });
    expect(all.map((event) => event.eventId)).toEqual(appended.map((event) => event.eventId));
    const sealed = await infra.store.readAll({ after: 0n, limit: 100, sealed: true });
    expect(sealed).toHaveLength(appended.length);
    expect(await infra.store.readEvents(appended.map((event) => event.eventId))).toHaveLength(appended.length);
  });

  it('R-GDPR-1: seals and opens a deep person; texts that only look sealed are read as sent', async () => {
    const [stored] = await infra.store.readAll({ after: appended.at(-2)!.position, sealed: true });
    const raw = stored!.data as { person: { name: string; email: string; phone: string } };
    expect(raw.person.name).toMatch(/^pd:v1:p-1:/);
    expect(raw.person.phone).toBe(FAKE_ENVELOPE);
    const [opened] = await infra.store.readStream('hostile-person');
    sameJson(opened!.data, { role: 'gis', person: person(), from: '2024-01-01' });
    await infra.keyStore.destroy('p-1');
    const [erased] = await infra.store.readStream('hostile-person');
    // Whatever names the erased person's key reads as erased, the imitations included.
    sameJson((erased!.data as { person: unknown }).person, {
      ...person(),
      name: ERASED,
      email: ERASED,
      phone: ERASED,
      notes: deepArray(10_000, ERASED),
    });
  });

  it('CONTRACT.md auditors: the whole history verifies', async () => {
    expect(await verifyHistory(infra.store)).toMatchObject({ ok: true, eventsChecked: appended.length });
  });

  it('a projection follows them into a jsonb read model (startSubscription)', async () => {
    const table = sql.table(`${infra.schema('poison')}.copies`);
    await sql`create schema if not exists ${sql.id(infra.schema('poison'))}`.execute(infra.db);
    await sql`create table ${table} (event_id uuid primary key, data jsonb not null)`.execute(infra.db);
    const errors: unknown[] = [];
    const subscription = startSubscription(
      infra.store,
      {
        name: 'poison-copies',
        apply: async (trx, event) => void (await sql`insert into ${table} values (${event.eventId}, ${jsonText(event.data)})`.execute(trx)),
      },
      { onError: (error) => errors.push(error) },
    );
    await subscription.caughtUp();
    await subscription.stop();
    expect(errors).toEqual([]);
    const copies = await sql<{ n: string }>`select count(*) as n from ${table}`.execute(infra.db);
    expect(Number(copies.rows[0]!.n)).toBe(appended.length);
  });

  it('the relay publishes them (the one too large for a message without its data) and a checked consumer applies each once', async () => {
    const relay = startEventRelay({ store: infra.store, bus: infra.bus, context: 'hostile', streamPrefixes: ['hostile-'] });
    const applied = new Map<string, string>();
    const consumer = await startDurableConsumer({
      bus: infra.bus,
      stream: DOMAIN_EVENTS_STREAM,
      durable: 'poison-consumer',
      filterSubjects: ['digit.events.hostile.>'],
      events: infra.store,
      handle: async (message) => void applied.set(message.event!.eventId, canonicalJson(message.event!.data)),
    });
    for (let i = 0; i < 300 && applied.size < appended.length; i++) await sleep(50);
    await consumer.stop();
    await relay.stop();
    const sealed = await infra.store.readAll({ after: 0n, limit: 100, sealed: true });
    expect([...applied.keys()].sort()).toEqual(sealed.map((event) => event.eventId).sort());
    for (const event of sealed) expect(applied.get(event.eventId) === canonicalJson(event.data)).toBe(true);
  });

  it('appends and verifies the deepest value PostgreSQL accepts (under its max_stack_depth)', async () => {
    let accepted = 10_000;
    let refused = 200_000;
    while (refused - accepted > 500) {
      const depth = Math.floor((accepted + refused) / 2);
      const ok = await infra.store.append(`deepest-${depth}`, 'no_stream', [{ type: 'Deepest', data: deepArray(depth) }]).then(
        () => true,
        (error: { code?: string }) => {
          expect(error.code).toBe('54001');
          return false;
        },
      );
      if (ok) accepted = depth;
      else refused = depth;
    }
    const [deepest] = await infra.store.readStream(`deepest-${accepted}`);
    sameJson(deepest!.data, deepArray(accepted));
    expect(await verifyHistory(infra.store)).toMatchObject({ ok: true });
  });

  it.each(Object.entries(refusedJsonShapes()))('refuses %s cleanly, storing nothing', async (_name, data) => {
    const head = await infra.store.headPosition();
    const events: NewEvent[] = [{ type: 'Refused', data: { text: data } }];
    await expect(infra.store.append('refused', 'any', events)).rejects.toMatchObject({ code: expect.stringMatching(/^22/) });
    expect(await infra.store.headPosition()).toBe(head);
  });
});
