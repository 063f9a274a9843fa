import { sql } from 'kysely';
import type { Database } from '@digit/event-store';
import type { ProjectEvent } from '../domain/index.js';
import { evolveProjectRecord, type ProjectRecord } from './project-view.js';
import type { ViewTable } from './view-table.js';

/** GIS and Open Data projects (stream `project-<id>`). */
export const PROJECTS: ViewTable<ProjectRecord> = {
  table: 'projects',
  streamPrefix: 'project-',
  columnsDdl: `insee text not null, status text not null, opened_at timestamptz not null`,
  evolve: (record, event) => evolveProjectRecord(record, event as unknown as ProjectEvent),
  columns: (record) => ({ insee: record.project.insee, status: record.project.status, opened_at: record.project.openedAt }),
};

export const listProjects = async (db: Database, schema: string, filter: { readonly insee?: string }): Promise<ProjectRecord[]> => {
  const rows = await sql<{ view: ProjectRecord }>`select view from ${sql.table(`${schema}.${PROJECTS.table}`)}
    where (${filter.insee ?? null}::text is null or insee = ${filter.insee ?? null})
    order by opened_at desc, id`.execute(db);
  return rows.rows.map((row) => row.view);
};
