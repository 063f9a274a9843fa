import { deciderSpec } from '@digit/testing';
import {
  maintenanceNoticeDecider,
  noticeRecipients,
  type ConventionStatus,
  type MaintenanceCommand,
  type MaintenanceEvent,
} from './maintenance-notice.decider.js';

const spec = deciderSpec(maintenanceNoticeDecider);

const announce = (change: Partial<Extract<MaintenanceCommand, { type: 'AnnounceMaintenance' }>> = {}): MaintenanceCommand => ({
  type: 'AnnounceMaintenance',
  noticeId: 'm-1',
  services: ['web-map'],
  plannedStart: '2026-04-08T18:00:00+02:00',
  plannedEnd: '2026-04-08T20:00:00+02:00',
  description: 'Mise à jour du module cartographique web',
  recipients: ['92040', '92012'],
  now: '2026-04-01T10:00:00+02:00',
  ...change,
});

const announced: MaintenanceEvent = {
  type: 'MaintenanceAnnounced',
  data: {
    noticeId: 'm-1',
    services: ['web-map'],
    plannedStart: '2026-04-08T18:00:00+02:00',
    plannedEnd: '2026-04-08T20:00:00+02:00',
    description: 'Mise à jour du module cartographique web',
    recipients: ['92012', '92040'],
    announcedAt: '2026-04-01T10:00:00+02:00',
  },
};
const started: MaintenanceEvent = {
  type: 'MaintenanceInterruptionStarted',
  data: { at: '2026-04-08T18:05:00+02:00', earlierThanAnnounced: false },
};

describe('R-SUP-4: maintenance notices reach every town in force and no other', () => {
  it('R-SUP-4: recipients are the towns whose convention is in force or under notice', () => {
    const conventions: { insee: '92012' | '92022' | '92040' | '92047' | '92048'; status: ConventionStatus }[] = [
      { insee: '92048', status: 'notice_given' },
      { insee: '92012', status: 'in_force' },
      { insee: '92022', status: 'terminated' },
      { insee: '92040', status: 'signed' },
      { insee: '92047', status: 'expired' },
    ];
    expect(noticeRecipients(conventions)).toEqual(['92012', '92048']);
  });

  it('R-SUP-4: an announcement names its recipients in INSEE order', () => {
    spec.given([]).when(announce()).then([announced]);
  });

  // Services known and each once, a description: checked at the edge (libs/contracts support.requests.unit.spec.ts).
  it.each([
    ['no town in force to warn', { recipients: [] }, 'recipients'],
    ['an interruption already started', { plannedStart: '2026-04-01T09:00:00+02:00' }, 'plannedStart'],
    ['an end before the start', { plannedEnd: '2026-04-08T17:00:00+02:00' }, 'plannedEnd'],
  ])('R-SUP-4: an announcement with %s is refused', (_case, change, path) => {
    const error = spec.given([]).when(announce(change)).thenError('validation_failed');
    expect(error.details.map((detail) => detail.path)).toContain(path);
  });
});

describe('R-SUP-4: interruption and restoration', () => {
  it.each([
    ['on time', '2026-04-08T18:05:00+02:00', false],
    ['earlier than announced', '2026-04-08T17:30:00+02:00', true],
  ])('R-SUP-4: an interruption starting %s', (_case, at, earlier) => {
    spec
      .given([announced])
      .when({ type: 'RecordInterruptionStarted', at })
      .then([{ type: 'MaintenanceInterruptionStarted', data: { at, earlierThanAnnounced: earlier } }]);
  });

  it('R-SUP-4: restoration records how long the service was interrupted', () => {
    spec
      .given([announced, started])
      .when({ type: 'RecordServiceRestored', at: '2026-04-08T18:20:00Z' })
      .then([
        {
          type: 'MaintenanceServiceRestored',
          data: { at: '2026-04-08T20:20:00+02:00', interruptionMinutes: 135, laterThanAnnounced: true },
        },
      ]);
  });

  it.each([
    [
      'restoring before any interruption',
      [announced],
      { type: 'RecordServiceRestored', at: '2026-04-08T19:00:00+02:00' },
      'maintenance_wrong_state',
    ],
    [
      'cancelling once started',
      [announced, started],
      { type: 'CancelMaintenance', reason: 'Reportée', at: '2026-04-08T19:00:00+02:00' },
      'maintenance_wrong_state',
    ],
    [
      'an action dated before the history',
      [announced, started],
      { type: 'RecordServiceRestored', at: '2026-04-08T18:00:00+02:00' },
      'instant_before_history',
    ],
    ['announcing twice', [announced], announce(), 'notice_already_announced'],
  ] as const)('R-SUP-4: %s is refused', (_case, history, command, code) => {
    spec
      .given(history)
      .when(command as MaintenanceCommand)
      .thenError(code);
  });

  it('R-SUP-4: an announced maintenance can be cancelled', () => {
    spec
      .given([announced])
      .when({ type: 'CancelMaintenance', reason: 'Reportée', at: '2026-04-02T10:00:00+02:00' })
      .then([{ type: 'MaintenanceCancelled', data: { reason: 'Reportée', at: '2026-04-02T10:00:00+02:00' } }]);
  });
});
