import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import { loadMetadataRecordsPage } from './datasets.read-model.js';
import { migrateDataExchangeReadModels } from './data-exchange.migrations.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const record = (identifier: string, scope: object) => ({ identifier, scope, title: identifier });

describe('the read models’ migrations (issue 17: versioned, a later column reaches existing databases)', () => {
  it('a database whose tables the service created before migrations takes the later ones, its rows kept', async () => {
    const schema = database.schema('data_exchange');
    const table = (name: string) => sql.table(`${schema}.${name}`);
    // As the service created them before migrations (`create table if not exists`).
    await sql`create schema ${sql.id(schema)}`.execute(database.db);
    await sql`create table ${table('road_orders')} (insee text not null, order_id text not null, status text not null, reasons jsonb not null, link jsonb not null, road_id text not null, position bigint not null, primary key (insee, order_id))`.execute(
      database.db,
    );
    await sql`create table ${table('road_changes')} (insee text not null, road_id text not null, position bigint not null, seq integer not null, kind text not null, order_id text not null, change jsonb not null, primary key (position, seq))`.execute(
      database.db,
    );
    await sql`create index road_changes_by_town on ${table('road_changes')} (insee, position, seq)`.execute(database.db);
    await sql`create table ${table('datasets')} (dataset_id text primary key, insee text not null, version integer not null, state jsonb not null)`.execute(
      database.db,
    );
    await sql`create table ${table('metadata_records')} (identifier text primary key, version integer not null, record jsonb)`.execute(
      database.db,
    );
    for (const [identifier, scope] of [
      ['boulogne', { kind: 'town', insee: '92012' }],
      ['issy', { kind: 'town', insee: '92040' }],
      ['territoire', { kind: 'territory' }],
    ] as const) {
      await sql`insert into ${table('metadata_records')} (identifier, version, record) values (${identifier}, 1, ${JSON.stringify(record(identifier, scope))})`.execute(
        database.db,
      );
    }

    await migrateDataExchangeReadModels(database.db, schema);
    await migrateDataExchangeReadModels(database.db, schema);

    // R-DX-3: the new column is filled from the records already there, so a town's list is right at once.
    const page = await loadMetadataRecordsPage(database.db, schema, { town: '92012' });
    expect(page.items.map((found) => found.identifier)).toEqual(['boulogne', 'territoire']);
  });
});
