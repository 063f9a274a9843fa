import { sql } from 'kysely';
import type { Insee, StoredEvent } from '@digit/contracts';
import { jsonText, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import { parisDateOf, type LogPeriod, type PersonalDataChecked, type PersonalDataCheckedData } from '../domain/index.js';

export const PROCESSING_LOG_STREAM_PREFIX = 'privacy-log-';

/**
 * Read model: the GDPR processing log (R-GDPR-2), one row per check, indexed by town and
 * Paris calendar day so that a DPD's period query reads only its rows. The events stay the
 * record of authority: position and hash point back to them.
 */
export const migrateProcessingLog = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.processing_log`)} (
    check_id text primary key,
    insee text not null,
    checked_on date not null,
    position bigint not null,
    hash text not null,
    entry jsonb not null
  )`.execute(db);
  await sql`create index if not exists processing_log_by_town_and_day on ${sql.table(`${schema}.processing_log`)} (insee, checked_on, position)`.execute(db);
};

export const processingLogProjection = (schema: string): Projection => ({
  name: 'privacy:processing_log',
  streamPrefixes: [PROCESSING_LOG_STREAM_PREFIX],
  async apply(trx: DatabaseTransaction, stored: StoredEvent) {
    if (stored.type !== 'PersonalDataChecked') return;
    const { data } = stored as unknown as PersonalDataChecked & StoredEvent;
    await sql`insert into ${sql.table(`${schema}.processing_log`)} (check_id, insee, checked_on, position, hash, entry)
      values (${data.checkId}, ${data.insee}, ${parisDateOf(data.checkedAt)}, ${stored.position.toString()}, ${stored.hash}, ${jsonText(data)})
      on conflict (check_id) do nothing`.execute(trx);
  },
});

export interface ProcessingLogEntry extends PersonalDataCheckedData {
  /** Where the check sits in the hash-linked history, for an auditor to verify it. */
  readonly position: string;
  readonly hash: string;
}

/** A town's checks of a period (Paris calendar days, both ends included), in the order they were made. */
export const loadProcessingLog = async (db: Database, schema: string, insee: Insee, period: LogPeriod): Promise<ProcessingLogEntry[]> => {
  const rows = await sql<{ entry: PersonalDataCheckedData; position: string; hash: string }>`select entry, position, hash
    from ${sql.table(`${schema}.processing_log`)}
    where insee = ${insee}
      and (${period.from ?? null}::date is null or checked_on >= ${period.from ?? null}::date)
      and (${period.to ?? null}::date is null or checked_on <= ${period.to ?? null}::date)
    order by position`.execute(db);
  return rows.rows.map((row) => ({ ...row.entry, position: String(row.position), hash: row.hash }));
};
