import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { catchUp, verifyHistory, type Database } from '@digit/event-store';
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from '@digit/testing';
import { ensureDatabaseRoles, serviceDatabaseUrl, type DatabaseRoles } from './database-roles.js';
import { createDatabase, openServiceInfra, type ServiceInfra } from './service-infra.js';

let database: TestDatabase;
let nats: TestNats;
let dataDir: string;
const opened: { close(): Promise<void> }[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  dataDir = await mkdtemp(join(tmpdir(), 'digit-roles-'));
});
afterEach(async () => {
  for (const handle of opened.splice(0)) await handle.close();
  await nats.close();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const admin = (): Database => {
  const db = createDatabase(database.url);
  opened.push({ close: () => db.destroy() });
  return db;
};

const serviceInfra = async (roles: DatabaseRoles, service: string): Promise<ServiceInfra> => {
  const infra = await openServiceInfra(
    {
      databaseUrl: serviceDatabaseUrl(database.url, roles.services[service]!),
      natsUrl: nats.url,
      natsNamespace: nats.namespace,
      schemaPrefix: database.prefix,
      port: 0,
      dataDir,
    },
    service,
  );
  opened.push(infra);
  return infra;
};

const events = () => sql.table(`${database.schema('event_store')}.events`);

const failure = (promise: Promise<unknown>): Promise<{ code?: string; message: string }> =>
  promise.then(
    () => {
      throw new Error('the statement was not refused');
    },
    (error: { code?: string; message: string }) => error,
  );

const contact = {
  type: 'ContactAssigned',
  data: { role: 'gis', person: { personId: 'p-1', name: 'Élodie Martin', email: 'e.martin@example.fr' } },
};

describe('database roles: services append and read, never rewrite (issue 18, R-SEC-2)', () => {
  it('ensureDatabaseRoles is idempotent and safe when several processes run it at once', async () => {
    const results = await Promise.all([admin(), admin(), admin()].map((db) => ensureDatabaseRoles(db, { schemaPrefix: database.prefix })));
    expect(new Set(results.map((roles) => JSON.stringify(roles))).size).toBe(1);
    expect(results[0]!.services.conventions).toBe(`${database.prefix}_digit_conventions`);
    await ensureDatabaseRoles(admin(), { schemaPrefix: database.prefix });
  });

  it('a service role appends, reads, follows and indexes, and may not UPDATE, DELETE or TRUNCATE events nor change the table', async () => {
    const roles = await ensureDatabaseRoles(admin(), { schemaPrefix: database.prefix });
    const infra = await serviceInfra(roles, 'conventions');
    const appended = await infra.store.append('convention-92012', 'no_stream', [
      contact,
      { type: 'ConventionSigned', data: { on: '2024-01-01' } },
    ]);
    expect((await infra.store.readStream('convention-92012')).map((event) => event.data)).toEqual([contact.data, { on: '2024-01-01' }]);
    expect(await infra.store.readAll({ after: 0n })).toHaveLength(2);
    expect(await verifyHistory(infra.store)).toMatchObject({ ok: true, eventsChecked: 2 });
    // Its own schema: read models and checkpoints.
    const table = sql.table(`${infra.schema('conventions')}.seen`);
    await sql`create table if not exists ${table} (event_id uuid primary key)`.execute(infra.db);
    await catchUp(infra.store, {
      name: 'seen',
      apply: async (trx, event) => void (await sql`insert into ${table} values (${event.eventId})`.execute(trx)),
    });
    await infra.store.indexDataPath('events_by_person', ['person', 'personId']);
    expect(await infra.store.readStreamMatching('convention-92012', [{ path: ['person', 'personId'], values: ['p-1'] }], 2)).toHaveLength(
      1,
    );

    for (const statement of [
      sql`update ${events()} set data = '{}' where event_id = ${appended.events[0]!.eventId}`,
      sql`delete from ${events()}`,
      sql`truncate ${events()}`,
      sql`alter table ${events()} disable trigger events_append_only`,
      sql`create index events_by_type on ${events()} (type)`,
      sql`delete from ${sql.table(`${database.schema('personal_data')}.subject_keys`)}`,
    ]) {
      expect(await failure(statement.execute(infra.db))).toMatchObject({ code: '42501' });
    }
    expect(await infra.store.headPosition()).toBe(appended.events[1]!.position);
  });

  it("the superuser's UPDATE, DELETE and TRUNCATE are refused by the trigger, which says why", async () => {
    const roles = await ensureDatabaseRoles(admin(), { schemaPrefix: database.prefix });
    const infra = await serviceInfra(roles, 'billing');
    await infra.store.append('budget-2024', 'no_stream', [{ type: 'BudgetSet', data: { year: 2024 } }]);
    for (const statement of [
      sql`update ${events()} set type = 'Other'`,
      sql`delete from ${events()} where false`,
      sql`truncate ${events()}`,
    ]) {
      const refused = await failure(statement.execute(database.db));
      expect(refused.message).toMatch(/is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
      expect(refused).toMatchObject({ code: '23001', detail: expect.stringContaining('never changed nor removed') });
    }
    expect(await infra.store.headPosition()).toBe(1n);
  });

  it('a database made before the roles (by whoever connected, at migration 0002) is handed over, migrated and keeps its history', async () => {
    const storeSchema = database.schema('event_store');
    const superuser = admin();
    // What an earlier version left: services connected as the superuser, who owns everything.
    const before = await openServiceInfra(
      { databaseUrl: database.url, natsUrl: nats.url, natsNamespace: nats.namespace, schemaPrefix: database.prefix, port: 0, dataDir },
      'old',
    );
    await before.store.append('convention-92012', 'no_stream', [contact]);
    await before.close();
    await sql`create schema ${sql.id(database.schema('conventions'))}`.execute(superuser);
    await sql`create table ${sql.table(`${database.schema('conventions')}.convention_states`)} (insee text primary key, id bigserial)`.execute(
      superuser,
    );
    // …at migration 0002: no append-only triggers, no index function.
    await sql`drop trigger events_append_only on ${events()}`.execute(superuser);
    await sql`drop trigger events_never_truncated on ${events()}`.execute(superuser);
    await sql`drop function ${sql.id(storeSchema, 'refuse_events_change')}(), ${sql.id(storeSchema, 'ensure_data_index')}(text, text[])`.execute(
      superuser,
    );
    await sql`delete from ${sql.table(`${storeSchema}.kysely_migration`)} where name = '0003_append_only_events'`.execute(superuser);

    const roles = await ensureDatabaseRoles(superuser, { schemaPrefix: database.prefix });
    const infra = await serviceInfra(roles, 'conventions');
    expect((await infra.store.readStream('convention-92012'))[0]!.data).toEqual(contact.data);
    await infra.store.append('convention-92012', 1, [{ type: 'ConventionSigned', data: {} }]);
    await sql`insert into ${sql.table(`${infra.schema('conventions')}.convention_states`)} (insee) values ('92012')`.execute(infra.db);
    expect(await verifyHistory(infra.store)).toMatchObject({ ok: true, eventsChecked: 2 });
    expect((await failure(sql`delete from ${events()}`.execute(superuser))).message).toContain('append-only');
  });

  it('a service whose role may not migrate says who must', async () => {
    const roles = await ensureDatabaseRoles(admin(), { schemaPrefix: database.prefix });
    const superuser = admin();
    await sql`delete from ${sql.table(`${database.schema('event_store')}.kysely_migration`)} where name = '0003_append_only_events'`.execute(
      superuser,
    );
    await expect(serviceInfra(roles, 'support')).rejects.toThrow(/migration failed at 0003_append_only_events.*ensureDatabaseRoles/);
  });
});
