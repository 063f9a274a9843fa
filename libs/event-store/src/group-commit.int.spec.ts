import { setTimeout as sleep } from 'node:timers/promises';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { StoredEvent } from '@digit/contracts';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import {
  createEventStore,
  migrateEventStore,
  startSubscription,
  verifyHistory,
  WrongExpectedVersionError,
  type EventStore,
  type PersonalDataHook,
} from './index.js';

let database: TestDatabase;
let store: EventStore;

beforeEach(async () => {
  database = await createTestDatabase();
  await migrateEventStore(database.db, database.schema('event_store'));
  store = createEventStore({ db: database.db, schema: database.schema('event_store') });
});
afterEach(() => database.drop());

const event = (n: number) => ({ type: 'Counted', data: { n } });

/** The transactions that wrote the events (xmin), in order of position. */
const transactionsOf = async (): Promise<string[]> =>
  (
    await sql<{ xmin: string }>`select xmin::text as xmin from ${sql.table(`${store.schema}.events`)} order by position`.execute(
      database.db,
    )
  ).rows.map((row) => row.xmin);

describe('group commit: concurrent appends share one transaction, each keeps its own outcome', () => {
  it('commits appends made in the same moment in one transaction, with one notification', async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const notified: string[] = [];
    listener.on('notification', (message) => notified.push(message.payload ?? ''));
    await listener.query(`listen "${store.schema}_events"`);
    await store.append('warm-up', 'no_stream', [event(0)]);
    await listener.query('select 1');
    notified.length = 0;

    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.append(`counter-${i}`, 'no_stream', [event(i), event(i)])));
    await listener.query('select 1');
    await listener.end();

    expect(results.map((result) => result.nextExpectedVersion)).toEqual(Array(8).fill(2));
    expect(new Set((await transactionsOf()).slice(1)).size).toBe(1);
    expect(notified).toEqual([results.at(-1)!.events.at(-1)!.position.toString()]);
  });

  it('rejects only the appends whose expected version is wrong, and commits the others of the batch', async () => {
    await store.append('taken', 'no_stream', [event(1)]);
    const outcomes = await Promise.allSettled([
      store.append('fresh-1', 'no_stream', [event(1)]),
      store.append('taken', 'no_stream', [event(2)]),
      store.append('taken', 1, [event(2)]),
      store.append('taken', 1, [event(3)]),
      store.append('fresh-2', 5, [event(1)]),
      store.append('fresh-2', 'any', [event(1)]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'rejected', 'fulfilled']);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ streamId: 'taken', expected: 1, actual: 2 });
    expect((await store.readStream('taken')).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(new Set((await transactionsOf()).slice(1)).size).toBe(1);
  });

  it('lets later appends of a batch build on earlier ones of the same stream', async () => {
    const [first, second, third] = await Promise.all([
      store.append('counter', 'no_stream', [event(1), event(2)]),
      store.append('counter', 2, [event(3)]),
      store.append('counter', 3, [event(4)]),
    ]);
    expect([first!.nextExpectedVersion, second!.nextExpectedVersion, third!.nextExpectedVersion]).toEqual([2, 3, 4]);
    expect((await store.readStream('counter')).map((e) => [e.streamVersion, e.data])).toEqual([
      [1, { n: 1 }],
      [2, { n: 2 }],
      [3, { n: 3 }],
      [4, { n: 4 }],
    ]);
  });

  it('checks each append against the stream as stored, not as its store last wrote it (another process appended since)', async () => {
    const other = createEventStore({ db: database.db, schema: store.schema });
    await store.append('shared', 'no_stream', [event(1)]);
    await other.append('shared', 1, [event(2)]);
    await expect(store.append('shared', 1, [event(3)])).rejects.toMatchObject({
      name: 'WrongExpectedVersionError',
      expected: 1,
      actual: 2,
    });
    expect((await store.append('shared', 2, [event(3)])).nextExpectedVersion).toBe(3);
    expect((await other.append('shared', 'any', [event(4)])).events[0]!.streamVersion).toBe(4);
    expect((await store.readStream('shared')).map((e) => [e.streamVersion, e.data])).toEqual([
      [1, { n: 1 }],
      [2, { n: 2 }],
      [3, { n: 3 }],
      [4, { n: 4 }],
    ]);
    expect(await verifyHistory(store)).toMatchObject({ ok: true, eventsChecked: 4 });
  });

  it('keeps the appends of a stream in order when they fill more than one batch', async () => {
    const hundred = (from: number) => Array.from({ length: 100 }, (_, i) => event(from + i));
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => store.append('long', i === 0 ? 'no_stream' : i * 100, hundred(i * 100))),
      ...Array.from({ length: 8 }, (_, i) => store.append(`other-${i}`, 'no_stream', hundred(0))),
    ]);
    expect(results.slice(0, 8).map((result) => result.nextExpectedVersion)).toEqual(Array.from({ length: 8 }, (_, i) => (i + 1) * 100));
    expect((await store.readStream('long')).map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 800 }, (_, i) => i));
    expect(new Set(await transactionsOf()).size).toBeGreaterThan(1);
    expect(await verifyHistory(store)).toMatchObject({ ok: true, eventsChecked: 1600 });
  });

  it('does not let a later batch of a stream overtake an earlier one that is slow to seal', async () => {
    const slowFirst: PersonalDataHook = {
      seal: async (sealed) => {
        if ((sealed.data as { n: number }).n === 0) await sleep(200);
        return sealed;
      },
      open: async (stored) => stored,
    };
    const sealing = createEventStore({ db: database.db, schema: store.schema, personalData: slowFirst });
    const hundred = (from: number) => Array.from({ length: 100 }, (_, i) => event(from + i));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => sealing.append('long', i === 0 ? 'no_stream' : i * 100, hundred(i * 100))),
    );
    expect(results.map((result) => result.nextExpectedVersion)).toEqual(Array.from({ length: 8 }, (_, i) => (i + 1) * 100));
  });

  it.each([
    [
      'an event id already stored (a retried append)',
      (): Promise<unknown> => store.append('retry', 'any', [{ ...event(1), eventId: '00000000-0000-4000-8000-000000000001' }]),
    ],
    ['data JSON cannot carry', (): Promise<unknown> => store.append('bad', 'any', [{ type: 'Counted', data: { n: 1n } }])],
    [
      'data PostgreSQL refuses (a NUL character)',
      (): Promise<unknown> => store.append('bad', 'any', [{ type: 'Counted', data: { text: 'a\u0000b' } }]),
    ],
  ])('fails only the append with %s; the rest of its batch is stored', async (_, faulty) => {
    await store.append('retry', 'no_stream', [{ ...event(0), eventId: '00000000-0000-4000-8000-000000000001' }]);
    const outcomes = await Promise.allSettled([
      store.append('ok-1', 'no_stream', [event(1)]),
      faulty(),
      store.append('ok-2', 'no_stream', [event(2)]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readStream('ok-1')).length + (await store.readStream('ok-2')).length).toBe(2);
    expect(await store.readStream('bad')).toEqual([]);
    expect(await verifyHistory(store)).toMatchObject({ ok: true, eventsChecked: 3 });
  });

  it('fails every append of a batch whose connection is lost before its outcome is known (its commit may have happened)', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    // The connection cut below must not take the test process down with it, in use or idle.
    pool.on('connect', (client) => client.on('error', () => undefined));
    pool.on('error', () => undefined);
    const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });
    const cut = createEventStore({ db, schema: store.schema });
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select pg_advisory_xact_lock(hashtext($1))', [`event-store:${store.schema}`]);
    const outcomes = Promise.allSettled([cut.append('cut-1', 'no_stream', [event(1)]), cut.append('cut-2', 'no_stream', [event(2)])]);
    const waitingBatch = async (): Promise<number | undefined> =>
      (
        await sql<{
          pid: number;
        }>`select pid from pg_stat_activity where wait_event_type = 'Lock' and query like ${`%"${store.schema}"."append_events"%`}`.execute(
          database.db,
        )
      ).rows[0]?.pid;
    let pid: number | undefined;
    while ((pid = await waitingBatch()) === undefined) await sleep(10);
    await sql`select pg_terminate_backend(${pid})`.execute(database.db);
    await blocker.query('rollback');
    await blocker.end();
    const settled = await outcomes;
    await db.destroy();

    expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect([...(await store.readStream('cut-1')), ...(await store.readStream('cut-2'))]).toEqual([]);
  });

  it('keeps the per-stream and global hash chains whole across many concurrent batches (CONTRACT.md auditors: verify)', async () => {
    const writers = 8;
    const appendsEach = 25;
    let appended = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0, version = 0; i < appendsEach; i++) {
          const events = Array.from({ length: 1 + (i % 3) }, (_, k) => event(version + k));
          await store.append(`writer-${w}`, version, events);
          version += events.length;
          appended += events.length;
        }
      }),
    );
    const report = await verifyHistory(store);
    expect(report).toMatchObject({ ok: true, eventsChecked: appended });
    expect(new Set(await transactionsOf()).size).toBeLessThan(writers * appendsEach);
  });

  it('never lets a tailing reader skip or repeat events of two stores (two processes) appending at once', async () => {
    const other = createEventStore({ db: database.db, schema: store.schema });
    const seen: StoredEvent[] = [];
    const subscription = startSubscription(
      store,
      { name: 'tail', apply: async (_trx, e) => void seen.push(e) },
      { idleMs: 1, batchSize: 13 },
    );
    await Promise.all(
      [store, other].flatMap((writer, s) =>
        Array.from({ length: 4 }, async (_, w) => {
          for (let i = 0; i < 20; i++) await writer.append(`s${s}-w${w}`, i === 0 ? 'no_stream' : i * 2, [event(i), event(i)]);
        }),
      ),
    );
    await subscription.caughtUp();
    await subscription.stop();
    const ids = seen.map((e) => e.eventId);
    expect(ids).toHaveLength(2 * 4 * 20 * 2);
    expect(new Set(ids).size).toBe(ids.length);
    const positions = seen.map((e) => e.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(await verifyHistory(store)).toMatchObject({ ok: true });
  });
});
