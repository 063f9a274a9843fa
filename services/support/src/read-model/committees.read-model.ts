import { sql } from 'kysely';
import type { Database } from '@digit/event-store';
import type { CommitteeEvent } from '../domain/index.js';
import { evolveCommitteeView, type CommitteeView } from './committee-view.js';
import type { ViewTable } from './view-table.js';

/** Follow-up and steering committees (stream `committee-<id>`). */
export const COMMITTEES: ViewTable<CommitteeView> = {
  table: 'committees',
  streamPrefix: 'committee-',
  columnsDdl: `kind text not null, insee text, meeting_date date not null`,
  evolve: (view, event) => evolveCommitteeView(view, event as unknown as CommitteeEvent),
  columns: (view) => ({ kind: view.kind, insee: view.insee, meeting_date: view.date }),
};

/** A town's follow-up committees and every steering committee (which concerns all towns), the latest first. */
export const listCommittees = async (db: Database, schema: string, filter: { readonly insee?: string }): Promise<CommitteeView[]> => {
  const rows = await sql<{ view: CommitteeView }>`select view from ${sql.table(`${schema}.${COMMITTEES.table}`)}
    where (${filter.insee ?? null}::text is null or insee is null or insee = ${filter.insee ?? null})
    order by meeting_date desc, id`.execute(db);
  return rows.rows.map((row) => row.view);
};
