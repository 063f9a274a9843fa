import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { allowHistoryRewrite, createTestDatabase, type TestDatabase } from '@digit/testing';
import type { StoredEvent } from '@digit/contracts';
import {
  catchUp,
  createEventStore,
  migrateEventStore,
  readCheckpoint,
  startSubscription,
  verifyHistory,
  WrongExpectedVersionError,
  type EventStore,
  type Projection,
} from './index.js';

let database: TestDatabase;
let store: EventStore;

beforeEach(async () => {
  database = await createTestDatabase();
  const schema = database.schema('event_store');
  await migrateEventStore(database.db, schema);
  store = createEventStore({
    db: database.db,
    schema,
    upcasters: { ContactAssigned: { 1: (data: { name: string }) => ({ fullName: data.name }) } },
  });
});
afterEach(() => database.drop());

const event = (n: number) => ({ type: 'Counted', data: { n } });

describe('append and read', () => {
  it('appends to a new stream and reads it back in order, with metadata', async () => {
    const result = await store.append('counter-1', 'no_stream', [event(1), event(2)], {
      metadata: {
        correlationId: 'c-1',
        causationId: 'cmd-1',
        actor: 'ops:alice',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    });
    expect(result.nextExpectedVersion).toBe(2);
    const events = await store.readStream('counter-1');
    expect(events.map((e) => [e.streamVersion, e.data])).toEqual([
      [1, { n: 1 }],
      [2, { n: 2 }],
    ]);
    expect(events[0]!.metadata).toEqual({
      correlationId: 'c-1',
      causationId: 'cmd-1',
      actor: 'ops:alice',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
  });

  it.each([
    ['no_stream on an existing stream', 'no_stream' as const],
    ['a stale version', 1],
    ['a version from the future', 5],
  ])('refuses %s with a typed conflict and stores nothing', async (_, expected) => {
    await store.append('counter-1', 'no_stream', [event(1), event(2)]);
    await expect(store.append('counter-1', expected, [event(3)])).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  it('lets exactly one of many concurrent writers of the same version win', async () => {
    await store.append('counter-1', 'no_stream', [event(0)]);
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.append('counter-1', 1, [event(i)])));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
  });

  it('upcasts old schema versions on read and never rewrites the stored row', async () => {
    await sql`insert into ${sql.table(`${store.schema}.events`)} (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash, chain_hash)
      values (gen_random_uuid(), 'convention-92012', 1, 'ContactAssigned', 1, '{"name":"Ada"}', '{}', now(), 'x', 'x')`.execute(
      database.db,
    );
    await store.append('convention-92012', 1, [{ type: 'ContactAssigned', data: { fullName: 'Grace' } }]);
    const events = await store.readStream('convention-92012');
    expect(events.map((e) => [e.schemaVersion, e.data])).toEqual([
      [2, { fullName: 'Ada' }],
      [2, { fullName: 'Grace' }],
    ]);
    const raw = await store.db.selectFrom('events').select(['schema_version', 'data']).orderBy('position').execute();
    expect(raw).toEqual([
      { schema_version: 1, data: { name: 'Ada' } },
      { schema_version: 2, data: { fullName: 'Grace' } },
    ]);
  });
});

describe('readers by global position never skip a late commit', () => {
  it('a tailing subscriber sees every event of concurrent, slow-committing writers exactly once, in stream order', async () => {
    const seen: StoredEvent[] = [];
    const projection: Projection = { name: 'tail', apply: async (_trx, e) => void seen.push(e) };
    const subscription = startSubscription(store, projection, { idleMs: 1, batchSize: 7 });
    const writers = 6;
    const appendsPerWriter = 15;
    // Each writer holds its transaction open for a random time after inserting: without the
    // append lock, later positions would commit first and a tailing reader would pass the gap.
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < appendsPerWriter; i++) {
          await store.transaction(async (trx) => {
            await store.appendInTransaction(trx, `writer-${w}`, i, [event(i)]);
            await sleep(Math.random() * 15);
          });
        }
      }),
    );
    await subscription.caughtUp();
    await subscription.stop();
    const ids = seen.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(writers * appendsPerWriter);
    for (let w = 0; w < writers; w++) {
      expect(seen.filter((e) => e.streamId === `writer-${w}`).map((e) => e.streamVersion)).toEqual(
        Array.from({ length: appendsPerWriter }, (_, i) => i + 1),
      );
    }
    const positions = seen.map((e) => e.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });
});

describe('followers of some streams only', () => {
  it('a page holds only the followed streams, and says how far the history was looked through', async () => {
    await store.append('other-1', 'no_stream', [event(1), event(2)]);
    await store.append('mine-1', 'no_stream', [event(3)]);
    await store.append('other-2', 'no_stream', [event(4), event(5)]);
    await store.append('mine-2', 'no_stream', [event(6), event(7)]);
    await store.append('other-3', 'no_stream', [event(8)]);
    const short = await store.readPage({ after: 0n, limit: 10, streamPrefixes: ['mine-'] });
    expect(short.events.map((e) => (e.data as { n: number }).n)).toEqual([3, 6, 7]);
    expect(short.scannedUpTo).toBe(await store.headPosition());
    const full = await store.readPage({ after: 0n, limit: 2, streamPrefixes: ['mine-'] });
    expect(full.events.map((e) => (e.data as { n: number }).n)).toEqual([3, 6]);
    expect(full.scannedUpTo).toBe(full.events[1]!.position);
    expect(await store.readPage({ after: await store.headPosition(), streamPrefixes: ['mine-'] })).toEqual({
      events: [],
      scannedUpTo: await store.headPosition(),
    });
  });

  it('a subscriber of some streams, its checkpoint moving past the others, never skips a late commit of its own', async () => {
    const seen: StoredEvent[] = [];
    const projection: Projection = { name: 'mine', streamPrefixes: ['mine-'], apply: async (_trx, e) => void seen.push(e) };
    const subscription = startSubscription(store, projection, { idleMs: 1, batchSize: 5 });
    const writers = 6;
    const appendsPerWriter = 15;
    // Writers of followed and other streams interleave, each holding its commit a random time.
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const streamId = w % 2 === 0 ? `mine-${w}` : `other-${w}`;
        for (let i = 0; i < appendsPerWriter; i++) {
          await store.transaction(async (trx) => {
            await store.appendInTransaction(trx, streamId, i, [event(i)]);
            await sleep(Math.random() * 15);
          });
        }
      }),
    );
    await subscription.caughtUp();
    await subscription.stop();
    expect(seen.every((e) => e.streamId.startsWith('mine-'))).toBe(true);
    expect(new Set(seen.map((e) => e.eventId)).size).toBe((writers / 2) * appendsPerWriter);
    expect(seen).toHaveLength((writers / 2) * appendsPerWriter);
    // Started again from its stored checkpoint, it applies nothing twice.
    const again = startSubscription(store, projection, { idleMs: 1 });
    await again.caughtUp();
    await again.stop();
    expect(seen).toHaveLength((writers / 2) * appendsPerWriter);
  });
});

describe('the part of a long stream a decision needs', () => {
  const roadEvent = (roadId: string, orderId: string) => ({ type: 'RoadChanged', data: { roadId, order: { orderId } } });

  it('reads the events of one stream holding one of the values at one of the paths, up to a version', async () => {
    await store.append('registry-a', 'no_stream', [
      roadEvent('r1', 'o1'),
      roadEvent('r2', 'o2'),
      roadEvent('r1', 'o3'),
      roadEvent('r3', 'o4'),
    ]);
    await store.append('registry-b', 'no_stream', [roadEvent('r1', 'o1')]);
    const matching = (filters: Parameters<EventStore['readStreamMatching']>[1], upTo = 10) =>
      store.readStreamMatching('registry-a', filters, upTo).then((events) => events.map((e) => e.streamVersion));
    expect(await store.streamVersion('registry-a')).toBe(4);
    expect(await store.streamVersion('never-written')).toBe(0);
    expect(await matching([{ path: ['roadId'], values: ['r1'] }])).toEqual([1, 3]);
    expect(await matching([{ path: ['order', 'orderId'], values: ['o2', 'o4', 'o9'] }])).toEqual([2, 4]);
    expect(
      await matching([
        { path: ['roadId'], values: ['r1'] },
        { path: ['order', 'orderId'], values: ['o4'] },
      ]),
    ).toEqual([1, 3, 4]);
    expect(await matching([{ path: ['roadId'], values: ['r1'] }], 2)).toEqual([1]);
    expect(await matching([{ path: ['roadId'], values: [] }])).toEqual([]);
    await expect(matching([{ path: ['roadId}', "' or true --"], values: ['r1'] }])).rejects.toThrow('invalid data path');
  });
});

describe('projection checkpoints', () => {
  it('rolls back a failing batch with its checkpoint, then resumes without loss or duplicate', async () => {
    const table = `${database.schema('read')}.seen`;
    await sql`create schema ${sql.id(database.schema('read'))}`.execute(database.db);
    await sql`create table ${sql.table(table)} (event_id uuid primary key)`.execute(database.db);
    await store.append('counter-1', 'no_stream', [event(1), event(2), event(3)]);
    let failOn = 3;
    const projection: Projection = {
      name: 'seen',
      async apply(trx, e) {
        await sql`insert into ${sql.table(table)} values (${e.eventId})`.execute(trx);
        if ((e.data as { n: number }).n === failOn) throw new Error('projection bug');
      },
    };
    await expect(catchUp(store, projection)).rejects.toThrow('projection bug');
    expect(await readCheckpoint(store, 'seen')).toBe(0n);
    const count = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0]!.n);
    expect(await count()).toBe(0);
    failOn = -1;
    await catchUp(store, projection);
    expect(await count()).toBe(3);
    expect(await readCheckpoint(store, 'seen')).toBe(await store.headPosition());
  });
});

describe('hash chain (tamper evidence)', () => {
  // The attacker has the superuser's rights: past the append-only triggers, the chain must catch it.
  beforeEach(() => allowHistoryRewrite(database.db, store.schema));
  const history = async () => {
    await store.append('convention-92012', 'no_stream', [event(1), event(2)]);
    await store.append('convention-92022', 'no_stream', [event(1)]);
    await store.append('convention-92012', 2, [event(3)]);
    return store.db.selectFrom('events').select(['position', 'stream_id']).orderBy('position').execute();
  };

  it('verifies an intact history and gives its head seal', async () => {
    const rows = await history();
    const report = await verifyHistory(store);
    expect(report).toMatchObject({ ok: true, eventsChecked: 4, head: { position: BigInt(rows.at(-1)!.position) } });
  });

  it.each([
    ['data altered', (s: string, p: string) => sql`update ${sql.table(`${s}.events`)} set data = '{"n": 99}' where position = ${p}`, 1],
    [
      'metadata altered',
      (s: string, p: string) => sql`update ${sql.table(`${s}.events`)} set metadata = '{"actor":"ops:mallory"}' where position = ${p}`,
      2,
    ],
    [
      'recorded time altered',
      (s: string, p: string) =>
        sql`update ${sql.table(`${s}.events`)} set recorded_at = recorded_at - interval '1 day' where position = ${p}`,
      0,
    ],
    ['type altered', (s: string, p: string) => sql`update ${sql.table(`${s}.events`)} set type = 'Other' where position = ${p}`, 3],
  ])('names the first bad position when %s', async (_, tamper, index) => {
    const rows = await history();
    await tamper(store.schema, rows[index]!.position).execute(database.db);
    const report = await verifyHistory(store);
    expect(report).toMatchObject({ ok: false, position: BigInt(rows[index]!.position) });
  });

  it('detects a deleted event at the next position', async () => {
    const rows = await history();
    await sql`delete from ${sql.table(`${store.schema}.events`)} where position = ${rows[2]!.position}`.execute(database.db);
    expect(await verifyHistory(store)).toMatchObject({ ok: false, position: BigInt(rows[3]!.position) });
  });

  it("detects a removed tail against an auditor's seal", async () => {
    const rows = await history();
    const sealed = await verifyHistory(store);
    if (!sealed.ok) throw new Error('history should verify');
    await sql`delete from ${sql.table(`${store.schema}.events`)} where position = ${rows[3]!.position}`.execute(database.db);
    expect(await verifyHistory(store, { expectedSeals: [sealed.head] })).toMatchObject({ ok: false, position: sealed.head.position });
  });
});
