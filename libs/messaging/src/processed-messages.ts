import { sql } from 'kysely';
import type { Database, DatabaseTransaction } from '@digit/event-store';

/** The table that makes handlers idempotent; lives in the consuming service's own schema. */
export const migrateProcessedMessages = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.processed_messages`)} (
    consumer text not null,
    message_id text not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, message_id)
  )`.execute(db);
};

/**
 * Runs `effect` once per (consumer, message id): the id is recorded in the same transaction
 * as the effect, so a redelivery after a crash either finds both or neither.
 * Returns false when the message had already been processed.
 */
export const processOnce = (
  db: Database,
  schema: string,
  consumer: string,
  messageId: string,
  effect: (trx: DatabaseTransaction) => Promise<void>,
): Promise<boolean> =>
  db.transaction().execute(async (trx) => {
    const inserted = await sql`insert into ${sql.table(`${schema}.processed_messages`)} (consumer, message_id)
      values (${consumer}, ${messageId}) on conflict do nothing returning message_id`.execute(trx);
    if (inserted.rows.length === 0) return false;
    await effect(trx);
    return true;
  });
