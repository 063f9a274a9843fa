import { Temporal } from 'temporal-polyfill';
import { DomainError, INSEE_CODES, type Decider, type Decision, type DomainEvent, type ErrorDetail, type Insee } from '@digit/contracts';
import { businessDateOf, formatInstant } from './business-time.js';

/**
 * Acculturation workshops, training sessions and accompaniment periods (DOMAIN R-SUP-5), with
 * registrations per town. Stream `session-<id>`. Commands come checked from the edge (a kind, a
 * title, instants with an offset, towns of GPSO, counts in range): the decider keeps R-SUP-5's
 * formats and the rules on the session's state.
 */
export const sessionStreamId = (sessionId: string): string => `session-${sessionId}`;

/**
 * `workshop`: thematic acculturation workshop, about three a year, 2 to 3 hours;
 * `training`: web GIS users' training, common to the territory and the towns;
 * `accompaniment`: one to two months of regular meetings with one town's Open Data team.
 */
export type SessionKind = 'workshop' | 'training' | 'accompaniment';

export type SessionScheduled = DomainEvent<
  'SessionScheduled',
  {
    readonly sessionId: string;
    readonly kind: SessionKind;
    readonly title: string;
    readonly start: string;
    readonly end: string;
    /** Invited towns, in INSEE order. */
    readonly towns: readonly Insee[];
    /** Days between the regular meetings of an accompaniment; null otherwise. */
    readonly meetingIntervalDays: number | null;
  }
>;
export type SessionRegistrationRecorded = DomainEvent<
  'SessionRegistrationRecorded',
  { readonly insee: Insee; readonly participants: number; readonly at: string }
>;
export type SessionHeld = DomainEvent<'SessionHeld', { readonly attendees: number; readonly at: string }>;
export type SessionCancelled = DomainEvent<'SessionCancelled', { readonly reason: string; readonly at: string }>;
export type SessionEvent = SessionScheduled | SessionRegistrationRecorded | SessionHeld | SessionCancelled;

export type SessionCommand =
  | {
      readonly type: 'ScheduleSession';
      readonly sessionId: string;
      readonly kind: SessionKind;
      readonly title: string;
      readonly start: string;
      readonly end: string;
      readonly towns: readonly Insee[];
      readonly meetingIntervalDays?: number;
    }
  | {
      readonly type: 'RegisterForSession';
      readonly insee: Insee;
      readonly participants: number;
      readonly at: string;
    }
  | { readonly type: 'RecordSessionHeld'; readonly attendees: number; readonly at: string }
  | { readonly type: 'CancelSession'; readonly reason: string; readonly at: string };

export type SessionState =
  | { readonly status: 'none' }
  | {
      readonly status: 'scheduled' | 'held' | 'cancelled';
      readonly start: string;
      readonly towns: readonly Insee[];
    };

const invalid = (details: readonly ErrorDetail[]): DomainError =>
  new DomainError('invalid', 'validation_failed', 'La session est incomplète ou invalide.', details);

/** R-SUP-5's formats: workshops of 2 to 3 hours, accompaniments of 1 to 2 months. */
const formatProblems = (
  command: Extract<SessionCommand, { type: 'ScheduleSession' }>,
  start: Temporal.Instant,
  end: Temporal.Instant,
  towns: readonly Insee[],
): ErrorDetail[] => {
  if (command.kind === 'workshop') {
    const minutes = end.since(start).total('minutes');
    return minutes >= 120 && minutes <= 180 ? [] : [{ path: 'end', message: "un atelier d'acculturation dure de 2 à 3 heures" }];
  }
  if (command.kind === 'accompaniment') {
    const problems: ErrorDetail[] = [];
    const firstDay = businessDateOf(start);
    const lastDay = businessDateOf(end);
    if (
      Temporal.PlainDate.compare(lastDay, firstDay.add({ months: 1 })) < 0 ||
      Temporal.PlainDate.compare(lastDay, firstDay.add({ months: 2 })) > 0
    ) {
      problems.push({ path: 'end', message: "un accompagnement dure d'un à deux mois" });
    }
    if (towns.length !== 1) problems.push({ path: 'towns', message: 'un accompagnement concerne une seule ville' });
    if (command.meetingIntervalDays === undefined) {
      problems.push({
        path: 'meetingIntervalDays',
        message: 'le rythme du rendez-vous régulier est obligatoire (en jours, de 1 à 31)',
      });
    }
    return problems;
  }
  return [];
};

const schedule = (command: Extract<SessionCommand, { type: 'ScheduleSession' }>): Decision<SessionEvent> => {
  const start = Temporal.Instant.from(command.start);
  const end = Temporal.Instant.from(command.end);
  const towns = INSEE_CODES.filter((insee) => command.towns.includes(insee));
  const details =
    Temporal.Instant.compare(end, start) <= 0
      ? [{ path: 'end', message: 'la fin doit suivre le début' }]
      : formatProblems(command, start, end, towns);
  if (details.length > 0) return invalid(details);
  return [
    {
      type: 'SessionScheduled',
      data: {
        sessionId: command.sessionId,
        kind: command.kind,
        title: command.title.trim(),
        start: formatInstant(start),
        end: formatInstant(end),
        towns,
        meetingIntervalDays: command.kind === 'accompaniment' ? (command.meetingIntervalDays ?? null) : null,
      },
    },
  ];
};

const decideSession = (command: SessionCommand, state: SessionState): Decision<SessionEvent> => {
  if (command.type === 'ScheduleSession') {
    return state.status === 'none'
      ? schedule(command)
      : new DomainError('conflict', 'session_already_scheduled', 'Cette session existe déjà.');
  }
  if (state.status === 'none') return new DomainError('not_found', 'session_not_found', "Cette session n'existe pas.");
  if (state.status !== 'scheduled') {
    return new DomainError('conflict', 'session_closed', 'Cette session a déjà eu lieu ou a été annulée.');
  }
  const at = Temporal.Instant.from(command.at);
  const when = formatInstant(at);
  switch (command.type) {
    case 'RegisterForSession':
      if (!state.towns.includes(command.insee)) {
        return invalid([{ path: 'insee', message: `ville non invitée à cette session : ${command.insee}` }]);
      }
      return [
        {
          type: 'SessionRegistrationRecorded',
          data: { insee: command.insee, participants: command.participants, at: when },
        },
      ];
    case 'RecordSessionHeld':
      if (Temporal.Instant.compare(at, state.start) < 0) {
        return invalid([{ path: 'at', message: 'une session ne peut pas avoir eu lieu avant son début' }]);
      }
      return [{ type: 'SessionHeld', data: { attendees: command.attendees, at: when } }];
    case 'CancelSession':
      return [{ type: 'SessionCancelled', data: { reason: command.reason.trim(), at: when } }];
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

const evolveSession = (state: SessionState, event: SessionEvent): SessionState => {
  switch (event.type) {
    case 'SessionScheduled':
      return { status: 'scheduled', start: event.data.start, towns: event.data.towns };
    case 'SessionRegistrationRecorded':
      return state;
    case 'SessionHeld':
      return state.status === 'none' ? state : { ...state, status: 'held' };
    case 'SessionCancelled':
      return state.status === 'none' ? state : { ...state, status: 'cancelled' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

export const sessionDecider: Decider<SessionCommand, SessionEvent, SessionState> = {
  initialState: { status: 'none' },
  decide: decideSession,
  evolve: evolveSession,
};
