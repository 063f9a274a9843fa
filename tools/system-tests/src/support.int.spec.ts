import { Temporal } from 'temporal-polyfill';
import { privacyMessages, type PersonalDataCheckView } from '@digit/contracts';
import { serveMessage } from '@digit/messaging';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startSupportService, type SupportService } from '../../../services/support/src/support.app.js';
import { supportSettingsFromEnv } from '../../../services/support/src/support-settings.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

let system: SystemUnderTest;
let support: SupportService;
// The deadline check's clock: far in the past until a test moves it, so it records nothing by itself.
let deadlineCheckNow = '2000-01-03T10:00:00+01:00';

beforeAll(async () => {
  const settings = { ...supportSettingsFromEnv({}), deadlineCheckIntervalMs: 100, privacyCheckTimeoutMs: 500 };
  system = await startSystem([
    startConventionsService,
    async (infra) => (support = await startSupportService(infra, { settings, deadlineCheckClock: () => deadlineCheckNow })),
  ]);
});
afterAll(async () => {
  await system.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
type Json = any;

const call = async (method: string, path: string, body?: unknown) => {
  const response = await system.fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, text, body: (type.includes('json') ? JSON.parse(text) : text) as Json };
};
const get = (path: string) => call('GET', path);
const post = (path: string, body?: unknown) => call('POST', path, body);

const ticket = (overrides: Record<string, unknown> = {}) => ({
  insee: '92012',
  need: 'Carte des travaux de voirie pour le conseil de quartier',
  targetUsers: 'Service voirie',
  context: 'Réunion publique',
  deadline: '2026-12-31',
  ...overrides,
});

/** The privacy service's cross-check, stubbed with one outcome (R-GDPR-2); what support asks is kept in `questions`. */
const stubPrivacyCheck = (outcome: 'allowed' | 'refused', reasons: PersonalDataCheckView['reasons'] = [], questions: Json[] = []) =>
  serveMessage(system.infra.bus, privacyMessages.checkPersonalData, async (question, context) => {
    questions.push({ ...question, askedBy: context.caller.sub });
    return { outcome, reasons } as PersonalDataCheckView;
  });

/** Polls `probe` every 50 ms until it returns something, for at most 5 s. */
const eventually = async <T>(probe: () => Promise<T | undefined>): Promise<T> => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met within 5 s');
};

describe('POST /api/v1/support/tickets: due times count service hours only (R-SUP-3)', () => {
  it.each([
    ['R-SUP-3: on the eve of Christmas at 16:00, due the 26th at noon', '2025-12-24T16:00:00+01:00', '2025-12-26T12:00:00+01:00'],
    ['R-SUP-3: on a public holiday (1 May), due the next working day', '2026-05-01T10:00:00+02:00', '2026-05-04T15:00:00+02:00'],
    ['R-SUP-3: at 11:59, one minute before noon counts', '2026-03-10T11:59:00+01:00', '2026-03-11T09:59:00+01:00'],
    ['R-SUP-3: on Friday at 17:30, due Monday', '2026-03-06T17:30:00+01:00', '2026-03-09T15:00:00+01:00'],
    ['R-SUP-3: across the spring daylight-saving change', '2026-03-27T16:00:00+01:00', '2026-03-30T12:00:00+02:00'],
    ['R-SUP-3: across Ascension Thursday', '2026-05-13T15:00:00+02:00', '2026-05-15T11:00:00+02:00'],
    ['R-SUP-3: a received time in UTC is answered with the Paris offset', '2026-03-10T08:30:00Z', '2026-03-10T15:30:00+01:00'],
  ])('%s', async (_case, receivedAt, firstResponseDueAt) => {
    const created = await post('/api/v1/support/tickets', ticket({ receivedAt }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), firstResponseDueAt });
    const shown = await get(`/api/v1/support/tickets/${created.body.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ insee: '92012', status: 'open', firstResponseDueAt, breaches: [] });
  });

  it('R-SUP-1: a request without receivedAt is received now, and is listed for its town', async () => {
    const before = Temporal.Now.instant();
    const created = await post('/api/v1/support/tickets', ticket({ insee: '92072' }));
    expect(created.status).toBe(201);
    const { body } = await get(`/api/v1/support/tickets/${created.body.id}`);
    expect(
      Temporal.Instant.compare(body.receivedAt, before.round({ smallestUnit: 'second', roundingMode: 'floor' })),
    ).toBeGreaterThanOrEqual(0);
    expect(body.receivedAt).toMatch(/\+0[12]:00$/);
    const listed = await get('/api/v1/support/tickets?insee=92072');
    expect(listed.body.map((item: Json) => item.id)).toEqual([created.body.id]);
    const events = await system.infra.store.readStream(`request-${created.body.id}`);
    expect(events[0]?.metadata.actor).toBe('test-ops');
  });

  // A field wrong in itself is `invalid_request` (the request's check); fields at odds with each other, the domain's `validation_failed`.
  it.each([
    [
      'R-SUP-1: a deadline before reception',
      ticket({ receivedAt: '2026-03-10T09:30:00+01:00', deadline: '2026-03-09' }),
      'deadline',
      'validation_failed',
    ],
    ['R-SUP-1: an unknown town', ticket({ insee: '75056' }), 'insee', 'invalid_request'],
    ['R-SUP-1: an empty need', ticket({ need: '  ' }), 'need', 'invalid_request'],
    ['R-SUP-1: a received time without offset', ticket({ receivedAt: '2026-03-10T09:30:00' }), 'receivedAt', 'invalid_request'],
    ['R-SUP-1: an e-mail without its received time', ticket({ channel: 'email' }), 'receivedAt', 'validation_failed'],
    [
      'R-SUP-1: a received time in the future',
      ticket({ receivedAt: '2099-01-05T10:00:00+01:00', deadline: '2099-01-31' }),
      'receivedAt',
      'validation_failed',
    ],
  ])('%s is refused with 400 and nothing is stored', async (_case, body, path, error) => {
    const before = await system.infra.store.headPosition();
    const response = await post('/api/v1/support/tickets', body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error,
      message: expect.any(String),
      details: expect.arrayContaining([{ path, message: expect.any(String) }]),
    });
    expect(await system.infra.store.headPosition()).toBe(before);
  });

  it('R-SUP-1: malformed JSON is refused with 400 and nothing is stored', async () => {
    const before = await system.infra.store.headPosition();
    const response = await post('/api/v1/support/tickets', '{"insee": "92012", ');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_json', message: expect.any(String), details: [] });
    expect(await system.infra.store.headPosition()).toBe(before);
  });
});

describe('handling a ticket (R-SUP-1, R-SUP-3)', () => {
  it('R-SUP-3: waiting on the town stops the clocks; the reply and the closure are shown', async () => {
    const { body: created } = await post('/api/v1/support/tickets', ticket());
    const id = created.id as string;
    expect((await post(`/api/v1/support/tickets/${id}/assignment`, { assignee: 'Léa' })).body).toMatchObject({ assignee: 'Léa' });
    const waiting = await post(`/api/v1/support/tickets/${id}/waiting-on-town`, { reason: 'Fichier des voies attendu' });
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({
      waitingOnTown: { reason: 'Fichier des voies attendu' },
      firstResponseDueAt: null,
      resolutionDueAt: null,
    });
    expect((await post(`/api/v1/support/tickets/${id}/waiting-on-town`, { reason: 'encore' })).body.error).toBe('already_waiting_on_town');
    const ended = await post(`/api/v1/support/tickets/${id}/waiting-on-town/end`);
    expect(ended.body).toMatchObject({ waitingOnTown: null, waitingPeriods: [{ start: expect.any(String), end: expect.any(String) }] });
    expect(Temporal.Instant.compare(ended.body.firstResponseDueAt, created.firstResponseDueAt)).toBeGreaterThanOrEqual(0);
    const replied = await post(`/api/v1/support/tickets/${id}/replies`, { message: 'Voici la carte.' });
    expect(replied.status).toBe(201);
    // R-SEC-1: who replied is the signed-in agent, never a body field.
    expect(replied.body).toMatchObject({ replies: [{ by: 'test-ops', message: 'Voici la carte.', firstResponse: true }], breaches: [] });
    const closed = await post(`/api/v1/support/tickets/${id}/closure`, { closure: 'resolved', summary: 'Carte livrée' });
    expect(closed.body).toMatchObject({ status: 'closed', closure: { closure: 'resolved', summary: 'Carte livrée' } });
    const refused = await post(`/api/v1/support/tickets/${id}/assignment`, { assignee: 'Hugo' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('request_closed');
  });

  it('R-SUP-3: a late reply records the first-response breach first', async () => {
    const { body: created } = await post(
      '/api/v1/support/tickets',
      ticket({ receivedAt: '2026-02-02T09:00:00+01:00', deadline: '2026-02-27' }),
    );
    const replied = await post(`/api/v1/support/tickets/${created.id}/replies`, { message: 'Voici la carte.' });
    expect(replied.body.breaches).toContainEqual({
      clock: 'firstResponse',
      dueAt: '2026-02-02T15:00:00+01:00',
      detectedAt: expect.any(String),
    });
  });

  it('R-SUP-3: ?breached=true lists the tickets whose response or resolution time is breached, ?breached=false the others', async () => {
    const { body: late } = await post(
      '/api/v1/support/tickets',
      ticket({ insee: '92077', receivedAt: '2026-02-02T09:00:00+01:00', deadline: '2026-02-27' }),
    );
    const { body: fresh } = await post('/api/v1/support/tickets', ticket({ insee: '92077' }));
    const breached = await get('/api/v1/support/tickets?insee=92077&breached=true');
    expect(breached.status).toBe(200);
    expect(breached.body.map((item: Json) => item.id)).toEqual([late.id]);
    expect((await get('/api/v1/support/tickets?insee=92077&breached=false')).body.map((item: Json) => item.id)).toEqual([fresh.id]);
    expect((await get('/api/v1/support/tickets?insee=92077&status=open&breached=true')).body.map((item: Json) => item.id)).toEqual([
      late.id,
    ]);
  });

  it.each([
    [
      'an unknown parameter',
      '/api/v1/support/tickets?breach=true',
      'breach',
      'Paramètres acceptés : insee, status, breached, limit, after',
    ],
    ['breached neither true nor false', '/api/v1/support/tickets?breached=yes', 'breached', 'true ou false'],
    ['an unknown status', '/api/v1/support/tickets?status=pending', 'status', 'status vaut open ou closed'],
  ])('R-SUP-3: the ticket list refuses %s with 400 naming what it accepts', async (_case, path, parameter, accepted) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'invalid_request',
      message: expect.any(String),
      details: [{ path: parameter, message: expect.any(String) }],
    });
    expect(JSON.stringify(response.body)).toContain(accepted);
  });

  it.each([
    ['an unknown ticket', 'GET', '/api/v1/support/tickets/no-such-ticket', undefined, 404, 'request_not_found'],
    ['a malformed ticket id', 'GET', '/api/v1/support/tickets/..%2Fx', undefined, 400, 'invalid_request'],
    ['a reply without message', 'POST', '/api/v1/support/tickets/no-such-ticket/replies', {}, 400, 'invalid_request'],
    ['a list for an unknown town', 'GET', '/api/v1/support/tickets?insee=75056', undefined, 404, 'unknown_town'],
  ])('R-SUP-1: %s gets a contract error', async (_case, method, path, body, status, code) => {
    const response = await call(method, path, body);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error: code, message: expect.any(String), details: expect.any(Array) });
  });
});

describe('the periodic deadline check (R-SUP-3)', () => {
  it('R-SUP-3: a breach becomes an event, published on NATS, without anyone acting', async () => {
    const published = system.infra.bus.nc.subscribe(system.infra.bus.subject('digit.events.support.FirstResponseBreached'));
    const { body: created } = await post(
      '/api/v1/support/tickets',
      ticket({ insee: '92048', receivedAt: '2026-04-07T09:30:00+02:00', deadline: '2026-04-30' }),
    );
    expect(created.firstResponseDueAt).toBe('2026-04-07T15:30:00+02:00');
    deadlineCheckNow = '2026-04-07T15:30:00+02:00';
    await support.workers.scheduler!.runOnce();
    expect((await get(`/api/v1/support/tickets/${created.id}`)).body.breaches).toEqual([]);

    deadlineCheckNow = '2026-04-07T15:45:00+02:00';
    const breaches = await eventually(async () => {
      const { body } = await get(`/api/v1/support/tickets/${created.id}`);
      return body.breaches.length > 0 ? body.breaches : undefined;
    });
    expect(breaches).toEqual([{ clock: 'firstResponse', dueAt: '2026-04-07T15:30:00+02:00', detectedAt: '2026-04-07T15:45:00+02:00' }]);
    const event = await eventually(async () => {
      for await (const message of published) {
        const body = message.json<Json>();
        if (body.streamId === `request-${created.id}`) return body;
      }
      return undefined;
    });
    published.unsubscribe();
    expect(event).toMatchObject({
      type: 'FirstResponseBreached',
      data: { dueAt: '2026-04-07T15:30:00+02:00' },
      metadata: { actor: 'system:deadline-check' },
    });
  });
});

describe('requests naming people wait for the privacy cross-check (R-GDPR-2)', () => {
  it('R-GDPR-2: without an answer the request is held; the answer, once given, is recorded and releases it', async () => {
    const personal = ticket({
      insee: '92040',
      need: 'Liste des riverains : Jean Dupont, 06 12 34 56 78',
      containsPersonalData: true,
      declaredProcessing: 'REG-92040-003',
      declaredCategories: ['identity', 'phone'],
    });
    const created = await post('/api/v1/support/tickets', personal);
    expect(created.status).toBe(201);
    expect(created.body.privacyCheck).toEqual({ status: 'pending', reasons: [] });
    const id = created.body.id as string;
    const refused = await post(`/api/v1/support/tickets/${id}/replies`, { message: 'Voici.' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('privacy_check_pending');

    const questions: Json[] = [];
    const privacy = stubPrivacyCheck('allowed', [], questions);
    try {
      await support.workers.scheduler!.runOnce();
    } finally {
      privacy.unsubscribe();
    }
    expect(questions).toContainEqual({
      insee: '92040',
      // Issue 15: the person's name and phone leave the store sealed; the check reads their kinds.
      item: {
        kind: 'support-request',
        id,
        content: {
          need: expect.stringMatching(/^Liste des riverains : ⟦name\|pd:v1:p-[^⟧]+⟧, ⟦phone\|pd:v1:p-[^⟧]+⟧$/),
          targetUsers: personal.targetUsers,
          context: personal.context,
        },
      },
      declaredProcessing: 'REG-92040-003',
      declaredCategories: ['identity', 'phone'],
      askedBy: 'service:support',
    });
    const { body } = await get(`/api/v1/support/tickets/${id}`);
    expect(body.privacyCheck).toMatchObject({ status: 'registered', registerReference: 'REG-92040-003' });
    expect((await post(`/api/v1/support/tickets/${id}/replies`, { message: 'Voici.' })).status).toBe(201);
  });

  it('R-GDPR-2: a refused processing is recorded and the request cannot be answered', async () => {
    const privacy = stubPrivacyCheck('refused', [{ code: 'PROCESSING_UNKNOWN', message: 'Le traitement ne figure pas au registre.' }]);
    try {
      const created = await post('/api/v1/support/tickets', ticket({ insee: '92040', containsPersonalData: true }));
      expect(created.body.privacyCheck).toEqual({
        status: 'not-registered',
        reasons: [{ code: 'PROCESSING_UNKNOWN', message: expect.any(String) }],
      });
      const refused = await post(`/api/v1/support/tickets/${created.body.id}/replies`, { message: 'Voici.' });
      expect(refused.body.error).toBe('processing_not_registered');
    } finally {
      privacy.unsubscribe();
    }
  });
});

describe('maintenance notices (R-SUP-4)', () => {
  const inTwoDays = () => Temporal.Now.zonedDateTimeISO('Europe/Paris').add({ days: 2 }).round({ smallestUnit: 'hour' });

  it('R-SUP-4: a notice reaches every town in force and none that is not; it is in the .ics feed', async () => {
    const terminated = await post('/api/v1/conventions/92047/terminations', { requestedBy: 'town', noticeDate: '2024-01-15' });
    expect(terminated.status).toBe(201);
    const start = inTwoDays();
    const announced = await post('/api/v1/support/maintenance', {
      services: ['web-map', 'database'],
      plannedStart: start.toString({ timeZoneName: 'never' }),
      plannedEnd: start.add({ hours: 2 }).toString({ timeZoneName: 'never' }),
      description: 'Mise à jour du serveur cartographique',
    });
    expect(announced.status).toBe(201);
    expect(announced.body.recipients.map((town: Json) => town.insee)).toEqual([
      '92012',
      '92022',
      '92040',
      '92048',
      '92072',
      '92075',
      '92077',
    ]);

    const forTown = async (insee: string) =>
      (await get(`/api/v1/support/maintenance?insee=${insee}`)).body.map((notice: Json) => notice.id);
    expect(await forTown('92012')).toContain(announced.body.id);
    expect(await forTown('92047')).not.toContain(announced.body.id);

    const feed = await get('/api/v1/support/maintenance.ics');
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(feed.headers.get('content-disposition')).toBe('attachment; filename="digit-maintenances.ics"');
    expect(feed.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(feed.text).toContain(`UID:maintenance-${announced.body.id}@digit.seineouest.fr`);
    const townFeed = await get('/api/v1/support/maintenance.ics?insee=92047');
    expect(townFeed.text).not.toContain(announced.body.id);
  });

  it('R-SUP-4: a notice must come before the interruption; its start and end are recorded', async () => {
    const before = await system.infra.store.headPosition();
    const late = await post('/api/v1/support/maintenance', {
      services: ['web-map'],
      plannedStart: '2026-01-05T08:00:00+01:00',
      plannedEnd: '2026-01-05T10:00:00+01:00',
      description: 'Trop tard',
    });
    expect(late.status).toBe(400);
    expect(late.body.details).toContainEqual({ path: 'plannedStart', message: expect.stringContaining('avant son début') });
    expect(await system.infra.store.headPosition()).toBe(before);

    const start = inTwoDays();
    const { body: notice } = await post('/api/v1/support/maintenance', {
      services: ['database'],
      plannedStart: start.toString({ timeZoneName: 'never' }),
      plannedEnd: start.add({ hours: 1 }).toString({ timeZoneName: 'never' }),
      description: 'Maintenance de la base',
    });
    expect((await post(`/api/v1/support/maintenance/${notice.id}/interruption`)).body).toMatchObject({ status: 'interrupted' });
    expect((await post(`/api/v1/support/maintenance/${notice.id}/restoration`)).body).toMatchObject({
      status: 'restored',
      interruptionMinutes: 0,
    });
  });
});

describe('workshops and training (R-SUP-5)', () => {
  it('R-SUP-5: a workshop with registrations per town, in the .ics feed of the towns invited', async () => {
    const scheduled = await post('/api/v1/support/sessions', {
      kind: 'workshop',
      title: 'Atelier Open Data',
      start: '2026-12-10T14:00:00+01:00',
      end: '2026-12-10T16:30:00+01:00',
      towns: ['92012', '92040'],
    });
    expect(scheduled.status).toBe(201);
    const id = scheduled.body.id as string;
    const registered = await post(`/api/v1/support/sessions/${id}/registrations`, { insee: '92040', participants: 3 });
    expect(registered.body).toMatchObject({ registrations: [{ insee: '92040', participants: 3 }], registeredParticipants: 3 });
    expect((await post(`/api/v1/support/sessions/${id}/registrations`, { insee: '92022', participants: 1 })).status).toBe(400);

    const feed = await get('/api/v1/support/sessions.ics?insee=92040');
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(feed.text).toContain(`UID:session-${id}@digit.seineouest.fr`);
    expect((await get('/api/v1/support/sessions.ics?insee=92022')).text).not.toContain(id);
  });

  it('R-SUP-5: a workshop of four hours is refused', async () => {
    const response = await post('/api/v1/support/sessions', {
      kind: 'workshop',
      title: 'Trop long',
      start: '2026-12-10T14:00:00+01:00',
      end: '2026-12-10T18:00:00+01:00',
      towns: ['92012'],
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toContainEqual({ path: 'end', message: expect.stringContaining('2 à 3 heures') });
  });
});

describe('projects (R-SUP-2)', () => {
  it('R-SUP-2: steps in order, time waiting on the town tracked apart', async () => {
    const { body: project } = await post('/api/v1/support/projects', {
      insee: '92075',
      kind: 'sig',
      title: 'Carte des équipements sportifs',
    });
    expect(project).toMatchObject({ status: 'in-progress', currentStep: { step: 'contact' } });
    expect((await post(`/api/v1/support/projects/${project.id}/steps`, { step: 'evaluation' })).body.error).toBe('step_out_of_order');
    expect((await post(`/api/v1/support/projects/${project.id}/steps`, { step: 'contact' })).body.currentStep).toMatchObject({
      step: 'cadrage',
      label: 'Cadrage',
    });
    await post(`/api/v1/support/projects/${project.id}/waiting-on-town`, { reason: 'Données attendues' });
    const ended = await post(`/api/v1/support/projects/${project.id}/waiting-on-town/end`);
    expect(ended.body.waitingPeriods).toEqual([{ step: 'cadrage', start: expect.any(String), end: expect.any(String) }]);
    expect(ended.body.timeSplit).toMatchObject({
      totalServiceMinutes: expect.any(Number),
      waitingOnTownServiceMinutes: expect.any(Number),
      digitServiceMinutes: expect.any(Number),
    });
  });
});

describe('committees (R-SUP-6, R-BIL-8)', () => {
  it('R-SUP-6/R-BIL-8: a charge approved by the follow-up committee is an event for billing', async () => {
    const published = system.infra.bus.nc.subscribe(system.infra.bus.subject('digit.events.support.CommitteeChargeApproved'), { max: 1 });
    const { body: committee } = await post('/api/v1/support/committees', { kind: 'follow-up', insee: '92012', date: '2026-06-15' });
    expect(committee).toMatchObject({ status: 'scheduled', town: 'Boulogne-Billancourt' });
    expect((await post(`/api/v1/support/committees/${committee.id}/decisions`, { subject: 'Frais', outcome: 'approved' })).body.error).toBe(
      'committee_not_held',
    );
    await post(`/api/v1/support/committees/${committee.id}/meeting`, { heldOn: '2026-06-15', minutes: 'Bilan annuel.' });
    const decided = await post(`/api/v1/support/committees/${committee.id}/decisions`, {
      decisionId: 'd-1',
      subject: 'Développement spécifique du tableau de bord',
      outcome: 'approved',
      chargeCents: 1_250_000,
      poolingOutcome: 'Aucune autre ville intéressée',
    });
    expect(decided.status).toBe(201);
    expect(decided.body.decisions).toEqual([expect.objectContaining({ decisionId: 'd-1', chargeCents: 1_250_000, chargeApproved: true })]);
    for await (const message of published) {
      expect(message.json()).toMatchObject({
        type: 'CommitteeChargeApproved',
        data: {
          insee: '92012',
          amountCents: 1_250_000,
          decisionId: 'd-1',
          approvedOn: '2026-06-15',
          poolingOutcome: 'Aucune autre ville intéressée',
        },
      });
    }
  });
});
