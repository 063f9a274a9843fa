import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { migrateSchema, type Database } from '@digit/event-store';

/**
 * The versioned migrations of the service's read models (its schema `data_exchange`). The first
 * creates the tables as the service created them before migrations (`if not exists`), so an
 * existing database takes the later ones as they come.
 */
/** The one table a migration below writes rows of (its backfill), as it stood then. */
type MigrationDb = Kysely<{ metadata_records: { insee: string | null } }>;

const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_road_registry_and_datasets': {
    async up(db: MigrationDb) {
      await db.schema
        .createTable('road_orders')
        .ifNotExists()
        .addColumn('insee', 'text', (column) => column.notNull())
        .addColumn('order_id', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('reasons', 'jsonb', (column) => column.notNull())
        .addColumn('link', 'jsonb', (column) => column.notNull())
        .addColumn('road_id', 'text', (column) => column.notNull())
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('road_orders_pkey', ['insee', 'order_id'])
        .execute();
      await db.schema
        .createTable('road_changes')
        .ifNotExists()
        .addColumn('insee', 'text', (column) => column.notNull())
        .addColumn('road_id', 'text', (column) => column.notNull())
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addColumn('seq', 'integer', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('order_id', 'text', (column) => column.notNull())
        .addColumn('change', 'jsonb', (column) => column.notNull())
        .addPrimaryKeyConstraint('road_changes_pkey', ['position', 'seq'])
        .execute();
      await db.schema.createIndex('road_changes_by_town').ifNotExists().on('road_changes').columns(['insee', 'position', 'seq']).execute();
      await db.schema
        .createTable('datasets')
        .ifNotExists()
        .addColumn('dataset_id', 'text', (column) => column.primaryKey())
        .addColumn('insee', 'text', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('state', 'jsonb', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('metadata_records')
        .ifNotExists()
        .addColumn('identifier', 'text', (column) => column.primaryKey())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('record', 'jsonb')
        .execute();
    },
  },
  /**
   * Issue 18, lists read by key: a page of a town's roads by road id, the datasets by town then
   * id, and the catalogue narrowed to the territory's records and a town's own (`insee`).
   */
  '0002_paged_lists': {
    async up(db: MigrationDb) {
      await db.schema.createIndex('road_changes_by_road').on('road_changes').columns(['insee', 'road_id', 'kind']).execute();
      await db.schema.createIndex('datasets_by_town').on('datasets').columns(['insee', 'dataset_id']).execute();
      await db.schema.alterTable('metadata_records').addColumn('insee', 'text').execute();
      await db
        .updateTable('metadata_records')
        .set({ insee: sql`record -> 'scope' ->> 'insee'` })
        .execute();
    },
  },
};

export const migrateDataExchangeReadModels = (db: Database, schema: string): Promise<void> => migrateSchema(db, schema, MIGRATIONS);
