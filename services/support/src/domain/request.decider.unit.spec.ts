import { foldEvents, isDomainError } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import type { ReceiveRequest } from './request.commands.js';
import { firstResponseDueAt, resolutionDueAt } from './request-deadlines.js';
import { requestDecider } from './request.decider.js';
import type { RequestEvent, RequestReceived } from './request.events.js';
import type { ReceivedRequestState } from './request.state.js';
import { DEFAULT_SUPPORT_POLICY, supportPolicy } from './support-policy.js';

const spec = deciderSpec(requestDecider);

// Tuesday 10 March 2026, 9:30 in Paris: first response due at 15:30 (2h30 + 1h30), resolution
// (30 service hours) on Tuesday 17 March at 9:30.
const RECEIVED_AT = '2026-03-10T09:30:00+01:00';

const receive = (overrides: Partial<ReceiveRequest> = {}): ReceiveRequest => ({
  type: 'ReceiveRequest',
  requestId: 'r-1',
  insee: '92012',
  need: 'Carte des travaux de voirie pour le conseil de quartier',
  targetUsers: 'Service voirie',
  context: 'Réunion publique du 2 avril',
  deadline: '2026-03-31',
  channel: 'api',
  containsPersonalData: false,
  now: RECEIVED_AT,
  ...overrides,
});

const received = (overrides: Partial<RequestReceived['data']> = {}): RequestReceived => ({
  type: 'RequestReceived',
  data: {
    requestId: 'r-1',
    insee: '92012',
    kind: 'assistance',
    channel: 'api',
    need: 'Carte des travaux de voirie pour le conseil de quartier',
    targetUsers: 'Service voirie',
    context: 'Réunion publique du 2 avril',
    deadline: '2026-03-31',
    receivedAt: RECEIVED_AT,
    containsPersonalData: false,
    personalDataDeclaration: null,
    personalDataDetected: false,
    serviceLevel: DEFAULT_SUPPORT_POLICY,
    firstResponseDueAt: '2026-03-10T15:30:00+01:00',
    resolutionDueAt: '2026-03-17T09:30:00+01:00',
    ...overrides,
  },
});

const stateOf = (events: readonly RequestEvent[]): ReceivedRequestState => {
  const state = foldEvents(requestDecider, events);
  if (state.status === 'none') throw new Error('request not received');
  return state;
};

describe('R-SUP-1: receiving a request', () => {
  it('R-SUP-1/R-SUP-3: an API request is received now, with its due times in service hours', () => {
    spec.given([]).when(receive()).then([received()]);
  });

  it('R-SUP-1: an e-mail keeps its received time (Friday 17:30, read on Monday)', () => {
    spec
      .given([])
      .when(receive({ channel: 'email', receivedAt: '2026-03-06T16:30:00Z', now: '2026-03-09T08:00:00+01:00' }))
      .then([
        received({
          channel: 'email',
          receivedAt: '2026-03-06T17:30:00+01:00',
          firstResponseDueAt: '2026-03-09T15:00:00+01:00',
          resolutionDueAt: '2026-03-13T17:00:00+01:00',
        }),
      ]);
  });

  it('R-SUP-3: the configured policy is recorded with the request', () => {
    const policy = supportPolicy({ firstResponseServiceMinutes: 120, resolutionServiceMinutes: 720 });
    spec
      .given([])
      .when(receive({ policy, kind: 'project' }))
      .then([
        received({
          kind: 'project',
          serviceLevel: policy,
          firstResponseDueAt: '2026-03-10T11:30:00+01:00',
          resolutionDueAt: '2026-03-12T09:30:00+01:00',
        }),
      ]);
  });

  // A town, texts that are not blank, dates and instants well written: checked at the edge (libs/contracts support.requests.unit.spec.ts).
  it.each([
    [
      'a deadline before reception',
      { deadline: '2026-03-09' },
      'deadline',
      "l'échéance (09/03/2026) précède la réception de la demande (10/03/2026 09:30)",
    ],
    [
      'an e-mail without its received time',
      { channel: 'email' as const },
      'receivedAt',
      "l'heure de réception du courriel est obligatoire",
    ],
    ['a reception in the future', { receivedAt: '2026-03-10T10:00:00+01:00' }, 'receivedAt', 'ne peut pas être dans le futur'],
  ])('R-SUP-1: %s is refused and nothing is recorded', (_case, change, path, message) => {
    const error = spec.given([]).when(receive(change)).thenError('validation_failed', 'La demande est incomplète ou invalide.');
    expect(error.details).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('R-SUP-1: every problem is listed at once', () => {
    const error = spec
      .given([])
      .when(receive({ channel: 'email', deadline: '2026-01-05', declaredProcessing: 'REG-92012-014' }))
      .thenError('validation_failed');
    expect(error.details.map((detail) => detail.path)).toEqual(['receivedAt', 'deadline', 'containsPersonalData']);
  });

  it('R-SUP-1: a deadline on the day of reception is accepted', () => {
    const decision = requestDecider.decide(receive({ deadline: '2026-03-10' }), requestDecider.initialState);
    expect(isDomainError(decision)).toBe(false);
  });

  it('R-SUP-1: the same request cannot be received twice', () => {
    spec.given([received()]).when(receive()).thenError('request_already_received');
  });

  it('R-SUP-1: events are plain JSON', () => {
    const event = received();
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });
});

describe('R-SUP-1: handling a request', () => {
  it.each([
    [
      'a first assignment',
      [],
      'Léa',
      [{ type: 'RequestAssigned', data: { assignee: 'Léa', previousAssignee: null, at: '2026-03-10T10:00:00+01:00' } }],
    ],
    [
      'a reassignment names the previous agent',
      [{ type: 'RequestAssigned', data: { assignee: 'Léa', previousAssignee: null, at: RECEIVED_AT } }],
      'Hugo',
      [{ type: 'RequestAssigned', data: { assignee: 'Hugo', previousAssignee: 'Léa', at: '2026-03-10T10:00:00+01:00' } }],
    ],
    [
      'assigning the same agent again changes nothing',
      [{ type: 'RequestAssigned', data: { assignee: 'Léa', previousAssignee: null, at: RECEIVED_AT } }],
      'Léa',
      [],
    ],
  ] as const)('R-SUP-1: %s', (_case, history, assignee, expected) => {
    spec
      .given([received(), ...history])
      .when({ type: 'AssignRequest', assignee, at: '2026-03-10T10:00:00+01:00' })
      .then(expected);
  });

  it('R-SUP-3: the first reply is the first response; later replies are not', () => {
    const reply = { type: 'ReplyToRequest', by: 'Léa', message: 'Voici la carte.', at: '2026-03-10T11:00:00+01:00' } as const;
    const first: RequestEvent = {
      type: 'RequestReplied',
      data: { by: 'Léa', message: 'Voici la carte.', at: '2026-03-10T11:00:00+01:00', firstResponse: true },
    };
    spec.given([received()]).when(reply).then([first]);
    spec
      .given([received(), first])
      .when({ ...reply, at: '2026-03-10T11:30:00+01:00' })
      .then([
        { type: 'RequestReplied', data: { by: 'Léa', message: 'Voici la carte.', at: '2026-03-10T11:30:00+01:00', firstResponse: false } },
      ]);
  });

  it('R-SUP-3: a reply exactly at the due time is on time', () => {
    spec
      .given([received()])
      .when({ type: 'ReplyToRequest', by: 'Léa', message: 'Réponse', at: '2026-03-10T15:30:00+01:00' })
      .then([{ type: 'RequestReplied', data: { by: 'Léa', message: 'Réponse', at: '2026-03-10T15:30:00+01:00', firstResponse: true } }]);
  });

  it('R-SUP-3: a late reply records the first-response breach first', () => {
    spec
      .given([received()])
      .when({ type: 'ReplyToRequest', by: 'Léa', message: 'Réponse', at: '2026-03-10T15:31:00+01:00' })
      .then([
        { type: 'FirstResponseBreached', data: { dueAt: '2026-03-10T15:30:00+01:00', detectedAt: '2026-03-10T15:31:00+01:00' } },
        { type: 'RequestReplied', data: { by: 'Léa', message: 'Réponse', at: '2026-03-10T15:31:00+01:00', firstResponse: true } },
      ]);
  });

  it('R-SUP-1: an action dated before the request history is refused', () => {
    spec
      .given([received()])
      .when({ type: 'AssignRequest', assignee: 'Léa', at: '2026-03-10T09:00:00+01:00' })
      .thenError('instant_before_history', 'avant le dernier fait enregistré');
  });

  it('R-SUP-1: ending a waiting that never started is refused', () => {
    spec.given([received()]).when({ type: 'EndWaitingOnTown', at: '2026-03-10T10:00:00+01:00' }).thenError('not_waiting_on_town');
  });

  it('R-SUP-1: a request never received cannot be handled', () => {
    spec.given([]).when({ type: 'AssignRequest', assignee: 'Léa', at: RECEIVED_AT }).thenError('request_not_found');
  });
});

describe('R-SUP-3: waiting on the town stops the clocks', () => {
  const waitingStarted: RequestEvent = {
    type: 'RequestWaitingOnTownStarted',
    data: { at: '2026-03-10T10:00:00+01:00', reason: 'Fichier des voies attendu' },
  };
  const waitingEnded: RequestEvent = { type: 'RequestWaitingOnTownEnded', data: { at: '2026-03-11T10:00:00+01:00' } };

  it('R-SUP-3: waiting starts and ends', () => {
    spec
      .given([received()])
      .when({ type: 'StartWaitingOnTown', reason: 'Fichier des voies attendu', at: '2026-03-10T10:00:00+01:00' })
      .then([waitingStarted]);
    spec.given([received(), waitingStarted]).when({ type: 'EndWaitingOnTown', at: '2026-03-11T10:00:00+01:00' }).then([waitingEnded]);
    spec
      .given([received(), waitingStarted])
      .when({ type: 'StartWaitingOnTown', reason: 'encore', at: '2026-03-10T11:00:00+01:00' })
      .thenError('already_waiting_on_town');
  });

  it('R-SUP-3: due times are recomputed with the waiting periods', () => {
    const state = stateOf([received(), waitingStarted, waitingEnded]);
    expect(firstResponseDueAt(state)).toBe('2026-03-11T15:30:00+01:00');
    expect(resolutionDueAt(state)).toBe('2026-03-18T09:30:00+01:00');
  });

  it('R-SUP-3: while waiting, a due time is unknown unless asked as of an instant', () => {
    const state = stateOf([received(), waitingStarted]);
    expect(firstResponseDueAt(state)).toBeNull();
    expect(firstResponseDueAt(state, '2026-03-11T10:00:00+01:00')).toBe('2026-03-11T15:30:00+01:00');
  });

  it('R-SUP-3: a due time passed before the waiting started stays known', () => {
    const lateWaiting: RequestEvent = {
      type: 'RequestWaitingOnTownStarted',
      data: { at: '2026-03-10T16:00:00+01:00', reason: 'Précision attendue' },
    };
    const state = stateOf([
      received(),
      { type: 'FirstResponseBreached', data: { dueAt: '2026-03-10T15:30:00+01:00', detectedAt: '2026-03-10T16:00:00+01:00' } },
      lateWaiting,
    ]);
    expect(firstResponseDueAt(state)).toBe('2026-03-10T15:30:00+01:00');
  });

  it('R-SUP-3: no breach while the town keeps the request waiting', () => {
    spec.given([received(), waitingStarted]).when({ type: 'CheckDeadlines', now: '2026-03-20T10:00:00+01:00' }).then([]);
  });

  it('R-SUP-3: a reply ends the first-response clock; waiting afterwards does not move its due time', () => {
    const replied: RequestEvent = {
      type: 'RequestReplied',
      data: { by: 'Léa', message: 'Question', at: '2026-03-10T09:45:00+01:00', firstResponse: true },
    };
    const state = stateOf([received(), replied, waitingStarted]);
    expect(firstResponseDueAt(state)).toBe('2026-03-10T15:30:00+01:00');
    expect(resolutionDueAt(state)).toBeNull();
  });

  it('R-SUP-3: a reply during a waiting stops the first-response clock at the reply', () => {
    const replied: RequestEvent = {
      type: 'RequestReplied',
      data: { by: 'Léa', message: 'Précision', at: '2026-03-10T11:00:00+01:00', firstResponse: true },
    };
    // 30 min before the waiting, paused 10:00-11:00, then 3h30 more: 12:00 + lunch + 14:00-16:30.
    expect(firstResponseDueAt(stateOf([received(), waitingStarted, replied]))).toBe('2026-03-10T16:30:00+01:00');
    const ended: RequestEvent = { type: 'RequestWaitingOnTownEnded', data: { at: '2026-03-12T10:00:00+01:00' } };
    expect(firstResponseDueAt(stateOf([received(), waitingStarted, replied, ended]))).toBe('2026-03-10T16:30:00+01:00');
  });

  it('R-SUP-1: closing while waiting ends the waiting', () => {
    spec
      .given([received(), waitingStarted])
      .when({ type: 'CloseRequest', closure: 'withdrawn', summary: 'Besoin abandonné', at: '2026-03-12T09:00:00+01:00' })
      .then([
        { type: 'RequestWaitingOnTownEnded', data: { at: '2026-03-12T09:00:00+01:00' } },
        { type: 'RequestClosed', data: { at: '2026-03-12T09:00:00+01:00', closure: 'withdrawn', summary: 'Besoin abandonné' } },
      ]);
  });
});

describe('R-SUP-3: breaches are events, recorded once', () => {
  const check = (now: string) => ({ type: 'CheckDeadlines', now }) as const;
  const firstBreach: RequestEvent = {
    type: 'FirstResponseBreached',
    data: { dueAt: '2026-03-10T15:30:00+01:00', detectedAt: '2026-03-10T16:00:00+01:00' },
  };

  it.each([
    ['before the first-response due time', '2026-03-10T15:30:00+01:00', []],
    ['after the first-response due time', '2026-03-10T16:00:00+01:00', [firstBreach]],
    ['given in UTC, recorded in Paris time', '2026-03-10T15:00:00Z', [firstBreach]],
  ])('R-SUP-3: checked %s', (_case, now, expected) => {
    spec.given([received()]).when(check(now)).then(expected);
  });

  it('R-SUP-3: a breach already recorded is not recorded again', () => {
    spec.given([received(), firstBreach]).when(check('2026-03-11T09:00:00+01:00')).then([]);
  });

  it('R-SUP-3: both clocks overdue are recorded together', () => {
    spec
      .given([received()])
      .when(check('2026-03-17T10:00:00+01:00'))
      .then([
        { type: 'FirstResponseBreached', data: { dueAt: '2026-03-10T15:30:00+01:00', detectedAt: '2026-03-17T10:00:00+01:00' } },
        { type: 'ResolutionBreached', data: { dueAt: '2026-03-17T09:30:00+01:00', detectedAt: '2026-03-17T10:00:00+01:00' } },
      ]);
  });

  it('R-SUP-3: a replied request only has its resolution clock', () => {
    const replied: RequestEvent = {
      type: 'RequestReplied',
      data: { by: 'Léa', message: 'Réponse', at: '2026-03-10T10:00:00+01:00', firstResponse: true },
    };
    spec
      .given([received(), replied])
      .when(check('2026-03-17T10:00:00+01:00'))
      .then([{ type: 'ResolutionBreached', data: { dueAt: '2026-03-17T09:30:00+01:00', detectedAt: '2026-03-17T10:00:00+01:00' } }]);
  });

  it('R-SUP-3: a closed request has no clock left; a lagging scheduler records nothing', () => {
    const closed: RequestEvent = { type: 'RequestClosed', data: { at: '2026-03-10T10:00:00+01:00', closure: 'resolved', summary: 'Fait' } };
    spec.given([received(), closed]).when(check('2026-04-01T10:00:00+02:00')).then([]);
    spec
      .given([received(), closed])
      .when({ type: 'AssignRequest', assignee: 'Léa', at: '2026-04-01T10:00:00+02:00' })
      .thenError('request_closed');
    spec.given([received()]).when(check('2026-03-10T09:00:00+01:00')).then([]);
  });
});

describe('R-GDPR-2: requests naming people wait for the privacy cross-check', () => {
  const withPersonalData = received({ containsPersonalData: true, personalDataDeclaration: { processing: null, categories: [] } });
  const reply = { type: 'ReplyToRequest', by: 'Léa', message: 'Réponse', at: '2026-03-10T11:00:00+01:00' } as const;
  const checked = (outcome: 'registered' | 'not-registered'): RequestEvent => ({
    type: 'RequestPrivacyCheckRecorded',
    data: { outcome, checkedAt: '2026-03-10T10:00:00+01:00', registerReference: outcome === 'registered' ? 'REG-92012-014' : null },
  });

  it('R-GDPR-2: no reply before the check', () => {
    spec.given([withPersonalData]).when(reply).thenError('privacy_check_pending', 'registre du DPD');
  });

  it.each([
    ['registered', 'REG-92012-014'],
    ['not-registered', undefined],
  ] as const)('R-GDPR-2: the check outcome %s is recorded', (outcome, registerReference) => {
    spec
      .given([withPersonalData])
      .when({ type: 'RecordPrivacyCheck', outcome, registerReference, at: '2026-03-10T10:00:00+01:00' })
      .then([checked(outcome)]);
  });

  it('R-GDPR-2: the same outcome recorded twice is recorded once', () => {
    spec
      .given([withPersonalData, checked('registered')])
      .when({ type: 'RecordPrivacyCheck', outcome: 'registered', registerReference: 'REG-92012-014', at: '2026-03-10T10:05:00+01:00' })
      .then([]);
  });

  it('R-GDPR-2: a registered processing may be answered; an unregistered one may not', () => {
    spec
      .given([withPersonalData, checked('registered')])
      .when(reply)
      .then([{ type: 'RequestReplied', data: { by: 'Léa', message: 'Réponse', at: '2026-03-10T11:00:00+01:00', firstResponse: true } }]);
    spec
      .given([withPersonalData, checked('not-registered')])
      .when(reply)
      .thenError('processing_not_registered');
  });

  it('R-GDPR-2: an agent may flag personal data found later, which puts the request on hold', () => {
    const flagged: RequestEvent = {
      type: 'RequestPersonalDataFlagged',
      data: { at: '2026-03-10T10:00:00+01:00', personalDataDeclaration: { processing: 'REG-92012-014', categories: [] } },
    };
    spec
      .given([received()])
      .when({ type: 'FlagPersonalData', declaredProcessing: ' REG-92012-014 ', at: '2026-03-10T10:00:00+01:00' })
      .then([flagged]);
    spec.given([received(), flagged]).when(reply).thenError('privacy_check_pending');
  });

  it("R-GDPR-2: the sender's declaration is kept with the request, to be sent to the cross-check", () => {
    spec
      .given([])
      .when(
        receive({ containsPersonalData: true, declaredProcessing: 'REG-92012-014', declaredCategories: ['identity', 'email', 'identity'] }),
      )
      .then([
        received({
          containsPersonalData: true,
          personalDataDeclaration: { processing: 'REG-92012-014', categories: ['identity', 'email'] },
        }),
      ]);
  });

  it('issue 15: a request whose words name a person or give a contact is checked whatever was declared', () => {
    const need = 'Rappeler Marie-Hélène Dupont au 06 12 34 56 78 pour la carte';
    spec
      .given([])
      .when(receive({ need }))
      .then([received({ need, personalDataDetected: true, personalDataDeclaration: { processing: null, categories: [] } })]);
    spec
      .given([received({ need, personalDataDetected: true, personalDataDeclaration: { processing: null, categories: [] } })])
      .when(reply)
      .thenError('privacy_check_pending');
  });

  it('R-GDPR-2: a declaration without personal data is refused', () => {
    const error = spec
      .given([])
      .when(receive({ declaredProcessing: 'REG-92012-014' }))
      .thenError('validation_failed');
    expect(error.details.map((detail) => detail.path)).toEqual(['containsPersonalData']);
  });

  it('R-GDPR-2: a request without personal data needs no check', () => {
    spec
      .given([received()])
      .when({ type: 'RecordPrivacyCheck', outcome: 'registered', at: '2026-03-10T10:00:00+01:00' })
      .thenError('privacy_check_not_required');
  });
});
