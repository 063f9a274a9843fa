import { deciderSpec } from '@digit/testing';
import { sessionDecider, type SessionCommand, type SessionEvent } from './session.decider.js';

const spec = deciderSpec(sessionDecider);

type Schedule = Extract<SessionCommand, { type: 'ScheduleSession' }>;
const schedule = (change: Partial<Schedule> = {}): Schedule => ({
  type: 'ScheduleSession',
  sessionId: 's-1',
  kind: 'workshop',
  title: 'Atelier : les données de mobilité',
  start: '2026-05-12T14:00:00+02:00',
  end: '2026-05-12T16:30:00+02:00',
  towns: ['92072', '92012'],
  ...change,
});

const scheduled: SessionEvent = {
  type: 'SessionScheduled',
  data: {
    sessionId: 's-1',
    kind: 'workshop',
    title: 'Atelier : les données de mobilité',
    start: '2026-05-12T14:00:00+02:00',
    end: '2026-05-12T16:30:00+02:00',
    towns: ['92012', '92072'],
    meetingIntervalDays: null,
  },
};

describe('R-SUP-5: workshops, training and accompaniment', () => {
  it('R-SUP-5: a workshop of 2 to 3 hours is scheduled for the invited towns', () => {
    spec.given([]).when(schedule()).then([scheduled]);
  });

  it.each([
    ['a workshop of 1h30', schedule({ end: '2026-05-12T15:30:00+02:00' }), 'end'],
    ['a workshop of 3h30', schedule({ end: '2026-05-12T17:30:00+02:00' }), 'end'],
    [
      'an accompaniment of three weeks',
      schedule({ kind: 'accompaniment', towns: ['92012'], meetingIntervalDays: 7, end: '2026-06-02T16:30:00+02:00' }),
      'end',
    ],
    [
      'an accompaniment of three months',
      schedule({ kind: 'accompaniment', towns: ['92012'], meetingIntervalDays: 7, end: '2026-08-12T16:30:00+02:00' }),
      'end',
    ],
    [
      'an accompaniment of two towns',
      schedule({ kind: 'accompaniment', meetingIntervalDays: 7, end: '2026-06-30T16:30:00+02:00' }),
      'towns',
    ],
    [
      'an accompaniment without regular meeting',
      schedule({ kind: 'accompaniment', towns: ['92012'], end: '2026-06-30T16:30:00+02:00' }),
      'meetingIntervalDays',
    ],
  ])('R-SUP-5: %s is refused', (_case, command, path) => {
    const error = spec.given([]).when(command).thenError('validation_failed');
    expect(error.details.map((detail) => detail.path)).toContain(path);
  });

  it.each([
    ['training of a whole day', schedule({ kind: 'training', end: '2026-05-12T17:30:00+02:00' })],
    [
      'an accompaniment of six weeks with a weekly meeting',
      schedule({ kind: 'accompaniment', towns: ['92012'], meetingIntervalDays: 7, end: '2026-06-23T16:30:00+02:00' }),
    ],
  ])('R-SUP-5: %s is accepted', (_case, command) => {
    const decision = sessionDecider.decide(command, sessionDecider.initialState);
    expect(Array.isArray(decision)).toBe(true);
  });

  it('R-SUP-5: invited towns register their participants', () => {
    spec
      .given([scheduled])
      .when({ type: 'RegisterForSession', insee: '92012', participants: 4, at: '2026-05-01T10:00:00+02:00' })
      .then([{ type: 'SessionRegistrationRecorded', data: { insee: '92012', participants: 4, at: '2026-05-01T10:00:00+02:00' } }]);
    spec
      .given([scheduled])
      .when({ type: 'RegisterForSession', insee: '92022', participants: 2, at: '2026-05-01T10:00:00+02:00' })
      .thenError('validation_failed');
  });

  it('R-SUP-5: once held, a session takes no more registrations', () => {
    const held: SessionEvent = { type: 'SessionHeld', data: { attendees: 11, at: '2026-05-12T16:30:00+02:00' } };
    spec.given([scheduled]).when({ type: 'RecordSessionHeld', attendees: 11, at: '2026-05-12T16:30:00+02:00' }).then([held]);
    spec
      .given([scheduled, held])
      .when({ type: 'RegisterForSession', insee: '92012', participants: 1, at: '2026-05-13T10:00:00+02:00' })
      .thenError('session_closed');
  });
});
