import { toICalendar, type MaintenanceEvent, type SessionEvent } from '../domain/index.js';
import { evolveMaintenanceNoticeRecord, maintenanceCalendarEntry, maintenanceNoticeAnswer } from './maintenance-notice-view.js';
import { evolveSessionRecord, sessionAnswer, sessionCalendarEntry } from './session-view.js';

const announced: MaintenanceEvent = {
  type: 'MaintenanceAnnounced',
  data: {
    noticeId: 'm-1',
    services: ['web-map', 'database'],
    plannedStart: '2026-12-01T20:00:00+01:00',
    plannedEnd: '2026-12-01T22:00:00+01:00',
    description: 'Mise à jour du serveur',
    recipients: ['92012', '92040'],
    announcedAt: '2026-11-20T10:00:00+01:00',
  },
};

describe('calendar feeds of the read models', () => {
  it('R-SUP-4: a notice is announced for its planned slot, in French', () => {
    const view = evolveMaintenanceNoticeRecord(undefined, announced, '2026-11-20T09:00:00.000Z');
    expect(maintenanceCalendarEntry(maintenanceNoticeAnswer(view))).toEqual({
      uid: 'maintenance-m-1@digit.seineouest.fr',
      start: '2026-12-01T20:00:00+01:00',
      end: '2026-12-01T22:00:00+01:00',
      summary: "Maintenance DIGIT : interruption du module cartographique web et de l'accès aux bases de données",
      description: 'Mise à jour du serveur',
      cancelled: false,
      stampedAt: '2026-11-20T09:00:00.000Z',
    });
  });

  it('R-SUP-4: once restored, the feed shows the real interruption; a cancelled notice is marked so', () => {
    const started = evolveMaintenanceNoticeRecord(
      evolveMaintenanceNoticeRecord(undefined, announced, '2026-11-20T09:00:00.000Z'),
      { type: 'MaintenanceInterruptionStarted', data: { at: '2026-12-01T20:10:00+01:00', earlierThanAnnounced: false } },
      '2026-12-01T19:10:00.000Z',
    );
    const restored = evolveMaintenanceNoticeRecord(
      started,
      { type: 'MaintenanceServiceRestored', data: { at: '2026-12-01T22:30:00+01:00', interruptionMinutes: 140, laterThanAnnounced: true } },
      '2026-12-01T21:30:00.000Z',
    );
    expect(maintenanceCalendarEntry(maintenanceNoticeAnswer(restored))).toMatchObject({
      start: '2026-12-01T20:10:00+01:00',
      end: '2026-12-01T22:30:00+01:00',
      stampedAt: '2026-12-01T21:30:00.000Z',
    });
    const cancelled = evolveMaintenanceNoticeRecord(
      evolveMaintenanceNoticeRecord(undefined, announced, '2026-11-20T09:00:00.000Z'),
      { type: 'MaintenanceCancelled', data: { reason: 'Reportée', at: '2026-11-25T10:00:00+01:00' } },
      '2026-11-25T09:00:00.000Z',
    );
    expect(toICalendar('DIGIT', [maintenanceCalendarEntry(maintenanceNoticeAnswer(cancelled))])).toContain('STATUS:CANCELLED');
  });

  it('R-SUP-5: a town registering again replaces its count; the feed names the towns invited', () => {
    const scheduled: SessionEvent = {
      type: 'SessionScheduled',
      data: {
        sessionId: 's-1',
        kind: 'workshop',
        title: 'Open Data',
        start: '2026-12-10T14:00:00+01:00',
        end: '2026-12-10T16:30:00+01:00',
        towns: ['92012', '92040'],
        meetingIntervalDays: null,
      },
    };
    const register = (participants: number): SessionEvent => ({
      type: 'SessionRegistrationRecorded',
      data: { insee: '92040', participants, at: '2026-12-01T10:00:00+01:00' },
    });
    const view = [register(3), register(5)].reduce(
      (current, event) => evolveSessionRecord(current, event, '2026-12-01T09:00:00.000Z'),
      evolveSessionRecord(undefined, scheduled, '2026-11-01T09:00:00.000Z'),
    );
    expect(sessionAnswer(view)).toMatchObject({
      registrations: [{ insee: '92040', town: 'Issy-les-Moulineaux', participants: 5 }],
      registeredParticipants: 5,
    });
    expect(sessionCalendarEntry(sessionAnswer(view))).toMatchObject({
      summary: "Atelier d'acculturation : Open Data",
      description: 'Villes invitées : Boulogne-Billancourt, Issy-les-Moulineaux.',
    });
  });
});
