import { sql } from 'kysely';
import type { Insee, StoredEvent } from '@digit/contracts';
import { jsonText, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import { registerDecider, type RegisteredProcessing, type RegisterEvent } from '../domain/index.js';

export const REGISTER_STREAM_PREFIX = 'dpd-register-';

/** Read model: each town's register, one row per processing, as its DPD last left it (R-GDPR-1). */
export const migrateRegister = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.register_processings`)} (
    insee text not null,
    reference text not null,
    processing jsonb not null,
    primary key (insee, reference)
  )`.execute(db);
};

export const registerProjection = (schema: string): Projection => ({
  name: 'privacy:register_processings',
  streamPrefixes: [REGISTER_STREAM_PREFIX],
  async apply(trx: DatabaseTransaction, stored: StoredEvent) {
    const event = stored as unknown as RegisterEvent;
    const { insee, reference } = event.data;
    const table = sql.table(`${schema}.register_processings`);
    const current = await sql<{ processing: RegisteredProcessing }>`select processing from ${table}
      where insee = ${insee} and reference = ${reference} for update`.execute(trx);
    const existing = current.rows[0]?.processing;
    // The decider's evolve on a register holding only this processing gives its next row.
    const state = { insee, processings: new Map(existing ? [[reference, existing]] : []) };
    const next = registerDecider.evolve(state, event).processings.get(reference);
    if (!next) return;
    await sql`insert into ${table} (insee, reference, processing) values (${insee}, ${reference}, ${jsonText(next)})
      on conflict (insee, reference) do update set processing = excluded.processing`.execute(trx);
  },
});

export const loadRegister = async (db: Database, schema: string, insee: Insee): Promise<RegisteredProcessing[]> => {
  const rows = await sql<{ processing: RegisteredProcessing }>`select processing from ${sql.table(`${schema}.register_processings`)}
    where insee = ${insee} order by reference`.execute(db);
  return rows.rows.map((row) => row.processing);
};

export const loadProcessing = async (db: Database, schema: string, insee: Insee, reference: string): Promise<RegisteredProcessing | undefined> => {
  const rows = await sql<{ processing: RegisteredProcessing }>`select processing from ${sql.table(`${schema}.register_processings`)}
    where insee = ${insee} and reference = ${reference}`.execute(db);
  return rows.rows[0]?.processing;
};
