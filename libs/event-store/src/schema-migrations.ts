import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import type { Database } from './database.js';

/**
 * A service's read models in its own schema, typed: `Kysely<Tables>` bound to the schema that the
 * run names (a prefix per test run), so queries are checked against `Tables` by the compiler.
 */
export const schemaDb = <Tables>(db: Database, schema: string): Kysely<Tables> => db.withSchema(schema) as Kysely<Tables>;

/** A schema another process drops meanwhile (tests drop theirs) can fail Kysely's table listing: worth another try. */
const isOtherSchemaDropped = (error: unknown, schema: string): boolean => {
  const match = /schema "([^"]+)" does not exist/.exec(String(error));
  return match !== null && match[1] !== schema;
};

/**
 * Creates `schema` if needed and applies its pending migrations in name order (Kysely's migrator,
 * its bookkeeping tables in the same schema): a read model's later column reaches databases that
 * already hold the table, which `create table if not exists` never does. Safe from every copy at start.
 */
export const migrateSchema = async (db: Database, schema: string, migrations: Readonly<Record<string, Migration>>): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const migrator = new Migrator({
    db: db.withSchema(schema),
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableSchema: schema,
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((result) => result.status === 'Error');
    if (!error && !failed) return;
    if (attempt < 5 && !failed && isOtherSchemaDropped(error, schema)) continue;
    throw new Error(`migration of schema ${schema} failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
};
