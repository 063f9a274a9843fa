import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import type { DomainEvent, StoredEvent } from '@digit/contracts';
import {
  catchUp,
  createEventStore,
  migrateEventStore,
  verifyHistory,
  WrongExpectedVersionError,
  type EventStore,
  type PersonalDataHook,
} from './index.js';

/**
 * A stand-in for @digit/personal-data: "seals" `name` by reversing it under a per-subject marker
 * kept in a table, so the test sees exactly where the store calls the hook and in which transaction.
 */
const reversingHook = (keysTable: string): PersonalDataHook => ({
  async seal(event: DomainEvent, trx) {
    const data = event.data as { subject?: string; name?: string };
    if (!data.subject || data.name === undefined) return event;
    await sql`insert into ${sql.table(keysTable)} (subject) values (${data.subject}) on conflict do nothing`.execute(trx);
    return { ...event, data: { ...data, name: `sealed:${[...data.name].reverse().join('')}` } };
  },
  async open(event: StoredEvent) {
    const data = event.data as { subject?: string; name?: string };
    if (!data.subject || !data.name?.startsWith('sealed:')) return event;
    const key = await sql`select 1 from ${sql.table(keysTable)} where subject = ${data.subject}`.execute(database.db);
    const name = key.rows.length > 0 ? [...data.name.slice('sealed:'.length)].reverse().join('') : 'pd:erased';
    return { ...event, data: { ...data, name } };
  },
});

let database: TestDatabase;
let store: EventStore;
let keysTable: string;

beforeEach(async () => {
  database = await createTestDatabase();
  const schema = database.schema('event_store');
  await migrateEventStore(database.db, schema);
  keysTable = `${schema}.test_keys`;
  await sql`create table ${sql.table(keysTable)} (subject text primary key)`.execute(database.db);
  store = createEventStore({ db: database.db, schema, personalData: reversingHook(keysTable) });
});
afterEach(() => database.drop());

const named = (subject: string, name: string) => ({ type: 'Named', data: { subject, name } });
const storedNames = async () =>
  (
    await sql<{ data: { name: string } }>`select data from ${sql.table(`${store.schema}.events`)} order by position`.execute(database.db)
  ).rows.map((row) => row.data.name);

describe('personal-data hook of the event store (R-GDPR-1 erasure, crypto-shredding)', () => {
  it('R-GDPR-1: seals before hashing, stores only the sealed form, and reads back (and appends back) in clear', async () => {
    const appended = await store.append('person-1', 'no_stream', [named('p1', 'Jeanne')]);
    expect(appended.events[0]!.data).toEqual({ subject: 'p1', name: 'Jeanne' });
    expect(await storedNames()).toEqual(['sealed:ennaeJ']);
    // A later version of the code upcasts version 1: the upcaster sees the field opened.
    const upcasting = createEventStore({
      db: database.db,
      schema: store.schema,
      personalData: reversingHook(keysTable),
      upcasters: { Named: { 1: (data: { subject: string; name: string }) => ({ ...data, upcastSaw: data.name }) } },
    });
    const [read] = await upcasting.readStream('person-1');
    expect(read!.data).toEqual({ subject: 'p1', name: 'Jeanne', upcastSaw: 'Jeanne' });
    expect((await store.readAll({ after: 0n }))[0]!.data).toMatchObject({ name: 'Jeanne' });
    expect(await verifyHistory(store)).toMatchObject({ ok: true, eventsChecked: 1 });
  });

  it('R-GDPR-1: after the key is gone, history still verifies and a replay reads the field as erased', async () => {
    await store.append('person-1', 'no_stream', [named('p1', 'Jeanne'), { type: 'Other', data: { n: 1 } }]);
    await store.append('person-2', 'no_stream', [named('p2', 'Paul')]);
    await sql`delete from ${sql.table(keysTable)} where subject = 'p1'`.execute(database.db);
    expect(await verifyHistory(store)).toMatchObject({ ok: true, eventsChecked: 3 });
    const seen: unknown[] = [];
    await catchUp(store, { name: 'replay', apply: async (_trx, event) => void seen.push(event.data) });
    expect(seen).toEqual([{ subject: 'p1', name: 'pd:erased' }, { n: 1 }, { subject: 'p2', name: 'Paul' }]);
  });

  it('R-GDPR-1: what the hook writes joins the append transaction (a refused append leaves no key behind)', async () => {
    await store.append('person-1', 'no_stream', [named('p1', 'Jeanne')]);
    await expect(
      store.transaction(async (trx) => {
        await store.appendInTransaction(trx, 'person-3', 'no_stream', [named('p3', 'Lina')]);
        throw new Error('the caller gives up after the append');
      }),
    ).rejects.toThrow('gives up');
    await expect(store.append('person-1', 'no_stream', [named('p4', 'Marc')])).rejects.toBeInstanceOf(WrongExpectedVersionError);
    const subjects = await sql<{ subject: string }>`select subject from ${sql.table(keysTable)} order by subject`.execute(database.db);
    expect(subjects.rows.map((row) => row.subject)).toEqual(['p1']);
  });

  it('R-GDPR-1: an append sealed on a stream head another process has moved is refused and leaves no key behind', async () => {
    const other = createEventStore({ db: database.db, schema: store.schema, personalData: reversingHook(keysTable) });
    await store.append('person-1', 'no_stream', [named('p1', 'Jeanne')]);
    await other.append('person-1', 1, [named('p2', 'Paul')]);
    // This store last wrote version 1: it seals for version 2, then finds the stream at 2.
    await expect(store.append('person-1', 1, [named('p5', 'Inès')])).rejects.toBeInstanceOf(WrongExpectedVersionError);
    const subjects = await sql<{ subject: string }>`select subject from ${sql.table(keysTable)} order by subject`.execute(database.db);
    expect(subjects.rows.map((row) => row.subject)).toEqual(['p1', 'p2']);
    expect(await verifyHistory(store)).toMatchObject({ ok: true, eventsChecked: 2 });
  });
});
