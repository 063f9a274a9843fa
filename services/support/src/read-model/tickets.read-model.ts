import { sql } from 'kysely';
import type { Database } from '@digit/event-store';
import type { RequestEvent } from '../domain/index.js';
import { evolveTicketRecord, nextDeadlineCheckAt, type TicketRecord } from './ticket-view.js';
import type { ViewTable } from './view-table.js';

/** Support requests and tickets (stream `request-<id>`), with what the periodic checks look for. */
export const TICKETS: ViewTable<TicketRecord> = {
  table: 'tickets',
  streamPrefix: 'request-',
  columnsDdl: `insee text not null,
    status text not null,
    received_at timestamptz not null,
    next_deadline_check_at timestamptz,
    privacy_check_pending boolean not null`,
  evolve: (record, event) => evolveTicketRecord(record, event as unknown as RequestEvent),
  columns: (record) => ({
    insee: record.request.insee,
    status: record.request.status,
    received_at: record.request.receivedAt,
    next_deadline_check_at: nextDeadlineCheckAt(record),
    privacy_check_pending: record.request.status === 'open' && record.request.privacyCheck === 'pending',
  }),
};

const table = (schema: string) => sql.table(`${schema}.${TICKETS.table}`);

export const listTickets = async (
  db: Database,
  schema: string,
  filter: { readonly insee?: string; readonly status?: string },
): Promise<TicketRecord[]> => {
  const rows = await sql<{ view: TicketRecord }>`select view from ${table(schema)}
    where (${filter.insee ?? null}::text is null or insee = ${filter.insee ?? null})
      and (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
    order by received_at desc, id`.execute(db);
  return rows.rows.map((row) => row.view);
};

/** Open requests with a running clock due by `now`: the deadline check records their breaches. */
export const ticketsDueForDeadlineCheck = async (db: Database, schema: string, now: string): Promise<string[]> => {
  const rows = await sql<{ id: string }>`select id from ${table(schema)}
    where status = 'open' and next_deadline_check_at <= ${now}::timestamptz order by next_deadline_check_at`.execute(db);
  return rows.rows.map((row) => row.id);
};

/** Open requests holding personal data whose privacy cross-check has not answered yet (R-GDPR-2). */
export const ticketsAwaitingPrivacyCheck = async (db: Database, schema: string): Promise<string[]> => {
  const rows = await sql<{ id: string }>`select id from ${table(schema)} where privacy_check_pending order by received_at`.execute(db);
  return rows.rows.map((row) => row.id);
};
