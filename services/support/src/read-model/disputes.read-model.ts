import { sql } from 'kysely';
import type { Database } from '@digit/event-store';
import type { DisputeEvent } from '../domain/index.js';
import { evolveDisputeView, type DisputeView } from './dispute-view.js';
import type { ViewTable } from './view-table.js';

/** Disputes over the convention (stream `dispute-<id>`, R-CON-10). */
export const DISPUTES: ViewTable<DisputeView> = {
  table: 'disputes',
  streamPrefix: 'dispute-',
  columnsDdl: `insee text not null, status text not null, opened_on date not null`,
  evolve: (view, event) => evolveDisputeView(view, event as unknown as DisputeEvent),
  columns: (view) => ({ insee: view.insee, status: view.status, opened_on: view.openedOn }),
};

/** A town's disputes, or every town's, the latest opened first. */
export const listDisputes = async (db: Database, schema: string, filter: { readonly insee?: string }): Promise<DisputeView[]> => {
  const rows = await sql<{ view: DisputeView }>`select view from ${sql.table(`${schema}.${DISPUTES.table}`)}
    where (${filter.insee ?? null}::text is null or insee = ${filter.insee ?? null})
    order by opened_on desc, id`.execute(db);
  return rows.rows.map((row) => row.view);
};
