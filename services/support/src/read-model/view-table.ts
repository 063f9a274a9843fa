import { sql, type Expression, type Insertable, type Kysely, type SqlBool } from 'kysely';
import { decodeListCursor, encodeListCursor, pageOf, type Page, type StoredEvent } from '@digit/contracts';
import { jsonText, schemaDb, type Database, type DatabaseTransaction } from '@digit/event-store';
import type { SupportTables, ViewRow } from './support.tables.js';

export type ViewTableName = keyof SupportTables;
type ViewOf<Name extends ViewTableName> = SupportTables[Name] extends ViewRow<infer View> ? View : never;
/** The columns a table adds to its view, as written. */
export type ViewColumns<Name extends ViewTableName> = Omit<Insertable<SupportTables[Name]>, keyof ViewRow<unknown>>;

/**
 * One row per stream: the view folded from the stream's events, plus the few columns queries
 * filter and sort on. Each aggregate of the support context has one such table (support.tables.ts).
 */
export interface ViewTable<Name extends ViewTableName> {
  readonly table: Name;
  readonly streamPrefix: string;
  evolve(view: ViewOf<Name> | undefined, event: StoredEvent): ViewOf<Name>;
  columns(view: ViewOf<Name>): ViewColumns<Name>;
}

/**
 * The same tables seen through what they share (`id`, `version`, `view`), for the code that
 * works on any of them: SupportTables stays the one description of the schema.
 */
interface AnyViewRow extends ViewRow<unknown> {
  readonly [column: string]: unknown;
}
const anyViewDb = (db: Database, schema: string): Kysely<Record<string, AnyViewRow>> => schemaDb<Record<string, AnyViewRow>>(db, schema);

/** Folds one event into its stream's row, in the projection's transaction. */
export const applyToViewTable = async <Name extends ViewTableName>(
  trx: DatabaseTransaction,
  schema: string,
  table: ViewTable<Name>,
  event: StoredEvent,
): Promise<void> => {
  const id = event.streamId.slice(table.streamPrefix.length);
  const db = anyViewDb(trx, schema);
  const current = await db
    .selectFrom(table.table as string)
    .select('view')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  const view = table.evolve(current?.view as ViewOf<Name> | undefined, event);
  const changes = { version: event.streamVersion, view: jsonText(view), ...table.columns(view) };
  await db
    .insertInto(table.table as string)
    .values({ id, ...changes })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(changes))
    .execute();
};

export const loadView = async <Name extends ViewTableName>(
  db: Database,
  schema: string,
  table: ViewTable<Name>,
  id: string,
): Promise<ViewOf<Name> | undefined> => {
  const row = await anyViewDb(db, schema)
    .selectFrom(table.table as string)
    .select('view')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.view as ViewOf<Name> | undefined;
};

/** A page request as the lists take it: how many, after which cursor. */
export interface PageWindow {
  readonly limit: number;
  readonly after?: string;
}

/**
 * The rows after a cursor in a list sorted by `column` (a date or an instant), the latest first,
 * then by id: a page is read by key, `limit + 1` rows, never everything then picked.
 */
export const afterCursor = (column: string, after: string | undefined): Expression<SqlBool> => {
  const position = after === undefined ? undefined : decodeListCursor(after);
  if (!position) return sql<SqlBool>`true`;
  const sortKey = sql.ref(column);
  return sql<SqlBool>`(${sortKey} < ${position.key} or (${sortKey} = ${position.key} and id > ${position.id}))`;
};

/** The page of answers read (`limit + 1` rows), its cursor naming the last one's sort key and id. */
export const pageOfAnswers = <Answer extends { readonly id: string }>(
  answers: readonly Answer[],
  window: PageWindow,
  sortKeyOf: (answer: Answer) => string,
): Page<Answer> => pageOf(answers, window.limit, (answer) => encodeListCursor({ key: sortKeyOf(answer), id: answer.id }));
