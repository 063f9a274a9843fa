import { townName, type Insee, type SessionView } from '@digit/contracts';
import type { CalendarEntry, SessionEvent, SessionKind } from '../domain/index.js';

/** A workshop, training session or accompaniment with its registrations per town (R-SUP-5). */
export interface SessionRecord {
  readonly id: string;
  readonly kind: SessionKind;
  readonly title: string;
  readonly start: string;
  readonly end: string;
  readonly towns: readonly Insee[];
  readonly meetingIntervalDays: number | null;
  readonly status: 'scheduled' | 'held' | 'cancelled';
  /** A town's latest registration replaces its earlier one: it states how many will come. */
  readonly registrations: Readonly<Partial<Record<Insee, { readonly participants: number; readonly at: string }>>>;
  readonly attendees: number | null;
  readonly heldAt: string | null;
  readonly cancellation: { readonly reason: string; readonly at: string } | null;
  readonly recordedAt: string;
}

export const evolveSessionRecord = (view: SessionRecord | undefined, event: SessionEvent, recordedAt: string): SessionRecord => {
  if (event.type === 'SessionScheduled') {
    const { sessionId, kind, title, start, end, towns, meetingIntervalDays } = event.data;
    return {
      id: sessionId,
      kind,
      title,
      start,
      end,
      towns,
      meetingIntervalDays,
      status: 'scheduled',
      registrations: {},
      attendees: null,
      heldAt: null,
      cancellation: null,
      recordedAt,
    };
  }
  if (view === undefined) throw new Error(`${event.type} before SessionScheduled`);
  switch (event.type) {
    case 'SessionRegistrationRecorded': {
      const { insee, participants, at } = event.data;
      return { ...view, registrations: { ...view.registrations, [insee]: { participants, at } }, recordedAt };
    }
    case 'SessionHeld':
      return { ...view, status: 'held', attendees: event.data.attendees, heldAt: event.data.at, recordedAt };
    case 'SessionCancelled':
      return { ...view, status: 'cancelled', cancellation: event.data, recordedAt };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

export const sessionAnswer = (view: SessionRecord): SessionView => {
  const registrations = view.towns.flatMap((insee) => {
    const registration = view.registrations[insee];
    return registration ? [{ insee, town: townName(insee), ...registration }] : [];
  });
  return {
    ...view,
    towns: view.towns.map((insee) => ({ insee, town: townName(insee) })),
    registrations,
    registeredParticipants: registrations.reduce((total, registration) => total + registration.participants, 0),
  };
};

const KIND_LABELS: Readonly<Record<SessionKind, string>> = {
  workshop: "Atelier d'acculturation",
  training: 'Formation',
  accompaniment: 'Accompagnement',
};

export const sessionCalendarEntry = (view: SessionView): CalendarEntry => ({
  uid: `session-${view.id}@digit.seineouest.fr`,
  start: view.start,
  end: view.end,
  summary: `${KIND_LABELS[view.kind]} : ${view.title}`,
  description:
    `Villes invitées : ${view.towns.map(({ town }) => town).join(', ')}.` +
    (view.meetingIntervalDays === null ? '' : ` Rendez-vous tous les ${view.meetingIntervalDays} jours.`),
  cancelled: view.status === 'cancelled',
  stampedAt: view.recordedAt,
});
