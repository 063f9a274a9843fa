import { sql } from 'kysely';
import { DomainError, type Decider, type DomainEvent, type StoredEvent } from '@digit/contracts';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import {
  aggregateStream,
  createEventStore,
  decideOnStream,
  handleCommand,
  handleCommands,
  migrateEventStore,
  WrongExpectedVersionError,
  type DatabaseTransaction,
  type EventStore,
  type PersonalDataHook,
} from './index.js';

/** A small ledger: each `Add` records an amount; a negative one is refused. */
type Add = { type: 'Add'; amount: number; key?: string; name?: string };
type Added = { type: 'Added'; data: { amount: number; key?: string; subject?: string; name?: string; upcast?: boolean } };
interface Ledger {
  readonly total: number;
  readonly keys: readonly string[];
  readonly names: readonly string[];
}
const ledger: Decider<Add, Added, Ledger> = {
  initialState: { total: 0, keys: [], names: [] },
  decide: (command) =>
    command.amount < 0
      ? new DomainError('invalid', 'negative_amount', 'Un montant est positif.')
      : [
          {
            type: 'Added',
            data: {
              amount: command.amount,
              ...(command.key ? { key: command.key } : {}),
              ...(command.name ? { subject: 's-1', name: command.name } : {}),
            },
          },
        ],
  evolve: (state, event) => ({
    total: state.total + event.data.amount,
    keys: event.data.key ? [...state.keys, event.data.key] : state.keys,
    names: event.data.name ? [...state.names, event.data.name] : state.names,
  }),
};
const add = (amount: number, extra: Partial<Add> = {}): Add => ({ type: 'Add', amount, ...extra });

/** "Seals" `name` by reversing it, with its subject's key row written in the append's transaction (read there too). */
const sealingHook = (keys: string): PersonalDataHook => ({
  async seal(event: DomainEvent, trx) {
    const data = event.data as { subject?: string; name?: string };
    if (!data.subject || data.name === undefined) return event;
    await sql`insert into ${sql.table(keys)} (subject) values (${data.subject}) on conflict do nothing`.execute(trx);
    return { ...event, data: { ...data, name: `sealed:${[...data.name].reverse().join('')}` } };
  },
  async open(event: StoredEvent, trx?: DatabaseTransaction) {
    const data = event.data as { subject?: string; name?: string };
    if (!data.subject || !data.name?.startsWith('sealed:')) return event;
    const key = await sql`select 1 from ${sql.table(keys)} where subject = ${data.subject}`.execute(trx ?? database.db);
    return { ...event, data: { ...data, name: key.rows.length > 0 ? [...data.name.slice(7)].reverse().join('') : 'pd:erased' } };
  },
});

let database: TestDatabase;
let store: EventStore;

beforeEach(async () => {
  database = await createTestDatabase();
  const schema = database.schema('event_store');
  await migrateEventStore(database.db, schema);
  await sql`create table ${sql.table(`${schema}.keys`)} (subject text primary key)`.execute(database.db);
  await sql`create table ${sql.table(`${schema}.effects`)} (note text)`.execute(database.db);
  store = createEventStore({
    db: database.db,
    schema,
    personalData: sealingHook(`${schema}.keys`),
  });
});
afterEach(() => database.drop());

const effects = async () =>
  (await sql<{ note: string }>`select note from ${sql.table(`${store.schema}.effects`)}`.execute(database.db)).rows.map((row) => row.note);

describe('one command path: handleCommand and its options (issue 17)', () => {
  it('decides, appends at the version read, and answers a refusal without appending', async () => {
    expect(await handleCommand(store, ledger, 'ledger-1', add(5), { actor: 'ops:alice' })).toMatchObject({
      ok: true,
      decided: [{ data: { amount: 5 } }],
      state: { total: 5 },
    });
    expect(await handleCommand(store, ledger, 'ledger-1', add(-1))).toMatchObject({
      ok: false,
      error: { code: 'negative_amount' },
      state: { total: 5 },
    });
    const [stored] = await store.readStream('ledger-1');
    expect(stored!.metadata).toMatchObject({ actor: 'ops:alice' });
    expect(await store.headPosition()).toBe(1n);
  });

  it('decides again on the newer state when another writer appended in between', async () => {
    const seen: number[] = [];
    const [outcome] = await decideOnStream(store, ledger, 'ledger-1', [
      {
        decide: async (state) => {
          seen.push(state.total);
          if (seen.length === 1) await store.append('ledger-1', 'any', [{ type: 'Added', data: { amount: 100 } }]);
          return ledger.decide(add(1), state);
        },
      },
    ]);
    expect(seen).toEqual([0, 100]);
    expect(outcome).toMatchObject({ ok: true, events: [{ streamVersion: 2 }], state: { total: 101 } });
  });

  it('in a transaction: commits with the caller’s other effects or not at all; a conflict fails it, for the caller to try again whole', async () => {
    await store.transaction(async (trx) => {
      await sql`insert into ${sql.table(`${store.schema}.effects`)} values ('processed')`.execute(trx);
      expect(await handleCommand(store, ledger, 'ledger-1', add(2), {}, { transaction: trx })).toMatchObject({ ok: true });
      // The second command in the transaction sees the first one's events.
      expect(await handleCommand(store, ledger, 'ledger-1', add(3), {}, { transaction: trx })).toMatchObject({
        ok: true,
        state: { total: 5 },
      });
    });
    await expect(
      store.transaction(async (trx) => {
        await sql`insert into ${sql.table(`${store.schema}.effects`)} values ('rolled back')`.execute(trx);
        await handleCommand(store, ledger, 'ledger-1', add(7), {}, { transaction: trx });
        throw new Error('the caller fails after the command');
      }),
    ).rejects.toThrow('the caller fails');
    expect(await effects()).toEqual(['processed']);
    expect((await aggregateStream(store, ledger, 'ledger-1')).state.total).toBe(5);

    const conflicting = store.transaction((trx) =>
      decideOnStream(
        store,
        ledger,
        'ledger-1',
        [
          {
            decide: async (state) => (
              await store.append('ledger-1', 'any', [{ type: 'Added', data: { amount: 1 } }]),
              ledger.decide(add(1), state)
            ),
          },
        ],
        { transaction: trx },
      ),
    );
    await expect(conflicting).rejects.toBeInstanceOf(WrongExpectedVersionError);
  });

  it('reads upcast and opened events always, in a transaction too (its own new keys included)', async () => {
    // A later version of the code upcasts the events this one writes (schema version 1).
    const upcasting = createEventStore({
      db: database.db,
      schema: store.schema,
      personalData: sealingHook(`${store.schema}.keys`),
      upcasters: { Added: { 1: (data: Added['data']) => ({ ...data, upcast: true }) } },
    });
    await store.transaction(async (trx) => {
      await handleCommand(store, ledger, 'ledger-1', add(1, { name: 'Jeanne' }), {}, { transaction: trx });
      const { state, version } = await aggregateStream(upcasting, ledger, 'ledger-1', { transaction: trx });
      expect({ names: state.names, version }).toEqual({ names: ['Jeanne'], version: 1 });
      const [read] = await upcasting.readStream('ledger-1', { transaction: trx });
      expect(read!.data).toEqual({ amount: 1, subject: 's-1', name: 'Jeanne', upcast: true });
    });
    const raw = await sql<{ data: { name: string } }>`select data from ${sql.table(`${store.schema}.events`)}`.execute(database.db);
    expect(raw.rows[0]!.data.name).toBe('sealed:ennaeJ');
  });

  it('reads only the events the decision needs (matching), appending at the stream’s version', async () => {
    await store.append(
      'ledger-1',
      'no_stream',
      [1, 2, 3].map((n) => ({ type: 'Added', data: { amount: n, key: `k${n}` } })),
    );
    const { state, version } = await aggregateStream(store, ledger, 'ledger-1', { matching: [{ path: ['key'], values: ['k2'] }] });
    expect({ total: state.total, keys: state.keys, version }).toEqual({ total: 2, keys: ['k2'], version: 3 });
    const [outcome] = await decideOnStream(store, ledger, 'ledger-1', [{ decide: (sliced) => ledger.decide(add(sliced.total), sliced) }], {
      matching: [{ path: ['key'], values: ['k3'] }],
    });
    expect(outcome).toMatchObject({ ok: true, events: [{ streamVersion: 4, data: { amount: 3 } }] });
  });

  it('batches on several streams: each stream’s commands in turn, appended together; one stream’s failure stops no other', async () => {
    const results = await handleCommands(store, ledger, [
      {
        streamId: 'ledger-1',
        commands: [{ command: add(1) }, { command: add(-1) }, { command: add(2), metadata: { actor: 'town:92012' } }],
      },
      { streamId: 'ledger-2', commands: [{ command: add(10) }] },
      {
        streamId: 'ledger-3',
        commands: [{ command: add(1, { key: 'x'.repeat(3000) }) }, { command: { type: 'Add', amount: 1, key: 'bad\u0000' } as Add }],
      },
    ]);
    expect(results[0]).toMatchObject({
      ok: true,
      outcomes: [
        { ok: true, events: [{ streamVersion: 1 }], state: { total: 1 } },
        { ok: false, error: { code: 'negative_amount' }, state: { total: 1 } },
        { ok: true, events: [{ streamVersion: 2, metadata: { actor: 'town:92012' } }], state: { total: 3 } },
      ],
    });
    expect(results[1]).toMatchObject({ ok: true, outcomes: [{ ok: true, state: { total: 10 } }] });
    expect(results[2]).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^22/) } });
    expect((await store.readAll({ after: 0n })).map((event) => event.streamId).sort()).toEqual(['ledger-1', 'ledger-1', 'ledger-2']);
  });
});
