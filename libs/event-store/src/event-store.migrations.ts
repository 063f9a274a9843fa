import { sql } from 'kysely';
import type { Database } from './database.js';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';

/** Migrations live in code so that a build carries them; names sort in order of application. */
const migrations: Record<string, Migration> = {
  '0001_events_and_checkpoints': {
    async up(db: Database) {
      await db.schema
        .createTable('events')
        .addColumn('position', 'bigserial', (col) => col.primaryKey())
        .addColumn('event_id', 'uuid', (col) => col.notNull().unique())
        .addColumn('stream_id', 'text', (col) => col.notNull())
        .addColumn('stream_version', 'integer', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('schema_version', 'integer', (col) => col.notNull())
        .addColumn('data', 'jsonb', (col) => col.notNull())
        .addColumn('metadata', 'jsonb', (col) => col.notNull())
        .addColumn('recorded_at', 'timestamptz', (col) => col.notNull())
        .addColumn('hash', 'text', (col) => col.notNull())
        .addColumn('chain_hash', 'text', (col) => col.notNull())
        // The optimistic-concurrency guard of last resort (the append lock is the first).
        .addUniqueConstraint('events_stream_version_unique', ['stream_id', 'stream_version'])
        .execute();
      await db.schema
        .createTable('checkpoints')
        .addColumn('subscriber', 'text', (col) => col.primaryKey())
        .addColumn('position', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Kysely's migrator looks for its tables by listing every table of the database; a schema that
 * another process drops meanwhile (tests drop theirs) fails that listing. Such a failure is
 * worth another try; one about our own schema is not.
 */
const isConcurrentDrop = (error: unknown, schema: string): boolean => {
  const match = /schema "([^"]+)" does not exist/.exec(String(error));
  return match !== null && match[1] !== schema;
};

/** Creates the schema if needed and applies pending migrations; safe to call from every service at start. */
export const migrateEventStore = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const migrator = new Migrator({
    db: db.withSchema(schema),
    provider,
    migrationTableSchema: schema,
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((result) => result.status === 'Error');
    if (!error && !failed) return;
    if (attempt < 5 && !failed && isConcurrentDrop(error, schema)) continue;
    throw new Error(`event store migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
};
