import { sql } from 'kysely';
import type { StoredEvent } from '@digit/contracts';
import { jsonText, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import { conventionDecider, type ConventionEvent, type ConventionState } from '../domain/index.js';

export const CONVENTION_STREAM_PREFIX = 'convention-';

/**
 * Read model: each town's convention state, folded from its events. The state keeps the whole
 * timeline (terms, contacts, notices), so "as of any date" is answered from it without
 * re-reading the store; dropping the table and replaying from position 0 gives the same rows.
 */
export const migrateConventionStates = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.convention_states`)} (
    insee text primary key,
    version integer not null,
    state jsonb not null
  )`.execute(db);
};

const inseeOf = (event: StoredEvent): string => event.streamId.slice(CONVENTION_STREAM_PREFIX.length);

export const conventionStatesProjection = (schema: string, name = 'conventions:convention_states'): Projection => ({
  name,
  streamPrefixes: [CONVENTION_STREAM_PREFIX],
  async apply(trx: DatabaseTransaction, event: StoredEvent) {
    const table = sql.table(`${schema}.convention_states`);
    const current = await sql<{ state: ConventionState }>`select state from ${table} where insee = ${inseeOf(event)} for update`.execute(trx);
    const next = conventionDecider.evolve(current.rows[0]?.state ?? conventionDecider.initialState, event as unknown as ConventionEvent);
    await sql`insert into ${table} (insee, version, state) values (${inseeOf(event)}, ${event.streamVersion}, ${jsonText(next)})
      on conflict (insee) do update set version = excluded.version, state = excluded.state`.execute(trx);
  },
});

export const loadConventionState = async (db: Database, schema: string, insee: string): Promise<ConventionState | undefined> => {
  const rows = await sql<{ state: ConventionState }>`select state from ${sql.table(`${schema}.convention_states`)} where insee = ${insee}`.execute(db);
  return rows.rows[0]?.state;
};

export const loadConventionStates = async (db: Database, schema: string): Promise<Map<string, ConventionState>> => {
  const rows = await sql<{ insee: string; state: ConventionState }>`select insee, state from ${sql.table(`${schema}.convention_states`)}`.execute(db);
  return new Map(rows.rows.map((row) => [row.insee, row.state]));
};
