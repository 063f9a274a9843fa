import { sql, type SqlBool } from 'kysely';
import { pageOf, type Insee, type Page, type StoredEvent } from '@digit/contracts';
import { jsonText, schemaDb, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import { registerDecider, type RegisteredProcessing, type RegisterEvent } from '../domain/index.js';
import type { PrivacyTables } from './privacy-tables.js';

export const REGISTER_STREAM_PREFIX = 'dpd-register-';

/** Read model: each town's register, one row per processing, as its DPD last left it (R-GDPR-1). */
export const registerProjection = (schema: string): Projection => ({
  name: 'privacy:register_processings',
  streamPrefixes: [REGISTER_STREAM_PREFIX],
  async apply(trx: DatabaseTransaction, stored: StoredEvent) {
    const event = stored as unknown as RegisterEvent;
    const { insee, reference } = event.data;
    const db = schemaDb<PrivacyTables>(trx, schema);
    const current = await db
      .selectFrom('register_processings')
      .select('processing')
      .where('insee', '=', insee)
      .where('reference', '=', reference)
      .forUpdate()
      .executeTakeFirst();
    // The decider's evolve on a register holding only this processing gives its next row.
    const state = { insee, processings: new Map(current ? [[reference, current.processing]] : []) };
    const next = registerDecider.evolve(state, event).processings.get(reference);
    if (!next) return;
    const processing = jsonText(next);
    await db
      .insertInto('register_processings')
      .values({ insee, reference, processing })
      .onConflict((conflict) => conflict.columns(['insee', 'reference']).doUpdateSet({ processing }))
      .execute();
  },
});

/** References may hold `/`: the cursor carries them in base64url, which the paging cursor alphabet accepts. */
const cursorOf = (processing: RegisteredProcessing): string => Buffer.from(processing.reference).toString('base64url');
const referenceAfter = (cursor: string): string => Buffer.from(cursor, 'base64url').toString();

/** A page of a town's register by reference, read by key (`limit + 1` rows). */
export const loadRegisterPage = async (
  db: Database,
  schema: string,
  insee: Insee,
  page: { readonly limit: number; readonly after?: string },
): Promise<Page<RegisteredProcessing>> => {
  let query = schemaDb<PrivacyTables>(db, schema).selectFrom('register_processings').select('processing').where('insee', '=', insee);
  if (page.after !== undefined) query = query.where('reference', '>', referenceAfter(page.after));
  const rows = await query
    .orderBy('reference')
    .limit(page.limit + 1)
    .execute();
  return pageOf(
    rows.map((row) => row.processing),
    page.limit,
    cursorOf,
  );
};

export const loadProcessing = async (
  db: Database,
  schema: string,
  insee: Insee,
  reference: string,
): Promise<RegisteredProcessing | undefined> => {
  const row = await schemaDb<PrivacyTables>(db, schema)
    .selectFrom('register_processings')
    .select('processing')
    .where('insee', '=', insee)
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row?.processing;
};

/** Processings still draft, of one town or all, by town and reference (at most `limit`). */
export const loadDraftProcessings = async (
  db: Database,
  schema: string,
  insee: Insee | undefined,
  limit: number,
): Promise<{ insee: Insee; processing: RegisteredProcessing }[]> => {
  let query = schemaDb<PrivacyTables>(db, schema)
    .selectFrom('register_processings')
    .select(['insee', 'processing'])
    .where(sql<SqlBool>`processing->>'status' = 'draft'`);
  if (insee !== undefined) query = query.where('insee', '=', insee);
  const rows = await query.orderBy('insee').orderBy('reference').limit(limit).execute();
  return rows.map((row) => ({ insee: row.insee as Insee, processing: row.processing }));
};

/** The town's validated processings, by reference: the purposes a read in clear may state (R-GDPR-5). */
export const loadValidatedProcessings = async (db: Database, schema: string, insee: Insee): Promise<RegisteredProcessing[]> => {
  const rows = await schemaDb<PrivacyTables>(db, schema)
    .selectFrom('register_processings')
    .select('processing')
    .where('insee', '=', insee)
    .where(sql<SqlBool>`processing->>'status' = 'validated'`)
    .orderBy('reference')
    .execute();
  return rows.map((row) => row.processing);
};

/** Towns' validated processings with a retention period, by town (art. 5(1)(e)): what the retention scheduler applies. */
export const loadRetentionRules = async (db: Database, schema: string, insee?: Insee): Promise<Map<Insee, RegisteredProcessing[]>> => {
  let query = schemaDb<PrivacyTables>(db, schema)
    .selectFrom('register_processings')
    .select(['insee', 'processing'])
    .where(sql<SqlBool>`processing->>'status' = 'validated' and jsonb_typeof(processing->'retention') = 'object'`);
  if (insee !== undefined) query = query.where('insee', '=', insee);
  const rules = new Map<Insee, RegisteredProcessing[]>();
  for (const row of await query.orderBy('insee').orderBy('reference').execute()) {
    rules.set(row.insee as Insee, [...(rules.get(row.insee as Insee) ?? []), row.processing]);
  }
  return rules;
};
