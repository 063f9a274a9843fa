import type { ColumnType } from 'kysely';
import type { Insee } from '@digit/contracts';
import type { CommitteeRecord } from './committee-view.js';
import type { DisputeRecord } from './dispute-view.js';
import type { MaintenanceNoticeRecord } from './maintenance-notice-view.js';
import type { ProjectRecord } from './project-view.js';
import type { SessionRecord } from './session-view.js';
import type { TicketRecord } from './ticket-view.js';

/** A jsonb column: read as its value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;
/** A timestamptz or date column, written and compared as ISO text; never selected (node-postgres would read a Date). */
type Moment = ColumnType<string, string, string>;

/** One row per stream: the view folded from its events (`view`), and the columns lists filter and sort on. */
export interface ViewRow<View> {
  id: string;
  version: number;
  view: Json<View>;
}

/** Requests and tickets (R-SUP-1, R-SUP-3): what the lists and the periodic checks look for. */
export interface TicketsTable extends ViewRow<TicketRecord> {
  insee: Insee;
  status: 'open' | 'closed';
  received_at: Moment;
  /** The earliest due time of a clock still able to breach; null when none can (closed, waiting, both breached). */
  next_deadline_check_at: ColumnType<string | null, string | null, string | null>;
  privacy_check_pending: boolean;
  /** A breach is recorded: with `next_deadline_check_at` before now, what `breached=true` means. */
  breach_recorded: boolean;
}

export interface ProjectsTable extends ViewRow<ProjectRecord> {
  insee: Insee;
  status: string;
  opened_at: Moment;
}

export interface MaintenanceNoticesTable extends ViewRow<MaintenanceNoticeRecord> {
  status: string;
  planned_start: Moment;
  recipients: Json<readonly Insee[]>;
}

export interface SessionsTable extends ViewRow<SessionRecord> {
  kind: string;
  status: string;
  starts_at: Moment;
  towns: Json<readonly Insee[]>;
}

export interface CommitteesTable extends ViewRow<CommitteeRecord> {
  kind: string;
  /** Null for the steering committee, which concerns every town. */
  insee: Insee | null;
  meeting_date: Moment;
}

export interface DisputesTable extends ViewRow<DisputeRecord> {
  insee: Insee;
  status: string;
  opened_on: Moment;
}

/** The support service's read-model schema (`support`), one table per aggregate. */
export interface SupportTables {
  tickets: TicketsTable;
  projects: ProjectsTable;
  maintenance_notices: MaintenanceNoticesTable;
  sessions: SessionsTable;
  committees: CommitteesTable;
  disputes: DisputesTable;
}
