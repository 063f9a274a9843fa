import { sql } from 'kysely';
import type { Database } from '@digit/event-store';
import type { MaintenanceEvent } from '../domain/index.js';
import { evolveMaintenanceNoticeView, type MaintenanceNoticeView } from './maintenance-notice-view.js';
import type { ViewTable } from './view-table.js';

/** Maintenance notices (stream `maintenance-<id>`). */
export const MAINTENANCE_NOTICES: ViewTable<MaintenanceNoticeView> = {
  table: 'maintenance_notices',
  streamPrefix: 'maintenance-',
  columnsDdl: `status text not null, planned_start timestamptz not null, recipients jsonb not null`,
  evolve: (view, event) => evolveMaintenanceNoticeView(view, event as unknown as MaintenanceEvent, event.recordedAt.toISOString()),
  columns: (view) => ({ status: view.status, planned_start: view.plannedStart, recipients: JSON.stringify(view.recipients) }),
};

/** Every notice, or those sent to one town, the latest first. */
export const listMaintenanceNotices = async (
  db: Database,
  schema: string,
  filter: { readonly insee?: string },
): Promise<MaintenanceNoticeView[]> => {
  const rows = await sql<{ view: MaintenanceNoticeView }>`select view from ${sql.table(`${schema}.${MAINTENANCE_NOTICES.table}`)}
    where (${filter.insee ?? null}::text is null or recipients @> jsonb_build_array(${filter.insee ?? null}::text))
    order by planned_start desc, id`.execute(db);
  return rows.rows.map((row) => row.view);
};
