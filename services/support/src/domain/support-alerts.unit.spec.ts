import { foldEvents } from '@digit/contracts';
import { requestDecider } from './request.decider.js';
import type { RequestEvent } from './request.events.js';
import type { ReceivedRequestState } from './request.state.js';
import { interruptionAlert, requestAlerts, type InterruptionFacts } from './support-alerts.js';
import { DEFAULT_SUPPORT_POLICY } from './support-policy.js';

// Tuesday 10 March 2026, 9:30 in Paris: first response due at 15:30, resolution (30 service hours) on Tuesday 17 March at 9:30.
const received = (containsPersonalData = false): RequestEvent => ({
  type: 'RequestReceived',
  data: {
    requestId: 'r-1',
    insee: '92012',
    kind: 'assistance',
    channel: 'api',
    need: 'Carte des travaux de voirie',
    targetUsers: 'Service voirie',
    context: 'Réunion publique',
    deadline: '2026-03-31',
    receivedAt: '2026-03-10T09:30:00+01:00',
    containsPersonalData,
    personalDataDeclaration: containsPersonalData ? { processing: null, categories: [] } : null,
    serviceLevel: DEFAULT_SUPPORT_POLICY,
    firstResponseDueAt: '2026-03-10T15:30:00+01:00',
    resolutionDueAt: '2026-03-17T09:30:00+01:00',
  },
});
const replied: RequestEvent = {
  type: 'RequestReplied',
  data: { by: 'lea', message: 'Voici', at: '2026-03-10T10:00:00+01:00', firstResponse: true },
};
const waiting: RequestEvent = { type: 'RequestWaitingOnTownStarted', data: { at: '2026-03-10T10:00:00+01:00', reason: 'Fichier attendu' } };
const closed: RequestEvent = { type: 'RequestClosed', data: { at: '2026-03-10T11:00:00+01:00', closure: 'resolved', summary: 'Fait' } };
const checked = (outcome: 'registered' | 'not-registered'): RequestEvent => ({
  type: 'RequestPrivacyCheckRecorded',
  data: { outcome, checkedAt: '2026-03-10T10:05:00+01:00', registerReference: outcome === 'registered' ? 'T-12' : null },
});

const stateOf = (events: readonly RequestEvent[]): ReceivedRequestState => {
  const state = foldEvents(requestDecider, events);
  if (state.status === 'none') throw new Error('not received');
  return state;
};
const kindsAt = (events: readonly RequestEvent[], at: string) => {
  const checkedAt = events.flatMap((event) => (event.type === 'RequestPrivacyCheckRecorded' ? [event.data.checkedAt] : [])).at(-1) ?? null;
  return requestAlerts(stateOf(events), checkedAt, at).map((alert) => [alert.kind, alert.severity, alert.date]);
};

describe('support requests’ response times (R-SEC-6, R-SUP-3)', () => {
  type Row = readonly [label: string, at: string, events: readonly RequestEvent[], expected: readonly (readonly string[])[]];
  it.each<Row>([
    ['just received: the first response is more than three service hours away', '2026-03-10T09:30:00+01:00', [received()], []],
    [
      '11:00: due at 15:30, within the next three service hours (12:00, then 14:00–16:00)',
      '2026-03-10T11:00:00+01:00',
      [received()],
      [['response-due', 'warning', '2026-03-10']],
    ],
    ['15:31, not answered: breached', '2026-03-10T15:31:00+01:00', [received()], [['response-breached', 'critical', '2026-03-10']]],
    ['answered at 10:00: the first response clock stopped', '2026-03-10T15:31:00+01:00', [received(), replied], []],
    ['waiting on the town since 10:00: the clocks stand still', '2026-03-10T15:31:00+01:00', [received(), waiting], []],
    ['closed at 11:00', '2026-03-10T15:31:00+01:00', [received(), closed], []],
    [
      'seen at 10:30, before the closure recorded at 11:00',
      '2026-03-10T10:30:00+01:00',
      [received(), closed],
      [['response-due', 'warning', '2026-03-10']],
    ],
    ['seen at 09:45, before the reply of 10:00', '2026-03-10T09:45:00+01:00', [received(), replied], []],
    [
      'the resolution due within three service hours (17/03 09:30)',
      '2026-03-17T08:00:00+01:00',
      [received(), replied],
      [['resolution-due', 'warning', '2026-03-17']],
    ],
    ['the resolution breached', '2026-03-17T10:00:00+01:00', [received(), replied], [['resolution-breached', 'critical', '2026-03-17']]],
    [
      'both breached, never answered',
      '2026-03-17T10:00:00+01:00',
      [received()],
      [
        ['response-breached', 'critical', '2026-03-10'],
        ['resolution-breached', 'critical', '2026-03-17'],
      ],
    ],
    ['not received yet', '2026-03-10T09:00:00+01:00', [received()], []],
  ])('R-SUP-3: %s (%s)', (_label, at, events, expected) => {
    expect(kindsAt(events, at)).toEqual(expected);
  });

  it('R-SUP-3: the alert names the town, the request and the due time in Paris, and says what to do', () => {
    expect(requestAlerts(stateOf([received()]), null, '2026-03-10T15:31:00+01:00')).toEqual([
      {
        kind: 'response-breached',
        rule: 'R-SUP-3',
        severity: 'critical',
        subject: 'r-1',
        insee: '92012',
        date: '2026-03-10',
        message:
          'Boulogne-Billancourt : demande r-1 — délai de première réponse dépassé depuis le 10/03/2026 15:30 (heures de service) : répondez à la ville.',
        demo: false,
      },
    ]);
  });
});

describe('support requests held by the privacy check (R-SEC-6, R-GDPR-2)', () => {
  type Row = readonly [label: string, at: string, events: readonly RequestEvent[], expected: readonly (readonly string[])[]];
  it.each<Row>([
    [
      'holding personal data, no verdict yet',
      '2026-03-10T09:40:00+01:00',
      [received(true)],
      [['privacy-check-pending', 'warning', '2026-03-10']],
    ],
    [
      'not in the register: held, critical',
      '2026-03-10T10:10:00+01:00',
      [received(true), replied, checked('not-registered')],
      [['privacy-check-refused', 'critical', '2026-03-10']],
    ],
    [
      'the refusal dated after the reading: still waiting then',
      '2026-03-10T10:01:00+01:00',
      [received(true), replied, checked('not-registered')],
      [['privacy-check-pending', 'warning', '2026-03-10']],
    ],
    ['in the register: released', '2026-03-10T10:10:00+01:00', [received(true), replied, checked('registered')], []],
  ])('R-GDPR-2: %s (%s)', (_label, at, events, expected) => {
    expect(kindsAt(events, at)).toEqual(expected);
  });
});

describe('maintenance interruptions not restored (R-SEC-6, R-SUP-4)', () => {
  const notice: InterruptionFacts = {
    id: 'm-1',
    services: ['web-map'],
    plannedEnd: '2026-12-07T12:00:00+01:00',
    recipients: ['92012', '92040'],
    interruptedAt: '2026-12-07T09:00:00+01:00',
    restoredAt: null,
  };
  type Row = readonly [
    label: string,
    at: string,
    facts: InterruptionFacts,
    insee: '92012' | '92022' | undefined,
    expected: readonly string[] | null,
  ];
  it.each<Row>([
    ['before the interruption', '2026-12-07T08:59:00+01:00', notice, undefined, null],
    ['interrupted, before the announced end', '2026-12-07T10:00:00+01:00', notice, undefined, ['warning', 'null']],
    ['past the announced end', '2026-12-07T12:01:00+01:00', notice, undefined, ['critical', 'null']],
    ['told to a recipient town', '2026-12-07T10:00:00+01:00', notice, '92012', ['warning', '92012']],
    ['not told to another town', '2026-12-07T10:00:00+01:00', notice, '92022', null],
    [
      'restored at 11:00, seen at 11:30',
      '2026-12-07T11:30:00+01:00',
      { ...notice, restoredAt: '2026-12-07T11:00:00+01:00' },
      undefined,
      null,
    ],
    [
      'restored at 11:00, seen at 10:30',
      '2026-12-07T10:30:00+01:00',
      { ...notice, restoredAt: '2026-12-07T11:00:00+01:00' },
      undefined,
      ['warning', 'null'],
    ],
  ])('R-SUP-4: %s (%s)', (_label, at, facts, insee, expected) => {
    const alert = interruptionAlert(facts, at, insee);
    expect(alert === null ? null : [alert.severity, String(alert.insee)]).toEqual(expected);
  });

  it('R-SUP-4: the alert names the towns, the service and what to do, in French', () => {
    expect(interruptionAlert(notice, '2026-12-07T12:01:00+01:00', undefined)?.message).toBe(
      'Boulogne-Billancourt, Issy-les-Moulineaux : interruption de maintenance m-1 (le module cartographique web) en cours depuis le 07/12/2026 09:00, ' +
        'au-delà de la fin annoncée (07/12/2026 12:00) : rétablissez le service au plus vite et prévenez les villes.',
    );
  });
});
