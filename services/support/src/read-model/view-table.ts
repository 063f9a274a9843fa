import { sql } from 'kysely';
import type { StoredEvent } from '@digit/contracts';
import { jsonText, type Database, type DatabaseTransaction } from '@digit/event-store';

/** A column a query filters or sorts on, copied out of the view. */
export type ViewColumnValue = string | boolean | null;

/**
 * One row per stream: the view folded from the stream's events, plus the few columns queries
 * filter on. Each aggregate of the support context has one such table in the service's schema.
 */
export interface ViewTable<View> {
  readonly table: string;
  readonly streamPrefix: string;
  /** `create table if not exists …`: idempotent. */
  readonly columnsDdl: string;
  evolve(view: View | undefined, event: StoredEvent): View;
  columns(view: View): Readonly<Record<string, ViewColumnValue>>;
}

export const migrateViewTable = async (db: Database, schema: string, table: ViewTable<unknown>): Promise<void> => {
  await sql`create table if not exists ${sql.table(`${schema}.${table.table}`)} (
    id text primary key,
    version integer not null,
    view jsonb not null,
    ${sql.raw(table.columnsDdl)}
  )`.execute(db);
};

/** Folds one event into its stream's row, in the projection's transaction. */
export const applyToViewTable = async <View>(
  trx: DatabaseTransaction,
  schema: string,
  table: ViewTable<View>,
  event: StoredEvent,
): Promise<void> => {
  const id = event.streamId.slice(table.streamPrefix.length);
  const current = await sql<{ view: View }>`select view from ${sql.table(`${schema}.${table.table}`)} where id = ${id} for update`.execute(trx);
  const view = table.evolve(current.rows[0]?.view, event);
  const row = { id, version: event.streamVersion, view: jsonText(view), ...table.columns(view) };
  const { id: _id, ...changes } = row;
  await trx
    .withSchema(schema)
    .insertInto(table.table)
    .values(row)
    .onConflict((conflict) => conflict.column('id').doUpdateSet(changes))
    .execute();
};

export const loadView = async <View>(db: Database, schema: string, table: ViewTable<View>, id: string): Promise<View | undefined> => {
  const rows = await sql<{ view: View }>`select view from ${sql.table(`${schema}.${table.table}`)} where id = ${id}`.execute(db);
  return rows.rows[0]?.view;
};
