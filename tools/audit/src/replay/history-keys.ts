import { sql } from 'kysely';
import type { Half, Insee } from '@digit/contracts';
import type { EventStore } from '@digit/event-store';

/**
 * What no list query gives and the history does: the years with a budget or a reconciliation,
 * the mémoires issued, the road orders a town's registry received. Read from a store's events
 * by stream id and, for orders, the `order.orderId` every registry event carries (the index the
 * data-exchange service creates serves it).
 */
export interface HistoryKeys {
  budgetYears(): Promise<number[]>;
  reconciliationYears(): Promise<number[]>;
  statements(insee: Insee): Promise<{ year: number; half: Half }[]>;
  /** The road orders of a town's registry, in order of their ids, page by page. */
  orderIds(insee: Insee): AsyncGenerator<string>;
}

const ORDER_PAGE = 1_000;

const streamIds = async (store: EventStore, prefix: string): Promise<string[]> => {
  const { rows } = await sql<{ stream_id: string }>`select distinct stream_id from ${sql.table(`${store.schema}.events`)}
    where stream_id like ${`${prefix.replace(/[\\%_]/g, '\\$&')}%`} order by stream_id`.execute(store.db);
  return rows.map((row) => row.stream_id);
};

const yearsOf = (ids: readonly string[], prefix: string): number[] =>
  ids.map((id) => Number(id.slice(prefix.length))).filter((year) => Number.isInteger(year));

export const historyKeys = (store: EventStore): HistoryKeys => ({
  budgetYears: async () => yearsOf(await streamIds(store, 'budget-'), 'budget-'),
  reconciliationYears: async () => yearsOf(await streamIds(store, 'reconciliation-'), 'reconciliation-'),
  async statements(insee) {
    const pattern = new RegExp(`^statement-${insee}-(\\d{4})-S([12])$`);
    return (await streamIds(store, `statement-${insee}-`)).flatMap((id) => {
      const match = pattern.exec(id);
      return match ? [{ year: Number(match[1]), half: Number(match[2]) as Half }] : [];
    });
  },
  async *orderIds(insee) {
    for (let after = ''; ;) {
      const { rows } = await sql<{
        order_id: string;
      }>`select distinct data #>> '{order,orderId}' as order_id from ${sql.table(`${store.schema}.events`)}
        where stream_id = ${`road-registry-${insee}`} and data ? 'order' and data #>> '{order,orderId}' > ${after}
        order by 1 limit ${ORDER_PAGE}`.execute(store.db);
      for (const row of rows) yield row.order_id;
      if (rows.length < ORDER_PAGE) return;
      after = rows.at(-1)!.order_id;
    }
  },
});
