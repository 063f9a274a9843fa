import { sql } from 'kysely';
import type { Database } from '@digit/event-store';
import type { SessionEvent } from '../domain/index.js';
import { evolveSessionView, type SessionView } from './session-view.js';
import type { ViewTable } from './view-table.js';

/** Workshops, training sessions and accompaniments (stream `session-<id>`). */
export const SESSIONS: ViewTable<SessionView> = {
  table: 'sessions',
  streamPrefix: 'session-',
  columnsDdl: `kind text not null, status text not null, starts_at timestamptz not null, towns jsonb not null`,
  evolve: (view, event) => evolveSessionView(view, event as unknown as SessionEvent, event.recordedAt.toISOString()),
  columns: (view) => ({ kind: view.kind, status: view.status, starts_at: view.start, towns: JSON.stringify(view.towns) }),
};

/** Every session, or those a town is invited to, the latest first. */
export const listSessions = async (db: Database, schema: string, filter: { readonly insee?: string }): Promise<SessionView[]> => {
  const rows = await sql<{ view: SessionView }>`select view from ${sql.table(`${schema}.${SESSIONS.table}`)}
    where (${filter.insee ?? null}::text is null or towns @> jsonb_build_array(${filter.insee ?? null}::text))
    order by starts_at desc, id`.execute(db);
  return rows.rows.map((row) => row.view);
};
