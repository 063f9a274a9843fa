import { sql, type Kysely } from 'kysely';
import { pageOf, type Page } from '@digit/contracts';
import { jsonText } from '@digit/event-store';
import { INVESTMENT_REGISTER_STREAM } from '../domain/index.js';
import type { BillingTables } from './billing.tables.js';

/**
 * The lists inside billing streams, kept one row per item (table `billing_list_items`) so that a
 * list is read a page at a time by rank and an item by its key, never the whole list (issue 18).
 * Items only ever append or change in place in these states, so an item keeps its rank.
 */
interface ListItem {
  readonly key: string;
  readonly value: unknown;
}

interface StreamLists {
  readonly list: string;
  readonly items: readonly ListItem[];
}

type State = Record<string, unknown>;

const keyed = (values: unknown, key: string): ListItem[] =>
  Array.isArray(values) ? values.map((value: Record<string, unknown>) => ({ key: String(value[key]), value })) : [];

/** The list names of a town: its charges, its regularisations (one a year), its "new rate N+1" actions. */
export const townChargesList = (insee: string): string => `town-charges-${insee}`;
export const townRegularisationsList = (insee: string): string => `town-charges-${insee}:regularisations`;
export const rateReviewList = (insee: string): string => `rate-review-${insee}`;
export const INVESTMENTS_LIST = INVESTMENT_REGISTER_STREAM;

/** The lists a stream's folded state holds, by stream prefix. */
export const listsOfStream = (streamId: string, state: State): StreamLists[] => {
  if (streamId.startsWith('town-charges-')) {
    const insee = streamId.slice('town-charges-'.length);
    return [
      { list: townChargesList(insee), items: keyed(state.items, 'itemId') },
      { list: townRegularisationsList(insee), items: keyed(state.regularisations, 'proposalId') },
    ];
  }
  if (streamId.startsWith('rate-review-'))
    return [{ list: rateReviewList(streamId.slice('rate-review-'.length)), items: keyed(state.actions, 'actionId') }];
  if (streamId === INVESTMENT_REGISTER_STREAM) return [{ list: INVESTMENTS_LIST, items: keyed(state.investments, 'assetId') }];
  return [];
};

/** Writes the items of `next` that differ from `previous` (new ones, or changed in place). */
export const saveChangedItems = async (db: Kysely<BillingTables>, streamId: string, previous: State, next: State): Promise<void> => {
  const before = new Map(listsOfStream(streamId, previous).map(({ list, items }) => [list, items]));
  for (const { list, items } of listsOfStream(streamId, next)) {
    const old = before.get(list) ?? [];
    const changed = items
      .map((item, index) => ({ list, rank: index + 1, key: item.key, item: jsonText(item.value) }))
      .filter((row, index) => old[index] === undefined || jsonText(old[index]!.value) !== row.item);
    if (changed.length === 0) continue;
    await db
      .insertInto('billing_list_items')
      .values(changed)
      .onConflict((conflict) =>
        conflict.columns(['list', 'rank']).doUpdateSet({ key: (eb) => eb.ref('excluded.key'), item: (eb) => eb.ref('excluded.item') }),
      )
      .execute();
  }
};

/** The largest rank the `integer` column holds: a cursor the request DTO lets through beyond it is past every item (issue 18). */
const LAST_RANK = 2_147_483_647;

/** A page of a list, by rank: `limit + 1` rows read from the key, the cursor is the last rank served. */
export const loadListPage = async <Item>(
  db: Kysely<BillingTables>,
  list: string,
  page: { readonly limit: number; readonly after?: string },
): Promise<Page<Item>> => {
  const rows = await db
    .selectFrom('billing_list_items')
    .select(['rank', 'item'])
    .where('list', '=', list)
    .where('rank', '>', Math.min(Number(page.after ?? 0), LAST_RANK))
    .orderBy('rank')
    .limit(page.limit + 1)
    .execute();
  const served = pageOf(rows, page.limit, (row) => String(row.rank));
  return { items: served.items.map((row) => row.item as Item), next: served.next };
};

/** A whole list that the domain bounds (a town's regularisations: one a year). */
export const loadList = async <Item>(db: Kysely<BillingTables>, list: string): Promise<Item[]> =>
  (await db.selectFrom('billing_list_items').select('item').where('list', '=', list).orderBy('rank').execute()).map(
    (row) => row.item as Item,
  );

/** Several whole lists the domain bounds in one read, by list name (an empty list is absent). */
export const loadLists = async <Item>(db: Kysely<BillingTables>, lists: readonly string[]): Promise<Map<string, Item[]>> => {
  if (lists.length === 0) return new Map();
  const rows = await db
    .selectFrom('billing_list_items')
    .select(['list', 'item'])
    .where('list', 'in', [...lists])
    .orderBy('list')
    .orderBy('rank')
    .execute();
  const byList = new Map<string, Item[]>();
  for (const row of rows) byList.set(row.list, [...(byList.get(row.list) ?? []), row.item as Item]);
  return byList;
};

/** One item by its key, or undefined. */
export const loadListItem = async <Item>(db: Kysely<BillingTables>, list: string, key: string): Promise<Item | undefined> => {
  const row = await db.selectFrom('billing_list_items').select('item').where('list', '=', list).where('key', '=', key).executeTakeFirst();
  return row?.item as Item | undefined;
};

/** The sum of a list's items whose `carriedInto` is null (a town's pending charges), computed by the database. */
export const pendingCentsOf = async (db: Kysely<BillingTables>, list: string): Promise<number> => {
  const row = await db
    .selectFrom('billing_list_items')
    .select(sql<string>`coalesce(sum((item->>'amountCents')::bigint), 0)`.as('cents'))
    .where('list', '=', list)
    .where(sql<boolean>`item->>'carriedInto' is null`)
    .executeTakeFirstOrThrow();
  return Number(row.cents);
};
