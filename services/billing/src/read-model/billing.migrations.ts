import { sql, type Kysely } from 'kysely';
import { jsonText, migrateSchema, schemaDb, type Database } from '@digit/event-store';
import { listsOfStream } from './billing-lists.js';
import type { BillingTables } from './billing.tables.js';

const BACKFILL_BATCH = 200;

/**
 * The billing read models' migrations. 0001 is the schema as `create table if not exists` made it
 * before migrations existed, so databases holding it migrate cleanly; later changes are new
 * migrations.
 */
const BILLING_MIGRATIONS = {
  '0001_conventions_streams_rejections': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('convention_events')
        .ifNotExists()
        .addColumn('insee', 'text', (column) => column.notNull())
        .addColumn('stream_version', 'integer', (column) => column.notNull())
        .addColumn('event_id', 'text', (column) => column.notNull().unique())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('data', 'jsonb', (column) => column.notNull())
        .addColumn('recorded_at', 'timestamptz', (column) => column.notNull())
        .addPrimaryKeyConstraint('convention_events_pkey', ['insee', 'stream_version'])
        .execute();
      await db.schema
        .createTable('billing_streams')
        .ifNotExists()
        .addColumn('stream_id', 'text', (column) => column.primaryKey())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('state', 'jsonb', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('rejections')
        .ifNotExists()
        .addColumn('source', 'text', (column) => column.notNull())
        .addColumn('reference', 'text', (column) => column.notNull())
        .addColumn('code', 'text', (column) => column.notNull())
        .addColumn('message', 'text', (column) => column.notNull())
        .addColumn('details', 'jsonb', (column) => column.notNull())
        .addColumn('rejected_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('rejections_pkey', ['source', 'reference'])
        .execute();
    },
  },
  /**
   * Issue 18: every list is read a page at a time by key. Rejections get a sequence (existing rows
   * numbered in their table order); the lists inside billing streams (a town's charges and
   * regularisations, its rate reviews, the investment register) get one row per item, filled from
   * the stream states already folded.
   */
  '0002_paged_lists': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('rejections').addColumn('seq', 'bigserial').execute();
      await db.schema.createIndex('rejections_by_seq').unique().on('rejections').column('seq').execute();
      await db.schema
        .createTable('billing_list_items')
        .addColumn('list', 'text', (column) => column.notNull())
        .addColumn('rank', 'integer', (column) => column.notNull())
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('item', 'jsonb', (column) => column.notNull())
        .addPrimaryKeyConstraint('billing_list_items_pkey', ['list', 'rank'])
        .execute();
      await db.schema.createIndex('billing_list_items_by_key').unique().on('billing_list_items').columns(['list', 'key']).execute();
      const typed = db as unknown as Kysely<BillingTables>;
      for (let after = ''; ;) {
        const rows = await typed
          .selectFrom('billing_streams')
          .select(['stream_id', 'state'])
          .where('stream_id', '>', after)
          .orderBy('stream_id')
          .limit(BACKFILL_BATCH)
          .execute();
        for (const row of rows) {
          for (const { list, items } of listsOfStream(row.stream_id, row.state)) {
            const values = items.map((item, index) => ({ list, rank: index + 1, key: item.key, item: jsonText(item.value) }));
            if (values.length > 0) await typed.insertInto('billing_list_items').values(values).execute();
          }
        }
        if (rows.length < BACKFILL_BATCH) break;
        after = rows.at(-1)!.stream_id;
      }
    },
  },
};

export const migrateBillingReadModels = (db: Database, schema: string): Promise<void> => migrateSchema(db, schema, BILLING_MIGRATIONS);

/** The billing read models, typed, in `schema` (outside or inside a transaction). */
export const billingDb = (db: Database, schema: string): Kysely<BillingTables> => schemaDb<BillingTables>(db, schema);
