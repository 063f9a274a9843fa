import type { Insee, Page, ProjectView } from '@digit/contracts';
import { schemaDb, type Database } from '@digit/event-store';
import type { ProjectEvent } from '../domain/index.js';
import { evolveProjectRecord, type ProjectRecord } from './project-view.js';
import type { SupportTables } from './support.tables.js';
import { afterCursor, pageOfAnswers, type PageWindow, type ViewTable } from './view-table.js';

/** GIS and Open Data projects (stream `project-<id>`). */
export const PROJECTS: ViewTable<'projects'> = {
  table: 'projects',
  streamPrefix: 'project-',
  evolve: (record, event) => evolveProjectRecord(record, event as unknown as ProjectEvent),
  columns: (record) => ({ insee: record.project.insee, status: record.project.status, opened_at: record.project.openedAt }),
};

/** A page of a town's projects or every town's, the latest opened first, read by key. */
export const loadProjectsPage = async (
  db: Database,
  schema: string,
  filter: { readonly insee?: Insee },
  window: PageWindow,
  /** The answer as of now (the time split runs while the project does). */
  answer: (record: ProjectRecord) => ProjectView,
): Promise<Page<ProjectView>> => {
  let query = schemaDb<SupportTables>(db, schema).selectFrom('projects').select('view').where(afterCursor('opened_at', window.after));
  if (filter.insee !== undefined) query = query.where('insee', '=', filter.insee);
  const rows = await query
    .orderBy('opened_at', 'desc')
    .orderBy('id')
    .limit(window.limit + 1)
    .execute();
  return pageOfAnswers(
    rows.map((row) => answer(row.view)),
    window,
    (project) => project.openedAt,
  );
};
