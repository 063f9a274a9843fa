import { sql, type SqlBool } from 'kysely';
import type { Insee, Page, SessionView } from '@digit/contracts';
import { schemaDb, type Database } from '@digit/event-store';
import type { SessionEvent } from '../domain/index.js';
import { evolveSessionRecord, sessionAnswer } from './session-view.js';
import type { SupportTables } from './support.tables.js';
import { afterCursor, pageOfAnswers, type PageWindow, type ViewTable } from './view-table.js';

/** Workshops, training sessions and accompaniments (stream `session-<id>`). */
export const SESSIONS: ViewTable<'sessions'> = {
  table: 'sessions',
  streamPrefix: 'session-',
  evolve: (view, event) => evolveSessionRecord(view, event as unknown as SessionEvent, event.recordedAt.toISOString()),
  columns: (view) => ({ kind: view.kind, status: view.status, starts_at: view.start, towns: JSON.stringify(view.towns) }),
};

/** A page of every session, or of those a town is invited to, the latest first, read by key. */
export const loadSessionsPage = async (
  db: Database,
  schema: string,
  filter: { readonly insee?: Insee },
  window: PageWindow,
): Promise<Page<SessionView>> => {
  let query = schemaDb<SupportTables>(db, schema).selectFrom('sessions').select('view').where(afterCursor('starts_at', window.after));
  if (filter.insee !== undefined) query = query.where(sql<SqlBool>`towns @> ${JSON.stringify([filter.insee])}::jsonb`);
  const rows = await query
    .orderBy('starts_at', 'desc')
    .orderBy('id')
    .limit(window.limit + 1)
    .execute();
  return pageOfAnswers(
    rows.map((row) => sessionAnswer(row.view)),
    window,
    (session) => session.start,
  );
};
