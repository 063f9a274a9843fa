import { sql, type SqlBool } from 'kysely';
import type { Insee, Page, TicketView } from '@digit/contracts';
import { schemaDb, type Database } from '@digit/event-store';
import type { RequestEvent } from '../domain/index.js';
import type { SupportTables } from './support.tables.js';
import { evolveTicketRecord, nextDeadlineCheckAt, ticketAnswer, type TicketRecord } from './ticket-view.js';
import { afterCursor, pageOfAnswers, type PageWindow, type ViewTable } from './view-table.js';

/** Requests and tickets (stream `request-<id>`), with what the lists and the periodic checks look for. */
export const TICKETS: ViewTable<'tickets'> = {
  table: 'tickets',
  streamPrefix: 'request-',
  evolve: (record, event) => evolveTicketRecord(record, event as unknown as RequestEvent),
  columns: (record) => ({
    insee: record.request.insee,
    status: record.request.status,
    received_at: record.request.receivedAt,
    next_deadline_check_at: nextDeadlineCheckAt(record),
    privacy_check_pending: record.request.status === 'open' && record.request.privacyCheck === 'pending',
    breach_recorded: record.breaches.length > 0,
  }),
};

/** The periodic checks take at most this many requests a run; the next run takes the rest. */
const CHECK_BATCH = 500;

const tickets = (db: Database, schema: string) => schemaDb<SupportTables>(db, schema).selectFrom('tickets');

export interface TicketListFilter {
  readonly insee?: Insee;
  readonly status?: 'open' | 'closed';
  /** R-SUP-3: a response or resolution time breached at `now`, recorded or overdue and not yet seen by the check. */
  readonly breached?: { readonly is: boolean; readonly now: string };
}

/**
 * Overdue at `now` is "the earliest running clock is due before now" (`overdueClocks` in the domain
 * counts the same clocks as `nextDeadlineCheckAt`, and a clock stopped by a waiting is never overdue).
 */
const breachedAt = (now: string) => sql<SqlBool>`(breach_recorded or coalesce(next_deadline_check_at < ${now}::timestamptz, false))`;

/** A page of requests, the latest received first, read by key. */
export const loadTicketsPage = async (
  db: Database,
  schema: string,
  filter: TicketListFilter,
  window: PageWindow,
): Promise<Page<TicketView>> => {
  let query = tickets(db, schema).select('view').where(afterCursor('received_at', window.after));
  if (filter.insee !== undefined) query = query.where('insee', '=', filter.insee);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.breached !== undefined)
    query = query.where(filter.breached.is ? breachedAt(filter.breached.now) : sql<SqlBool>`not ${breachedAt(filter.breached.now)}`);
  const rows = await query
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(window.limit + 1)
    .execute();
  return pageOfAnswers(
    rows.map((row) => ticketAnswer(row.view)),
    window,
    (ticket) => ticket.receivedAt,
  );
};

/** Open requests with a running clock due by `now`, the earliest first: the deadline check records their breaches. */
export const ticketsDueForDeadlineCheck = async (db: Database, schema: string, now: string): Promise<string[]> => {
  const rows = await tickets(db, schema)
    .select('id')
    .where('status', '=', 'open')
    .where(sql<SqlBool>`next_deadline_check_at <= ${now}::timestamptz`)
    .orderBy('next_deadline_check_at')
    .limit(CHECK_BATCH)
    .execute();
  return rows.map((row) => row.id);
};

/** Open requests holding personal data whose privacy cross-check has not answered yet (R-GDPR-2), the oldest first. */
export const ticketsAwaitingPrivacyCheck = async (db: Database, schema: string): Promise<string[]> => {
  const rows = await tickets(db, schema)
    .select('id')
    .where('privacy_check_pending', '=', true)
    .orderBy('received_at')
    .limit(CHECK_BATCH)
    .execute();
  return rows.map((row) => row.id);
};

/** At most this many requests are looked at for alerts, the oldest first, so that the answer fits one NATS message. */
export const ALERT_CANDIDATES = 500;

/** Requests received by `at` and still open then (open now, or closed after `at`), the oldest first, one more than ALERT_CANDIDATES at most. */
export const ticketsOpenAt = async (db: Database, schema: string, at: string, insee: Insee | undefined): Promise<TicketRecord[]> => {
  let query = tickets(db, schema)
    .select('view')
    .where(sql<SqlBool>`received_at <= ${at}::timestamptz`)
    .where((eb) => eb.or([eb('status', '=', 'open'), sql<SqlBool>`(view->'request'->>'closedAt')::timestamptz > ${at}::timestamptz`]));
  if (insee !== undefined) query = query.where('insee', '=', insee);
  const rows = await query
    .orderBy('received_at')
    .orderBy('id')
    .limit(ALERT_CANDIDATES + 1)
    .execute();
  return rows.map((row) => row.view);
};
