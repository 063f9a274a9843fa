import { sql } from 'kysely';
import { migrateEventStore, schemaExists, type Database } from '@digit/event-store';
import { migrateSubjectKeys } from '@digit/personal-data';
import { schemaName, type ServiceConfig } from './service-config.js';

/**
 * The schemas each service owns: its read models and its processed messages (ARCHITECTURE.md);
 * the gateway's `identity` holds the embedded issuer's accounts and artefacts and the dashboard's
 * sessions (libs/identity); its `dashboard` schema the dashboard's read model of road orders; the history it reads for the auditors' routes and the seal anchor needs
 * no more than what every service is given below.
 */
export const SERVICE_SCHEMAS: Readonly<Record<string, readonly string[]>> = {
  conventions: ['conventions'],
  billing: ['billing'],
  'data-exchange': ['data_exchange'],
  support: ['support'],
  privacy: ['privacy'],
  gateway: ['identity', 'dashboard'],
};

export interface DatabaseRoles {
  /** Owns the event store and the personal-data keys: their DDL. Cannot log in; an admin acts as it. */
  readonly owner: string;
  /** Reads the history and the wrapped keys, changes nothing (`npm run audit`). */
  readonly auditor: string;
  /** The login role of each service, by service name. */
  readonly services: Readonly<Record<string, string>>;
}

/** `digit_conventions`, or `t1a2b3c4_digit_conventions` under a test's prefix (roles are the cluster's, not the database's). */
export const databaseRoleName = (config: Pick<ServiceConfig, 'schemaPrefix'>, name: string): string =>
  schemaName(config, `digit_${name.replace(/-/g, '_')}`);

/** The service's connection: the admin's URL with the service's role as user, no password (trust in development). */
export const serviceDatabaseUrl = (adminUrl: string, role: string): string => {
  const url = new URL(adminUrl);
  url.username = encodeURIComponent(role);
  url.password = '';
  return url.toString();
};

const id = (name: string) => sql.id(name);

/** Creates a role unless it exists; roles are the cluster's, so another database may be creating it at the same moment. */
const ensureRole = async (db: Database, role: string, login: boolean): Promise<void> => {
  const canLogin = async () =>
    (await sql<{ rolcanlogin: boolean }>`select rolcanlogin from pg_roles where rolname = ${role}`.execute(db)).rows[0]?.rolcanlogin;
  const loginClause = sql.raw(login ? 'login' : 'nologin');
  let existing = await canLogin();
  if (existing === undefined) {
    try {
      await sql`create role ${id(role)} ${loginClause}`.execute(db);
      return;
    } catch (error) {
      // 42710 duplicate_object, 23505 the catalog's unique index: the other creator won.
      const code = (error as { code?: unknown }).code;
      existing = await canLogin();
      if ((code !== '42710' && code !== '23505') || existing === undefined) throw error;
    }
  }
  if (existing !== login) await sql`alter role ${id(role)} ${loginClause}`.execute(db);
};

const RELATION_KINDS: Readonly<Record<string, string>> = {
  r: 'table',
  p: 'table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
  S: 'sequence',
};

/**
 * Gives a schema and everything in it to `role` (databases made before the roles existed belong
 * to whoever first connected). Tables first: their sequences follow them.
 */
const giveSchema = async (db: Database, schema: string, role: string): Promise<void> => {
  await sql`alter schema ${id(schema)} owner to ${id(role)}`.execute(db);
  for (const kinds of [['r', 'p', 'v', 'm', 'f'], ['S']]) {
    const { rows } = await sql<{ name: string; kind: string }>`
      select c.relname as name, c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relkind = any(${kinds}) and c.relowner <> ${role}::regrole`.execute(db);
    for (const row of rows)
      await sql`alter ${sql.raw(RELATION_KINDS[row.kind]!)} ${sql.id(schema, row.name)} owner to ${id(role)}`.execute(db);
  }
  const functions = await sql<{ signature: string }>`
    select p.oid::regprocedure::text as signature from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = ${schema} and p.proowner <> ${role}::regrole`.execute(db);
  for (const { signature } of functions.rows) await sql`alter function ${sql.raw(signature)} owner to ${id(role)}`.execute(db);
};

const tableIn = async (db: Database, schema: string, table: string): Promise<boolean> =>
  (await sql`select to_regclass(${`${quote(schema)}.${quote(table)}`}) is not null as found`.execute(db)).rows.some(
    (row) => (row as { found: boolean }).found,
  );

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** What services and the auditor may do in the shared schemas: append and read, never change history. */
const grantSharedAccess = async (
  db: Database,
  storeSchema: string,
  keysSchema: string,
  services: readonly string[],
  auditor: string,
): Promise<void> => {
  const readers = [...services, auditor].map(id);
  const writers = services.map(id);
  const table = (schema: string, name: string) => sql.table(`${schema}.${name}`);
  await sql`grant usage on schema ${id(storeSchema)}, ${id(keysSchema)} to ${sql.join(readers)}`.execute(db);
  await sql`grant select on ${table(storeSchema, 'events')}, ${table(storeSchema, 'checkpoints')} to ${sql.join(readers)}`.execute(db);
  for (const migrations of ['kysely_migration', 'kysely_migration_lock']) {
    if (await tableIn(db, storeSchema, migrations))
      await sql`grant select on ${table(storeSchema, migrations)} to ${sql.join(readers)}`.execute(db);
  }
  await sql`grant select on ${table(keysSchema, 'subject_keys')}, ${table(keysSchema, 'person_index')} to ${sql.join(readers)}`.execute(db);
  if (writers.length === 0) return;
  await sql`grant insert on ${table(storeSchema, 'events')} to ${sql.join(writers)}`.execute(db);
  await sql`grant insert, update on ${table(storeSchema, 'checkpoints')} to ${sql.join(writers)}`.execute(db);
  // append_events draws positions (nextval, setval) in the caller's rights.
  await sql`grant usage, update on all sequences in schema ${id(storeSchema)} to ${sql.join(writers)}`.execute(db);
  await sql`grant execute on all functions in schema ${id(storeSchema)} to ${sql.join(writers)}`.execute(db);
  // Keys are created with their first sealed event and destroyed (set to null) by an erasure: never deleted.
  await sql`grant insert, update on ${table(keysSchema, 'subject_keys')} to ${sql.join(writers)}`.execute(db);
  // The person index holds keyed hashes only; an erasure deletes the erased person's rows.
  await sql`grant insert, delete on ${table(keysSchema, 'person_index')} to ${sql.join(writers)}`.execute(db);
};

/**
 * Brings the database to its least-privilege shape, once per start, from a superuser's (or a
 * CREATEROLE owner's) connection; idempotent, and safe when several processes run it at once:
 * - an owner role (no login) owns the event store and the personal-data keys, and runs their
 *   migrations (here, as it: services cannot);
 * - each service logs in as its own role: it may INSERT into and SELECT the events table (through
 *   `append_events`), move its checkpoints, create and use personal-data keys, and own its own
 *   read-model schemas; it may never UPDATE, DELETE or TRUNCATE events;
 * - an auditor role reads the history and the keys.
 * Schemas made before (by whoever connected first) are handed to their owners.
 */
export const ensureDatabaseRoles = async (
  db: Database,
  options: { readonly schemaPrefix?: string; readonly services?: Readonly<Record<string, readonly string[]>> } = {},
): Promise<DatabaseRoles> => {
  const config = { schemaPrefix: options.schemaPrefix ?? '' };
  const serviceSchemas = options.services ?? SERVICE_SCHEMAS;
  const roles: DatabaseRoles = {
    owner: databaseRoleName(config, 'owner'),
    auditor: databaseRoleName(config, 'auditor'),
    services: Object.fromEntries(Object.keys(serviceSchemas).map((service) => [service, databaseRoleName(config, service)])),
  };
  const storeSchema = schemaName(config, 'event_store');
  const keysSchema = schemaName(config, 'personal_data');
  await db.connection().execute(async (connection) => {
    const { rows } = await sql<{
      rolsuper: boolean;
      rolcreaterole: boolean;
    }>`select rolsuper, rolcreaterole from pg_roles where rolname = current_user`.execute(connection);
    if (!rows[0]?.rolsuper && !rows[0]?.rolcreaterole)
      throw new Error('ensureDatabaseRoles needs a superuser or a CREATEROLE connection (DATABASE_URL of an administrator)');
    const lock = `digit-database-roles:${config.schemaPrefix}`;
    await sql`select pg_advisory_lock(hashtext(${lock}))`.execute(connection);
    try {
      await ensureRole(connection, roles.owner, false);
      await ensureRole(connection, roles.auditor, true);
      for (const role of Object.values(roles.services)) await ensureRole(connection, role, true);
      if (!rows[0].rolsuper) await sql`grant ${id(roles.owner)} to current_user`.execute(connection);
      const database = sql.raw(quote((await sql<{ name: string }>`select current_database() as name`.execute(connection)).rows[0]!.name));
      // Services create their own schemas (`create schema if not exists`, which PostgreSQL checks
      // against the database even when the schema is there); nothing of the shared schemas.
      await sql`grant connect, create on database ${database} to ${id(roles.owner)}, ${sql.join(Object.values(roles.services).map(id))}`.execute(
        connection,
      );
      await sql`grant connect on database ${database} to ${id(roles.auditor)}`.execute(connection);
      for (const schema of [storeSchema, keysSchema])
        if (await schemaExists(connection, schema)) await giveSchema(connection, schema, roles.owner);
      await sql`set role ${id(roles.owner)}`.execute(connection);
      try {
        await migrateEventStore(connection, storeSchema);
        await migrateSubjectKeys(connection, keysSchema);
      } finally {
        await sql`reset role`.execute(connection);
      }
      for (const [service, schemas] of Object.entries(serviceSchemas)) {
        for (const schema of schemas.map((name) => schemaName(config, name))) {
          if (await schemaExists(connection, schema)) await giveSchema(connection, schema, roles.services[service]!);
          else await sql`create schema ${id(schema)} authorization ${id(roles.services[service]!)}`.execute(connection);
        }
      }
      await grantSharedAccess(connection, storeSchema, keysSchema, Object.values(roles.services), roles.auditor);
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${lock}))`.execute(connection);
    }
  });
  return roles;
};
