import { townName, type Insee, type MaintenanceNoticeView } from '@digit/contracts';
import type { CalendarEntry, MaintainedService, MaintenanceEvent } from '../domain/index.js';

/** A maintenance notice as announced and as it went (R-SUP-4). */
export interface MaintenanceNoticeRecord {
  readonly id: string;
  readonly status: 'announced' | 'cancelled' | 'interrupted' | 'restored';
  readonly services: readonly MaintainedService[];
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly description: string;
  readonly recipients: readonly Insee[];
  readonly announcedAt: string;
  readonly interruptedAt: string | null;
  readonly restoredAt: string | null;
  readonly interruptionMinutes: number | null;
  readonly cancellation: { readonly reason: string; readonly at: string } | null;
  /** When the notice was last recorded: the calendar entry's DTSTAMP. */
  readonly recordedAt: string;
}

export const evolveMaintenanceNoticeRecord = (
  view: MaintenanceNoticeRecord | undefined,
  event: MaintenanceEvent,
  recordedAt: string,
): MaintenanceNoticeRecord => {
  if (event.type === 'MaintenanceAnnounced') {
    const { noticeId, services, plannedStart, plannedEnd, description, recipients, announcedAt } = event.data;
    return {
      id: noticeId,
      status: 'announced',
      services,
      plannedStart,
      plannedEnd,
      description,
      recipients,
      announcedAt,
      interruptedAt: null,
      restoredAt: null,
      interruptionMinutes: null,
      cancellation: null,
      recordedAt,
    };
  }
  if (view === undefined) throw new Error(`${event.type} before MaintenanceAnnounced`);
  switch (event.type) {
    case 'MaintenanceCancelled':
      return { ...view, status: 'cancelled', cancellation: event.data, recordedAt };
    case 'MaintenanceInterruptionStarted':
      return { ...view, status: 'interrupted', interruptedAt: event.data.at, recordedAt };
    case 'MaintenanceServiceRestored':
      return { ...view, status: 'restored', restoredAt: event.data.at, interruptionMinutes: event.data.interruptionMinutes, recordedAt };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

const SERVICE_LABELS: Readonly<Record<MaintainedService, string>> = {
  'web-map': 'du module cartographique web',
  database: "de l'accès aux bases de données",
};

export const maintenanceNoticeAnswer = (view: MaintenanceNoticeRecord): MaintenanceNoticeView => ({
  ...view,
  recipients: view.recipients.map((insee) => ({ insee, town: townName(insee) })),
});

/** One calendar entry per notice: the planned slot, or the real one once the service is restored. */
export const maintenanceCalendarEntry = (view: MaintenanceNoticeView): CalendarEntry => ({
  uid: `maintenance-${view.id}@digit.seineouest.fr`,
  start: view.interruptedAt ?? view.plannedStart,
  end: view.restoredAt ?? view.plannedEnd,
  summary: `Maintenance DIGIT : interruption ${view.services.map((service) => SERVICE_LABELS[service]).join(' et ')}`,
  description: view.description,
  cancelled: view.status === 'cancelled',
  stampedAt: view.recordedAt,
});
