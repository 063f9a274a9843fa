import type { Kysely } from 'kysely';
import type { StoredEvent } from '@digit/contracts';
import { migrateSchema, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import { personalDataReadsProjection } from './personal-data-reads.read-model.js';
import { processingLogProjection } from './processing-log.read-model.js';
import type { PrivacyTables } from './privacy-tables.js';
import { registerProjection } from './register.read-model.js';
import { agentColumns, trainingProjection } from './training.read-model.js';

const BACKFILL_BATCH = 500;

/**
 * The privacy read models' migrations. 0001 is the schema as `create table if not exists` made
 * it before migrations existed, so databases holding it migrate cleanly; later changes are new
 * migrations.
 */
const PRIVACY_MIGRATIONS = {
  '0001_register_log_training': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('register_processings')
        .ifNotExists()
        .addColumn('insee', 'text', (column) => column.notNull())
        .addColumn('reference', 'text', (column) => column.notNull())
        .addColumn('processing', 'jsonb', (column) => column.notNull())
        .addPrimaryKeyConstraint('register_processings_pkey', ['insee', 'reference'])
        .execute();
      await db.schema
        .createTable('processing_log')
        .ifNotExists()
        .addColumn('check_id', 'text', (column) => column.primaryKey())
        .addColumn('insee', 'text', (column) => column.notNull())
        .addColumn('checked_on', 'date', (column) => column.notNull())
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addColumn('hash', 'text', (column) => column.notNull())
        .addColumn('entry', 'jsonb', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('processing_log_by_town_and_day')
        .ifNotExists()
        .on('processing_log')
        .columns(['insee', 'checked_on', 'position'])
        .execute();
      await db.schema
        .createTable('training_agents')
        .ifNotExists()
        .addColumn('agent_id', 'text', (column) => column.primaryKey())
        .addColumn('agent', 'jsonb', (column) => column.notNull())
        .execute();
    },
  },
  /** Issue 18: the agents due for training are read by key, a page at a time, not all then picked. */
  '0002_training_agents_by_due_date': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('training_agents')
        .addColumn('joined_on', 'date')
        .addColumn('left_on', 'date')
        .addColumn('due_on', 'date')
        .execute();
      const typed = db as Kysely<PrivacyTables>;
      for (let after = ''; ;) {
        const rows = await typed
          .selectFrom('training_agents')
          .select(['agent_id', 'agent'])
          .where('agent_id', '>', after)
          .orderBy('agent_id')
          .limit(BACKFILL_BATCH)
          .execute();
        for (const row of rows)
          await typed.updateTable('training_agents').set(agentColumns(row.agent)).where('agent_id', '=', row.agent_id).execute();
        if (rows.length < BACKFILL_BATCH) break;
        after = rows.at(-1)!.agent_id;
      }
      await db.schema
        .alterTable('training_agents')
        .alterColumn('joined_on', (column) => column.setNotNull())
        .execute();
      await db.schema
        .alterTable('training_agents')
        .alterColumn('due_on', (column) => column.setNotNull())
        .execute();
      await db.schema.createIndex('training_agents_by_due_on').on('training_agents').columns(['due_on', 'agent_id']).execute();
    },
  },
  /** Issue 15: the trace of reads in clear (R-GDPR-5), read by town and position. */
  '0003_personal_data_reads': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('personal_data_reads')
        .addColumn('read_id', 'text', (column) => column.primaryKey())
        .addColumn('insee', 'text')
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addColumn('entry', 'jsonb', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('personal_data_reads_by_town').on('personal_data_reads').columns(['insee', 'position']).execute();
    },
  },
};

export const migratePrivacyReadModels = (db: Database, schema: string): Promise<void> => migrateSchema(db, schema, PRIVACY_MIGRATIONS);

/**
 * The privacy read models fed by one subscription (one polling loop instead of three on a small
 * machine), each event applied to the models whose streams it belongs to, in one transaction.
 */
export const privacyReadModels = (schema: string): Projection => {
  const parts = [
    registerProjection(schema),
    processingLogProjection(schema),
    trainingProjection(schema),
    personalDataReadsProjection(schema),
  ];
  const wants = (part: Projection, event: StoredEvent) => part.streamPrefixes?.some((prefix) => event.streamId.startsWith(prefix)) ?? true;
  return {
    name: 'privacy:read_models',
    streamPrefixes: [...new Set(parts.flatMap((part) => part.streamPrefixes ?? []))],
    async apply(trx: DatabaseTransaction, event: StoredEvent) {
      for (const part of parts) if (wants(part, event)) await part.apply(trx, event);
    },
  };
};
