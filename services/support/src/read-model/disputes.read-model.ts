import type { DisputeView, Insee, Page } from '@digit/contracts';
import { schemaDb, type Database } from '@digit/event-store';
import type { DisputeEvent } from '../domain/index.js';
import { disputeAnswer, evolveDisputeRecord } from './dispute-view.js';
import type { SupportTables } from './support.tables.js';
import { afterCursor, pageOfAnswers, type PageWindow, type ViewTable } from './view-table.js';

/** Disputes over the convention (stream `dispute-<id>`, R-CON-10). */
export const DISPUTES: ViewTable<'disputes'> = {
  table: 'disputes',
  streamPrefix: 'dispute-',
  evolve: (view, event) => evolveDisputeRecord(view, event as unknown as DisputeEvent),
  columns: (view) => ({ insee: view.insee, status: view.status, opened_on: view.openedOn }),
};

/** A page of a town's disputes, or every town's, the latest opened first, read by key. */
export const loadDisputesPage = async (
  db: Database,
  schema: string,
  filter: { readonly insee?: Insee },
  window: PageWindow,
): Promise<Page<DisputeView>> => {
  let query = schemaDb<SupportTables>(db, schema).selectFrom('disputes').select('view').where(afterCursor('opened_on', window.after));
  if (filter.insee !== undefined) query = query.where('insee', '=', filter.insee);
  const rows = await query
    .orderBy('opened_on', 'desc')
    .orderBy('id')
    .limit(window.limit + 1)
    .execute();
  return pageOfAnswers(
    rows.map((row) => disputeAnswer(row.view)),
    window,
    (dispute) => dispute.openedOn,
  );
};
