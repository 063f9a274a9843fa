import { sql, type Kysely } from 'kysely';

/**
 * What an attacker with the database's superuser rights does before rewriting history: switch off
 * the events table's append-only triggers (event-store.migrations.ts). Tests of tamper evidence
 * start here, since what they check (the hash chain, the anchored seals) is what catches such an
 * attacker; a mistaken script never gets this far.
 */
export const allowHistoryRewrite = async <Tables>(db: Kysely<Tables>, eventStoreSchema: string): Promise<void> => {
  const events = sql.table(`${eventStoreSchema}.events`);
  await sql`alter table ${events} disable trigger events_append_only`.execute(db);
  await sql`alter table ${events} disable trigger events_never_truncated`.execute(db);
};
