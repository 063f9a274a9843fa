import type { ConventionEvent, PublishedEvent } from '@digit/contracts';
import { jsonText, type Database, type DatabaseTransaction } from '@digit/event-store';
import { billingDb } from './billing.migrations.js';

/**
 * Read model fed by the conventions service's domain events on NATS (never by its tables): each
 * town's convention events as received, keyed by stream version so that redeliveries and
 * out-of-order deliveries leave one row per event. The terms timeline is computed from them
 * (libs/contracts conventionTermsTimeline); event types billing does not use are kept all the same.
 */
const CONVENTION_STREAM_PREFIX = 'convention-';

/** Records one published convention event; returns the town's INSEE code, or null for another stream. */
export const recordConventionEvent = async (trx: DatabaseTransaction, schema: string, event: PublishedEvent): Promise<string | null> => {
  if (!event.streamId.startsWith(CONVENTION_STREAM_PREFIX)) return null;
  const insee = event.streamId.slice(CONVENTION_STREAM_PREFIX.length);
  await billingDb(trx, schema)
    .insertInto('convention_events')
    .values({
      insee,
      stream_version: event.streamVersion,
      event_id: event.eventId,
      type: event.type,
      data: jsonText(event.data),
      recorded_at: event.recordedAt,
    })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  return insee;
};

export interface TownConventionEvents {
  readonly events: readonly ConventionEvent[];
  /** False while an earlier event of the stream has not arrived yet (versions 1..n with a gap). */
  readonly complete: boolean;
}

type ConventionEventRow = { readonly stream_version: number; readonly type: string; readonly data: unknown };

const townEventsOf = (rows: readonly ConventionEventRow[]): TownConventionEvents => ({
  events: rows.map(({ type, data }) => ({ type, data }) as ConventionEvent),
  complete: rows.every((row, index) => row.stream_version === index + 1),
});

/** A town's convention events in stream order (a few dozen over a convention's life). */
export const loadConventionEvents = async (
  db: Database | DatabaseTransaction,
  schema: string,
  insee: string,
): Promise<TownConventionEvents> => {
  const rows = await billingDb(db, schema)
    .selectFrom('convention_events')
    .select(['stream_version', 'type', 'data'])
    .where('insee', '=', insee)
    .orderBy('stream_version')
    .execute();
  return townEventsOf(rows);
};

/** Several towns' convention events in one read, by town (a town with none is absent). */
export const loadConventionEventsOfTowns = async (
  db: Database,
  schema: string,
  insees: readonly string[],
): Promise<Map<string, TownConventionEvents>> => {
  if (insees.length === 0) return new Map();
  const rows = await billingDb(db, schema)
    .selectFrom('convention_events')
    .select(['insee', 'stream_version', 'type', 'data'])
    .where('insee', 'in', [...insees])
    .orderBy('insee')
    .orderBy('stream_version')
    .execute();
  const byTown = new Map<string, ConventionEventRow[]>();
  for (const row of rows) byTown.set(row.insee, [...(byTown.get(row.insee) ?? []), row]);
  return new Map([...byTown].map(([insee, townRows]) => [insee, townEventsOf(townRows)]));
};
