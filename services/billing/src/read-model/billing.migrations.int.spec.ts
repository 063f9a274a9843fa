import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import { billingDb, migrateBillingReadModels } from './billing.migrations.js';
import { loadListPage, pendingCentsOf, townChargesList, townRegularisationsList } from './billing-lists.js';
import { loadRejections } from './rejections.read-model.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const item = (itemId: string, amountCents: number, carriedInto: string | null) => ({
  itemId,
  kind: 'complex-project-charge',
  label: itemId,
  amountCents,
  carriedInto,
});

describe('the read models’ migrations (issue 17: versioned; issue 18: lists read by key)', () => {
  it('a database whose tables the service created before migrations takes the later ones: its lists and refusals become pageable', async () => {
    const schema = database.schema('billing');
    const table = (name: string) => sql.table(`${schema}.${name}`);
    // As the service created them before migrations (`create table if not exists`).
    await sql`create schema ${sql.id(schema)}`.execute(database.db);
    await sql`create table ${table('convention_events')} (insee text not null, stream_version integer not null, event_id text not null unique, type text not null, data jsonb not null, recorded_at timestamptz not null, primary key (insee, stream_version))`.execute(
      database.db,
    );
    await sql`create table ${table('billing_streams')} (stream_id text primary key, version integer not null, state jsonb not null)`.execute(
      database.db,
    );
    await sql`create table ${table('rejections')} (source text not null, reference text not null, code text not null, message text not null, details jsonb not null, rejected_at timestamptz not null default now(), primary key (source, reference))`.execute(
      database.db,
    );
    const charges = {
      items: [item('a', 1_000, 'MEM-2024-92012-S1'), item('b', 2_000, null), item('c', 3_000, null)],
      regularisations: [{ year: 2024, proposalId: 'regularisation-2024' }],
    };
    await sql`insert into ${table('billing_streams')} values ('town-charges-92012', 4, ${JSON.stringify(charges)})`.execute(database.db);
    for (const reference of ['r1', 'r2']) {
      await sql`insert into ${table('rejections')} (source, reference, code, message, details) values ('committee:CommitteeChargeApproved', ${reference}, 'unknown-town', 'x', '[]')`.execute(
        database.db,
      );
    }

    await migrateBillingReadModels(database.db, schema);
    await migrateBillingReadModels(database.db, schema);

    const db = billingDb(database.db, schema);
    const first = await loadListPage<{ itemId: string }>(db, townChargesList('92012'), { limit: 2 });
    expect(first.items.map((found) => found.itemId)).toEqual(['a', 'b']);
    const second = await loadListPage<{ itemId: string }>(db, townChargesList('92012'), { limit: 2, after: first.next! });
    expect(second).toEqual({ items: [expect.objectContaining({ itemId: 'c' })], next: null });
    expect(await pendingCentsOf(db, townChargesList('92012'))).toBe(5_000);
    expect((await loadListPage(db, townRegularisationsList('92012'), { limit: 10 })).items).toHaveLength(1);
    const rejections = await loadRejections(database.db, schema, { limit: 1 });
    expect(rejections.items.map((rejection) => rejection.reference)).toEqual(['r1']);
    expect(
      (await loadRejections(database.db, schema, { limit: 1, after: rejections.next! })).items.map((rejection) => rejection.reference),
    ).toEqual(['r2']);
  });
});
