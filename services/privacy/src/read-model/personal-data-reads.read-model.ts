import { sql, type SqlBool } from 'kysely';
import { pageOf, type Insee, type Page, type PersonalDataReadView, type StoredEvent } from '@digit/contracts';
import { jsonText, schemaDb, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import { READ_STREAM_PREFIX, SUBJECT_RIGHTS_STREAM_PREFIX, type PersonalDataRead } from '../domain/index.js';
import type { PrivacyTables } from './privacy-tables.js';

/** Read model: the trace of reads in clear (R-GDPR-5), one row per read, by town and position; access exports are reads too. */
export const personalDataReadsProjection = (schema: string): Projection => ({
  name: 'privacy:personal_data_reads',
  streamPrefixes: [READ_STREAM_PREFIX, SUBJECT_RIGHTS_STREAM_PREFIX],
  async apply(trx: DatabaseTransaction, stored: StoredEvent) {
    if (stored.type !== 'PersonalDataRead') return;
    const { data } = stored as unknown as PersonalDataRead & StoredEvent;
    await schemaDb<PrivacyTables>(trx, schema)
      .insertInto('personal_data_reads')
      .values({ read_id: data.readId, insee: data.insee, position: stored.position.toString(), entry: jsonText(data) })
      .onConflict((conflict) => conflict.column('read_id').doNothing())
      .execute();
  },
});

/** A page of one town's reads (or DIGIT's own: `insee` null), oldest first, read by key. */
export const loadPersonalDataReadsPage = async (
  db: Database,
  schema: string,
  insee: Insee | null,
  page: { readonly limit: number; readonly after?: string },
): Promise<Page<PersonalDataReadView>> => {
  let query = schemaDb<PrivacyTables>(db, schema)
    .selectFrom('personal_data_reads')
    .select(['entry', 'position'])
    .where(insee === null ? sql<SqlBool>`insee is null` : sql<SqlBool>`insee = ${insee}`);
  if (page.after !== undefined) query = query.where('position', '>', page.after);
  const rows = await query
    .orderBy('position')
    .limit(page.limit + 1)
    .execute();
  return pageOf(
    rows.map((row) => ({ ...row.entry, position: String(row.position) })),
    page.limit,
    (read) => read.position,
  );
};
