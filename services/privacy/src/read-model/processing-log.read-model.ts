import { sql } from 'kysely';
import { parisDateOf } from '@digit/calendar';
import { pageOf, type Insee, type Page, type StoredEvent } from '@digit/contracts';
import { jsonText, schemaDb, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import type { LogPeriod, PersonalDataChecked, PersonalDataCheckedData } from '../domain/index.js';
import type { PrivacyTables } from './privacy-tables.js';

export const PROCESSING_LOG_STREAM_PREFIX = 'privacy-log-';

/**
 * Read model: the GDPR processing log (R-GDPR-2), one row per check, indexed by town and
 * Paris calendar day so that a DPD's period query reads only its rows. The events stay the
 * record of authority: position and hash point back to them.
 */
export const processingLogProjection = (schema: string): Projection => ({
  name: 'privacy:processing_log',
  streamPrefixes: [PROCESSING_LOG_STREAM_PREFIX],
  async apply(trx: DatabaseTransaction, stored: StoredEvent) {
    if (stored.type !== 'PersonalDataChecked') return;
    const { data } = stored as unknown as PersonalDataChecked & StoredEvent;
    await schemaDb<PrivacyTables>(trx, schema)
      .insertInto('processing_log')
      .values({
        check_id: data.checkId,
        insee: data.insee,
        checked_on: parisDateOf(data.checkedAt),
        position: stored.position.toString(),
        hash: stored.hash,
        entry: jsonText(data),
      })
      .onConflict((conflict) => conflict.column('check_id').doNothing())
      .execute();
  },
});

export interface ProcessingLogEntry extends PersonalDataCheckedData {
  /** Where the check sits in the hash-linked history, for an auditor to verify it. */
  readonly position: string;
  readonly hash: string;
}

/**
 * A page of a town's checks of a period (Paris calendar days, both ends included), in the order
 * they were made: by position, after the cursor, `limit + 1` rows read through the town-and-day index.
 */
export const loadProcessingLogPage = async (
  db: Database,
  schema: string,
  insee: Insee,
  period: LogPeriod,
  page: { readonly limit: number; readonly after?: string },
): Promise<Page<ProcessingLogEntry>> => {
  let query = schemaDb<PrivacyTables>(db, schema)
    .selectFrom('processing_log')
    .select(['entry', 'position', 'hash'])
    .where('insee', '=', insee);
  if (period.from !== undefined) query = query.where('checked_on', '>=', period.from);
  if (period.to !== undefined) query = query.where('checked_on', '<=', period.to);
  if (page.after !== undefined) query = query.where('position', '>', page.after);
  const rows = await query
    .orderBy('position')
    .limit(page.limit + 1)
    .execute();
  return pageOf(
    rows.map((row) => ({ ...row.entry, position: String(row.position), hash: row.hash })),
    page.limit,
    (entry) => entry.position,
  );
};

/** At most this many items are looked at for alerts, so that the answer fits one NATS message. */
export const ALERT_CANDIDATES = 500;

/**
 * The latest check of each item (kind and id) made between `from` and `to` (Paris days, both
 * included), of one town or all: whether its data is still held (R-GDPR-2).
 */
export const latestChecksOfItems = async (
  db: Database,
  schema: string,
  period: { readonly from: string; readonly to: string },
  insee: Insee | undefined,
): Promise<PersonalDataCheckedData[]> => {
  let query = schemaDb<PrivacyTables>(db, schema)
    .selectFrom('processing_log')
    .distinctOn(['insee', sql`entry->'item'->>'kind'`, sql`entry->'item'->>'id'`])
    .select('entry')
    .where('checked_on', '>=', period.from)
    .where('checked_on', '<=', period.to);
  if (insee !== undefined) query = query.where('insee', '=', insee);
  const rows = await query
    .orderBy('insee')
    .orderBy(sql`entry->'item'->>'kind'`)
    .orderBy(sql`entry->'item'->>'id'`)
    .orderBy('position', 'desc')
    .limit(ALERT_CANDIDATES)
    .execute();
  return rows.map((row) => row.entry);
};
