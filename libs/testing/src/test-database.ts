import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

export interface TestDatabase {
  /** Tables are created per test under `schema(...)`: query them with `sql` templates. */
  readonly db: Kysely<Record<string, never>>;
  readonly url: string;
  /** A schema name private to this test: `schema('conventions')` → `t3f9a1c_conventions` (roles too; dropped with it). */
  schema(name: string): string;
  readonly prefix: string;
  drop(): Promise<void>;
}

export const testDatabaseUrl = (): string => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The real PostgreSQL of the machine, with schemas no other test uses (dropped afterwards). */
export const createTestDatabase = async (): Promise<TestDatabase> => {
  const url = testDatabaseUrl();
  const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }) });
  const prefix = `t${randomBytes(4).toString('hex')}`;
  return {
    db,
    url,
    prefix,
    schema: (name) => `${prefix}_${name}`,
    async drop() {
      const schemas = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname like ${`${prefix}\\_%`}`.execute(db);
      for (const { nspname } of schemas.rows) await sql`drop schema ${sql.id(nspname)} cascade`.execute(db);
      // Roles are the cluster's: a test's are named after its prefix (libs/runtime databaseRoleName).
      const roles = await sql<{ rolname: string }>`select rolname from pg_roles where rolname like ${`${prefix}\\_%`}`.execute(db);
      for (const { rolname } of roles.rows) {
        await sql`drop owned by ${sql.id(rolname)}`.execute(db);
        await sql`drop role ${sql.id(rolname)}`.execute(db);
      }
      await db.destroy();
    },
  };
};
