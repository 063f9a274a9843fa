import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import type { TrainedAgent } from '../domain/index.js';
import { migratePrivacyReadModels } from './privacy-read-models.js';
import { loadAgentsDuePage } from './training.read-model.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const agent = (agentId: string, joinedOn: string, trainedOn: string[], leftOn: string | null = null): TrainedAgent => ({
  agentId,
  fullName: `Agent ${agentId}`,
  joinedOn,
  leftOn,
  trainings: trainedOn.map((day) => ({ trainedOn: day, course: 'Sensibilisation RGPD', provider: null })),
});

describe('privacy read models: versioned migrations (issue 17)', () => {
  it('a schema made by the former `create table if not exists` migrates, and its agents are found by due date (R-GDPR-3)', async () => {
    const schema = database.schema('privacy_before_migrations');
    const table = (name: string) => sql.table(`${schema}.${name}`);
    // The tables exactly as the service created them before its read models had migrations.
    await sql`create schema ${sql.id(schema)}`.execute(database.db);
    await sql`create table ${table('register_processings')} (insee text not null, reference text not null, processing jsonb not null, primary key (insee, reference))`.execute(
      database.db,
    );
    await sql`create table ${table('processing_log')} (check_id text primary key, insee text not null, checked_on date not null, position bigint not null, hash text not null, entry jsonb not null)`.execute(
      database.db,
    );
    await sql`create index processing_log_by_town_and_day on ${table('processing_log')} (insee, checked_on, position)`.execute(database.db);
    await sql`create table ${table('training_agents')} (agent_id text primary key, agent jsonb not null)`.execute(database.db);
    for (const held of [
      agent('late', '2024-01-02', []),
      agent('current', '2021-09-01', ['2023-02-10']),
      agent('expired', '2021-09-01', ['2022-05-30']),
      agent('gone', '2021-09-01', [], '2024-01-31'),
    ]) {
      await sql`insert into ${table('training_agents')} (agent_id, agent) values (${held.agentId}, ${JSON.stringify(held)})`.execute(
        database.db,
      );
    }

    await migratePrivacyReadModels(database.db, schema);
    await migratePrivacyReadModels(database.db, schema);

    const due = await loadAgentsDuePage(database.db, schema, { asOf: '2024-06-03', withinDays: 0, limit: 10 });
    expect(due.items.map((item) => item.agentId)).toEqual(['late', 'expired']);
    const columns = await sql<{
      agent_id: string;
      due_on: string;
    }>`select agent_id, to_char(due_on, 'YYYY-MM-DD') as due_on from ${table('training_agents')} order by agent_id`.execute(database.db);
    expect(columns.rows).toEqual([
      { agent_id: 'current', due_on: '2025-02-10' },
      { agent_id: 'expired', due_on: '2024-05-30' },
      { agent_id: 'gone', due_on: '2021-12-01' },
      { agent_id: 'late', due_on: '2024-04-02' },
    ]);
  });

  it('a new schema gets the same tables', async () => {
    const schema = database.schema('privacy_new');
    await migratePrivacyReadModels(database.db, schema);
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = ${schema} and table_name not like 'kysely%' order by table_name`.execute(
      database.db,
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual([
      'personal_data_reads',
      'processing_log',
      'register_processings',
      'training_agents',
    ]);
  });
});
