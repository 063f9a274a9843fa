import { sql, type SqlBool } from 'kysely';
import type { Insee, MaintenanceNoticeView, Page } from '@digit/contracts';
import { schemaDb, type Database } from '@digit/event-store';
import type { MaintenanceEvent } from '../domain/index.js';
import { evolveMaintenanceNoticeRecord, maintenanceNoticeAnswer, type MaintenanceNoticeRecord } from './maintenance-notice-view.js';
import type { SupportTables } from './support.tables.js';
import { afterCursor, pageOfAnswers, type PageWindow, type ViewTable } from './view-table.js';

/** Maintenance notices (stream `maintenance-<id>`). */
export const MAINTENANCE_NOTICES: ViewTable<'maintenance_notices'> = {
  table: 'maintenance_notices',
  streamPrefix: 'maintenance-',
  evolve: (view, event) => evolveMaintenanceNoticeRecord(view, event as unknown as MaintenanceEvent, event.recordedAt.toISOString()),
  columns: (view) => ({ status: view.status, planned_start: view.plannedStart, recipients: JSON.stringify(view.recipients) }),
};

/** A page of every notice, or of those sent to one town, the latest planned first, read by key. */
export const loadMaintenanceNoticesPage = async (
  db: Database,
  schema: string,
  filter: { readonly insee?: Insee },
  window: PageWindow,
): Promise<Page<MaintenanceNoticeView>> => {
  let query = schemaDb<SupportTables>(db, schema)
    .selectFrom('maintenance_notices')
    .select('view')
    .where(afterCursor('planned_start', window.after));
  if (filter.insee !== undefined) query = query.where(sql<SqlBool>`recipients @> ${JSON.stringify([filter.insee])}::jsonb`);
  const rows = await query
    .orderBy('planned_start', 'desc')
    .orderBy('id')
    .limit(window.limit + 1)
    .execute();
  return pageOfAnswers(
    rows.map((row) => maintenanceNoticeAnswer(row.view)),
    window,
    (notice) => notice.plannedStart,
  );
};

/** Notices whose interruption had started by `at` and was not restored then (R-SUP-4). */
export const interruptionsAt = async (db: Database, schema: string, at: string): Promise<MaintenanceNoticeRecord[]> => {
  const rows = await schemaDb<SupportTables>(db, schema)
    .selectFrom('maintenance_notices')
    .select('view')
    .where('status', 'in', ['interrupted', 'restored'])
    .where(sql<SqlBool>`(view->>'interruptedAt')::timestamptz <= ${at}::timestamptz`)
    .where(sql<SqlBool>`(view->>'restoredAt' is null or (view->>'restoredAt')::timestamptz > ${at}::timestamptz)`)
    .orderBy('planned_start')
    .execute();
  return rows.map((row) => row.view);
};
