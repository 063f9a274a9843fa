import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { verifyHistory, createEventStore } from '@digit/event-store';
import { migrateIdentity } from '@digit/identity';
import { createDatabase, ensureDatabaseRoles, serviceDatabaseUrl, type DatabaseRoles } from '@digit/runtime';
import {
  createTestDatabase,
  createTestNats,
  freePort,
  SERVICE_NAMES,
  startServiceProcess,
  startTestIssuer,
  type ServiceProcess,
  type TestDatabase,
  type TestIssuer,
  type TestNats,
} from '@digit/testing';

/**
 * Issue 18 (R-SEC-2): the six services run as processes, as `npm start` runs them on its embedded
 * default, each connected as its own database role (ensureDatabaseRoles): everything works (the
 * gateway's identity schema, made before the roles, is handed to it; it reads the history for the
 * auditors and the seal anchor), and no service can rewrite the history.
 */
let database: TestDatabase;
let nats: TestNats;
let roles: DatabaseRoles;
let issuer: TestIssuer;
let dataDir: string;
let baseUrl: string;
const processes: ServiceProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  issuer = await startTestIssuer();
  dataDir = await mkdtemp(join(tmpdir(), 'digit-database-roles-'));
  const admin = createDatabase(database.url);
  try {
    // What a start before the roles left: the gateway's identity schema made by the superuser; it is handed over.
    await migrateIdentity(admin, database.schema('identity'));
    roles = await ensureDatabaseRoles(admin, { schemaPrefix: database.prefix });
  } finally {
    await admin.destroy();
  }
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const started = await Promise.allSettled(
    SERVICE_NAMES.map((name) =>
      startServiceProcess(name, {
        DATABASE_URL: serviceDatabaseUrl(database.url, roles.services[name]!),
        NATS_URL: nats.url,
        DIGIT_NATS_NAMESPACE: nats.namespace,
        DIGIT_SCHEMA_PREFIX: database.prefix,
        DIGIT_DATA_DIR: dataDir,
        PORT: String(port),
        OIDC_ISSUER: issuer.issuer,
        OIDC_AUDIENCE: issuer.audience,
      }),
    ),
  );
  for (const result of started) if (result.status === 'fulfilled') processes.push(result.value);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}, 120_000);
afterAll(async () => {
  await Promise.all(processes.map((service) => service.stop()));
  await nats?.close();
  await issuer?.stop();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
const call = async (method: string, path: string, body?: unknown, roles = ['ops']): Promise<{ status: number; body: any }> => {
  const authorization = `Bearer ${await issuer.token({ roles })}`;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? { authorization } : { authorization, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

describe('every service connects as its own role (issue 18, R-SEC-2)', () => {
  it('R-SEC-2: the system works with each service as its own role, none as the superuser', async () => {
    expect((await call('GET', '/api/v1/towns')).body).toHaveLength(8);
    const contact = await call('POST', '/api/v1/conventions/92012/contacts', {
      role: 'gis',
      person: { personId: 'p-roles', name: 'Camille Martin', email: 'c.martin@example.org' },
      from: '2024-01-01',
    });
    expect(contact.status).toBe(201);
    expect(
      (
        await call(
          'PUT',
          '/api/v1/billing/budgets/2024',
          { sigOperationalCents: 13_700_000, payrollCents: 34_423_077, structureFlatCents: 6_300_000 },
          ['finance'],
        )
      ).status,
    ).toBe(200);
    // The gateway's own schema (the identity tables it migrates at start) and the history it reads for auditors and the seal anchor.
    expect((await call('GET', '/api/v1/audit/events?limit=5')).status).toBe(200);
    const identity = await sql<{
      owner: string;
    }>`select distinct tableowner as owner from pg_tables where schemaname = ${database.schema('identity')}`.execute(database.db);
    expect(identity.rows).toEqual([{ owner: roles.services.gateway }]);
    const connected = await sql<{
      usename: string;
    }>`select distinct usename from pg_stat_activity where usename like ${`${database.prefix}\\_%`}`.execute(database.db);
    expect(connected.rows.map((row) => row.usename).sort()).toEqual(Object.values(roles.services).sort());
    const events = `${database.schema('event_store')}.events`;
    const rights = await sql<{ rolsuper: boolean; may_change: boolean }>`select rolsuper,
        has_table_privilege(rolname, ${events}, 'UPDATE') or has_table_privilege(rolname, ${events}, 'DELETE') or has_table_privilege(rolname, ${events}, 'TRUNCATE') as may_change
      from pg_roles where rolname = any(${Object.values(roles.services)})`.execute(database.db);
    expect(rights.rows).toEqual(Object.values(roles.services).map(() => ({ rolsuper: false, may_change: false })));
    expect(await verifyHistory(createEventStore({ db: database.db, schema: database.schema('event_store') }))).toMatchObject({ ok: true });
  });
});
