import { csvHref } from './dashboard-response.js';
import type { PageFrame } from './dashboard-page.js';
import type { Section } from './dashboard-services.js';
import type { DashboardTable } from './dashboard-table.js';

/** A block of a page: a table with its export, or the reason a section shows nothing (a role, a service down). */
export type PagePart =
  | { readonly kind: 'table'; readonly table: DashboardTable; readonly csv: string }
  | { readonly kind: 'blocked'; readonly title: string; readonly message: string; readonly tone: 'info' | 'danger' };

export const tablePart = (frame: PageFrame, table: DashboardTable): PagePart => ({ kind: 'table', table, csv: csvHref(frame, table.id) });

/** A section read from a service: its table, or why there is none. */
export const sectionPart = <T>(frame: PageFrame, title: string, section: Section<T>, build: (value: T) => DashboardTable): PagePart =>
  section.ok
    ? tablePart(frame, build(section.value))
    : { kind: 'blocked', title, message: section.message, tone: section.reason === 'unavailable' ? 'danger' : 'info' };

/** The tables of the parts, by id: what `?csv=` may export. */
export const tablesOf = (parts: readonly PagePart[]): Record<string, DashboardTable> =>
  Object.fromEntries(parts.flatMap((part) => (part.kind === 'table' ? [[part.table.id, part.table]] : [])));
