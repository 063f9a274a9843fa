import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { migrateSchema, type Database } from '@digit/event-store';

/** The one table a migration below writes rows of (its backfill), as it stood then. */
type MigrationDb = Kysely<{ tickets: { breach_recorded: boolean } }>;

/** Each aggregate's table as the service created it before migrations: one row per stream, its view and its columns. */
const VIEW_TABLES: Readonly<
  Record<string, readonly (readonly [name: string, type: 'text' | 'timestamptz' | 'date' | 'boolean' | 'jsonb', notNull: boolean])[]>
> = {
  tickets: [
    ['insee', 'text', true],
    ['status', 'text', true],
    ['received_at', 'timestamptz', true],
    ['next_deadline_check_at', 'timestamptz', false],
    ['privacy_check_pending', 'boolean', true],
  ],
  projects: [
    ['insee', 'text', true],
    ['status', 'text', true],
    ['opened_at', 'timestamptz', true],
  ],
  maintenance_notices: [
    ['status', 'text', true],
    ['planned_start', 'timestamptz', true],
    ['recipients', 'jsonb', true],
  ],
  sessions: [
    ['kind', 'text', true],
    ['status', 'text', true],
    ['starts_at', 'timestamptz', true],
    ['towns', 'jsonb', true],
  ],
  committees: [
    ['kind', 'text', true],
    ['insee', 'text', false],
    ['meeting_date', 'date', true],
  ],
  disputes: [
    ['insee', 'text', true],
    ['status', 'text', true],
    ['opened_on', 'date', true],
  ],
};

/**
 * The versioned migrations of the support read models (schema `support`). The first creates the
 * tables exactly as `create table if not exists` made them, so a database holding them takes the
 * later ones as they come.
 */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_support_views': {
    async up(db: MigrationDb) {
      for (const [table, columns] of Object.entries(VIEW_TABLES)) {
        let create = db.schema
          .createTable(table)
          .ifNotExists()
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('version', 'integer', (column) => column.notNull())
          .addColumn('view', 'jsonb', (column) => column.notNull());
        for (const [name, type, notNull] of columns)
          create = create.addColumn(name, type, (column) => (notNull ? column.notNull() : column));
        await create.execute();
      }
    },
  },
  /**
   * Issue 18, lists read by key: each list in its order (latest first, then id), and the ticket
   * list's `breached` filter in SQL (a recorded breach, or the next due time passed).
   */
  '0002_paged_lists': {
    async up(db: MigrationDb) {
      await db.schema
        .alterTable('tickets')
        .addColumn('breach_recorded', 'boolean', (column) => column.notNull().defaultTo(false))
        .execute();
      await db
        .updateTable('tickets')
        .set({ breach_recorded: sql`jsonb_array_length(view -> 'breaches') > 0` })
        .execute();
      const byKey = async (name: string, table: string, columns: readonly string[]) =>
        db.schema
          .createIndex(name)
          .on(table)
          .expression(sql.raw(columns.join(', ')))
          .execute();
      await byKey('tickets_by_receipt', 'tickets', ['received_at desc', 'id']);
      await byKey('tickets_by_town', 'tickets', ['insee', 'received_at desc', 'id']);
      await byKey('tickets_by_next_check', 'tickets', ['next_deadline_check_at']);
      await byKey('projects_by_town', 'projects', ['insee', 'opened_at desc', 'id']);
      await byKey('projects_by_opening', 'projects', ['opened_at desc', 'id']);
      await byKey('maintenance_notices_by_start', 'maintenance_notices', ['planned_start desc', 'id']);
      await byKey('sessions_by_start', 'sessions', ['starts_at desc', 'id']);
      await byKey('committees_by_date', 'committees', ['meeting_date desc', 'id']);
      await byKey('disputes_by_town', 'disputes', ['insee', 'opened_on desc', 'id']);
      await byKey('disputes_by_opening', 'disputes', ['opened_on desc', 'id']);
    },
  },
};

export const migrateSupportReadModels = (db: Database, schema: string): Promise<void> => migrateSchema(db, schema, MIGRATIONS);
