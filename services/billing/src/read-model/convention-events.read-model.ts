import { sql } from 'kysely';
import type { PublishedEvent } from '@digit/contracts';
import { jsonText, type Database, type DatabaseTransaction } from '@digit/event-store';
import type { ConventionFact } from '../domain/index.js';

/**
 * Read model fed by the conventions service's domain events on NATS (never by its tables): each
 * town's convention events as received, keyed by stream version so that redeliveries and
 * out-of-order deliveries leave one row per event. The terms timeline is computed from them
 * (domain/convention-terms-timeline.ts); event types billing does not use are kept all the same.
 */
const CONVENTION_STREAM_PREFIX = 'convention-';

export const migrateConventionEvents = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.convention_events`)} (
    insee text not null,
    stream_version integer not null,
    event_id text not null unique,
    type text not null,
    data jsonb not null,
    recorded_at timestamptz not null,
    primary key (insee, stream_version)
  )`.execute(db);
};

/** Records one published convention event; returns the town's INSEE code, or null for another stream. */
export const recordConventionEvent = async (trx: DatabaseTransaction, schema: string, event: PublishedEvent): Promise<string | null> => {
  if (!event.streamId.startsWith(CONVENTION_STREAM_PREFIX)) return null;
  const insee = event.streamId.slice(CONVENTION_STREAM_PREFIX.length);
  await sql`insert into ${sql.table(`${schema}.convention_events`)} (insee, stream_version, event_id, type, data, recorded_at)
    values (${insee}, ${event.streamVersion}, ${event.eventId}, ${event.type}, ${jsonText(event.data)}, ${event.recordedAt})
    on conflict do nothing`.execute(trx);
  return insee;
};

export interface TownConventionFacts {
  readonly facts: readonly ConventionFact[];
  /** False while an earlier event of the stream has not arrived yet (versions 1..n with a gap). */
  readonly complete: boolean;
}

const factsOf = (rows: readonly { stream_version: number; type: string; data: unknown }[]): TownConventionFacts => ({
  facts: rows.map(({ type, data }) => ({ type, data })),
  complete: rows.every((row, index) => row.stream_version === index + 1),
});

export const loadConventionFacts = async (db: Database | DatabaseTransaction, schema: string, insee: string): Promise<TownConventionFacts> => {
  const rows = await sql<{ stream_version: number; type: string; data: unknown }>`select stream_version, type, data
    from ${sql.table(`${schema}.convention_events`)} where insee = ${insee} order by stream_version`.execute(db);
  return factsOf(rows.rows);
};
