import type { CommitteeView, Insee, Page } from '@digit/contracts';
import { schemaDb, type Database } from '@digit/event-store';
import type { CommitteeEvent } from '../domain/index.js';
import { committeeAnswer, evolveCommitteeRecord } from './committee-view.js';
import type { SupportTables } from './support.tables.js';
import { afterCursor, pageOfAnswers, type PageWindow, type ViewTable } from './view-table.js';

/** Follow-up and steering committees (stream `committee-<id>`). */
export const COMMITTEES: ViewTable<'committees'> = {
  table: 'committees',
  streamPrefix: 'committee-',
  evolve: (view, event) => evolveCommitteeRecord(view, event as unknown as CommitteeEvent),
  columns: (view) => ({ kind: view.kind, insee: view.insee, meeting_date: view.date }),
};

/** A page of a town's follow-up committees and every steering committee (which concerns all towns), the latest first. */
export const loadCommitteesPage = async (
  db: Database,
  schema: string,
  filter: { readonly insee?: Insee },
  window: PageWindow,
): Promise<Page<CommitteeView>> => {
  let query = schemaDb<SupportTables>(db, schema).selectFrom('committees').select('view').where(afterCursor('meeting_date', window.after));
  const { insee } = filter;
  if (insee !== undefined) query = query.where((row) => row.or([row('insee', 'is', null), row('insee', '=', insee)]));
  const rows = await query
    .orderBy('meeting_date', 'desc')
    .orderBy('id')
    .limit(window.limit + 1)
    .execute();
  return pageOfAnswers(
    rows.map((row) => committeeAnswer(row.view)),
    window,
    (committee) => committee.date,
  );
};
