import { Temporal } from 'temporal-polyfill';
import { formatInstantFr } from '@digit/calendar';
import {
  DomainError,
  INSEE_CODES,
  MAINTAINED_SERVICES,
  type Decider,
  type Decision,
  type DomainEvent,
  type ErrorDetail,
  type Insee,
} from '@digit/contracts';
import { formatInstant } from './business-time.js';

/**
 * Maintenance notices (DOMAIN R-SUP-4): DIGIT warns the towns before any interruption of the web
 * map module or of database access needed for maintenance, then records the interruption and
 * its end. Stream `maintenance-<id>`. Commands come checked from the edge (services known, each
 * once; instants with an offset; a description): the decider keeps the rules between the times and
 * on the notice's state.
 */
export const maintenanceStreamId = (noticeId: string): string => `maintenance-${noticeId}`;

export type MaintainedService = (typeof MAINTAINED_SERVICES)[number];

/** Convention statuses of CONTRACT.md `GET /api/v1/conventions/{insee}`. */
export type ConventionStatus = 'draft' | 'approved' | 'signed' | 'in_force' | 'notice_given' | 'terminated' | 'expired';

/** Towns whose convention is in force, including under notice (it runs until its end date). */
export const noticeRecipients = (
  conventions: readonly { readonly insee: Insee; readonly status: ConventionStatus }[],
): readonly Insee[] => {
  const inForce = new Set(conventions.filter(({ status }) => status === 'in_force' || status === 'notice_given').map(({ insee }) => insee));
  return INSEE_CODES.filter((insee) => inForce.has(insee));
};

export type MaintenanceAnnounced = DomainEvent<
  'MaintenanceAnnounced',
  {
    readonly noticeId: string;
    readonly services: readonly MaintainedService[];
    readonly plannedStart: string;
    readonly plannedEnd: string;
    readonly description: string;
    /** Every town in force when announced, in INSEE order. */
    readonly recipients: readonly Insee[];
    readonly announcedAt: string;
  }
>;
export type MaintenanceCancelled = DomainEvent<'MaintenanceCancelled', { readonly reason: string; readonly at: string }>;
export type MaintenanceInterruptionStarted = DomainEvent<
  'MaintenanceInterruptionStarted',
  { readonly at: string; readonly earlierThanAnnounced: boolean }
>;
export type MaintenanceServiceRestored = DomainEvent<
  'MaintenanceServiceRestored',
  { readonly at: string; readonly interruptionMinutes: number; readonly laterThanAnnounced: boolean }
>;
export type MaintenanceEvent = MaintenanceAnnounced | MaintenanceCancelled | MaintenanceInterruptionStarted | MaintenanceServiceRestored;

export type MaintenanceCommand =
  | {
      readonly type: 'AnnounceMaintenance';
      readonly noticeId: string;
      readonly services: readonly MaintainedService[];
      readonly plannedStart: string;
      readonly plannedEnd: string;
      readonly description: string;
      /** The towns in force, from the conventions service (see `noticeRecipients`). */
      readonly recipients: readonly Insee[];
      readonly now: string;
    }
  | { readonly type: 'CancelMaintenance'; readonly reason: string; readonly at: string }
  | { readonly type: 'RecordInterruptionStarted'; readonly at: string }
  | { readonly type: 'RecordServiceRestored'; readonly at: string };

export type MaintenanceState =
  | { readonly status: 'none' }
  | {
      readonly status: 'announced' | 'cancelled' | 'interrupted' | 'restored';
      readonly plannedStart: string;
      readonly plannedEnd: string;
      readonly interruptedAt: string | null;
      readonly lastAt: string;
    };

const invalid = (details: readonly ErrorDetail[]): DomainError =>
  new DomainError('invalid', 'validation_failed', "L'avis de maintenance est incomplet ou invalide.", details);

const announce = (command: Extract<MaintenanceCommand, { type: 'AnnounceMaintenance' }>): Decision<MaintenanceEvent> => {
  const details: ErrorDetail[] = [];
  const now = Temporal.Instant.from(command.now);
  const start = Temporal.Instant.from(command.plannedStart);
  const end = Temporal.Instant.from(command.plannedEnd);
  if (Temporal.Instant.compare(start, now) <= 0) {
    details.push({
      path: 'plannedStart',
      message: `l'interruption doit être annoncée avant son début (${formatInstantFr(command.plannedStart)})`,
    });
  }
  if (Temporal.Instant.compare(end, start) <= 0) {
    details.push({ path: 'plannedEnd', message: 'la fin prévue doit suivre le début prévu' });
  }
  if (command.recipients.length === 0) {
    details.push({ path: 'recipients', message: 'les destinataires sont les villes dont la convention est en vigueur : aucune ne l’est' });
  }
  if (details.length > 0) return invalid(details);
  return [
    {
      type: 'MaintenanceAnnounced',
      data: {
        noticeId: command.noticeId,
        services: MAINTAINED_SERVICES.filter((service) => command.services.includes(service)),
        plannedStart: formatInstant(start),
        plannedEnd: formatInstant(end),
        description: command.description.trim(),
        recipients: INSEE_CODES.filter((insee) => command.recipients.includes(insee)),
        announcedAt: formatInstant(now),
      },
    },
  ];
};

const decideMaintenance = (command: MaintenanceCommand, state: MaintenanceState): Decision<MaintenanceEvent> => {
  if (command.type === 'AnnounceMaintenance') {
    return state.status === 'none'
      ? announce(command)
      : new DomainError('conflict', 'notice_already_announced', 'Cet avis de maintenance existe déjà.');
  }
  if (state.status === 'none') return new DomainError('not_found', 'notice_not_found', "Cet avis de maintenance n'existe pas.");
  const at = Temporal.Instant.from(command.at);
  if (Temporal.Instant.compare(at, state.lastAt) < 0) {
    return new DomainError(
      'conflict',
      'instant_before_history',
      `Cette action est datée avant le dernier fait enregistré (${formatInstantFr(state.lastAt)}).`,
    );
  }
  const when = formatInstant(at);
  const wrongState = (message: string): DomainError => new DomainError('conflict', 'maintenance_wrong_state', message);
  switch (command.type) {
    case 'CancelMaintenance':
      if (state.status !== 'announced') {
        return wrongState('Seule une maintenance annoncée et non commencée peut être annulée.');
      }
      return [{ type: 'MaintenanceCancelled', data: { reason: command.reason.trim(), at: when } }];
    case 'RecordInterruptionStarted':
      if (state.status !== 'announced') {
        return wrongState("L'interruption ne peut commencer que pour une maintenance annoncée.");
      }
      return [
        {
          type: 'MaintenanceInterruptionStarted',
          data: { at: when, earlierThanAnnounced: Temporal.Instant.compare(at, state.plannedStart) < 0 },
        },
      ];
    case 'RecordServiceRestored': {
      if (state.status !== 'interrupted' || state.interruptedAt === null) {
        return wrongState("Le service ne peut être rétabli qu'après le début de l'interruption.");
      }
      const interruptionMinutes = Math.round(at.since(state.interruptedAt).total('minutes'));
      return [
        {
          type: 'MaintenanceServiceRestored',
          data: {
            at: when,
            interruptionMinutes,
            laterThanAnnounced: Temporal.Instant.compare(at, state.plannedEnd) > 0,
          },
        },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

const evolveMaintenance = (state: MaintenanceState, event: MaintenanceEvent): MaintenanceState => {
  if (event.type === 'MaintenanceAnnounced') {
    const { plannedStart, plannedEnd, announcedAt } = event.data;
    return { status: 'announced', plannedStart, plannedEnd, interruptedAt: null, lastAt: announcedAt };
  }
  if (state.status === 'none') throw new Error('a maintenance event before MaintenanceAnnounced');
  switch (event.type) {
    case 'MaintenanceCancelled':
      return { ...state, status: 'cancelled', lastAt: event.data.at };
    case 'MaintenanceInterruptionStarted':
      return { ...state, status: 'interrupted', interruptedAt: event.data.at, lastAt: event.data.at };
    case 'MaintenanceServiceRestored':
      return { ...state, status: 'restored', lastAt: event.data.at };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

export const maintenanceNoticeDecider: Decider<MaintenanceCommand, MaintenanceEvent, MaintenanceState> = {
  initialState: { status: 'none' },
  decide: decideMaintenance,
  evolve: evolveMaintenance,
};
