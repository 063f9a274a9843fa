import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import { conventionDecider } from '../domain/index.js';
import { loadConventionState, migrateConventionStates } from './convention-states.read-model.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('the read model’s migrations (issue 17: versioned, existing databases migrate cleanly)', () => {
  it('a database whose table the service created before migrations takes them, its rows kept', async () => {
    const schema = database.schema('conventions');
    const table = sql.table(`${schema}.convention_states`);
    // As the service created it before migrations (`create table if not exists`).
    await sql`create schema ${sql.id(schema)}`.execute(database.db);
    await sql`create table ${table} (insee text primary key, version integer not null, state jsonb not null)`.execute(database.db);
    const state = { ...conventionDecider.initialState, dataReturnDoneOn: '2025-07-01' };
    await sql`insert into ${table} (insee, version, state) values ('92012', 7, ${JSON.stringify(state)})`.execute(database.db);

    await migrateConventionStates(database.db, schema);
    await migrateConventionStates(database.db, schema);

    expect(await loadConventionState(database.db, schema, '92012')).toEqual(state);
  });
});
