import { startSupportService } from '../../../services/support/src/support.app.js';
import { supportSettingsFromEnv } from '../../../services/support/src/support-settings.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

/**
 * Disputes over the convention through HTTP (R-CON-10, article 8): the follow-up committee's
 * matter in the support service, from either party's difficulty to its amicable settlement or the
 * administrative court of Cergy-Pontoise.
 */
let system: SystemUnderTest;

beforeAll(async () => {
  const settings = { ...supportSettingsFromEnv({}), deadlineCheckIntervalMs: 60_000 };
  system = await startSystem([(infra) => startSupportService(infra, { settings })]);
});
afterAll(async () => {
  await system.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
type Json = any;

const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
  const response = await system.fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

const expectNothingStored = async (method: string, path: string, body: unknown, status: number, error: string) => {
  const before = await system.infra.store.headPosition();
  const reply = await call(method, path, body);
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ error, message: expect.any(String), details: expect.any(Array) });
  expect(await system.infra.store.headPosition()).toBe(before);
};

const opening = {
  insee: '92012',
  openedBy: 'town',
  subject: 'Interprétation de l’article 6.2',
  description: 'La Ville conteste le calcul des frais assimilés du mémoire MEM-2026-92012-S1.',
  openedOn: '2026-08-03',
};

describe('a dispute settled by the follow-up committee (R-CON-10)', () => {
  let id: string;

  it('R-CON-10: the town opens a dispute; it is listed for its town', async () => {
    const opened = await call('POST', '/api/v1/support/disputes', opening);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      insee: '92012',
      town: 'Boulogne-Billancourt',
      openedBy: 'town',
      openedByLabel: 'la Ville',
      status: 'open',
      statusLabel: 'ouvert : à examiner par le comité de suivi',
    });
    id = opened.body.id;
    expect((await call('GET', `/api/v1/support/disputes/${id}`)).body).toEqual(opened.body);
    expect((await call('GET', '/api/v1/support/disputes?insee=92012')).body.map((dispute: Json) => dispute.id)).toEqual([id]);
    expect((await call('GET', '/api/v1/support/disputes?insee=92040')).body).toEqual([]);
  });

  it('R-CON-10: the committee analyses, proposes and decides; the actions are followed; the dispute is settled', async () => {
    const analysed = await call('POST', `/api/v1/support/disputes/${id}/analysis`, {
      analysis: 'Lecture différente du taux de 4 %.',
      analysedOn: '2026-09-14',
      committeeId: 'suivi-92012-2026',
    });
    expect(analysed.status).toBe(200);
    expect(analysed.body.status).toBe('analysed');
    const proposed = await call('POST', `/api/v1/support/disputes/${id}/proposals`, {
      proposalId: 'detail',
      proposal: 'Montrer la masse salariale et les 4 % à part.',
      proposedOn: '2026-09-14',
    });
    expect(proposed.status).toBe(201);
    const decided = await call('POST', `/api/v1/support/disputes/${id}/decision`, {
      decision: 'Mémoire réédité avec le détail de l’article 6.2.',
      decidedOn: '2026-09-14',
      proposalId: 'detail',
    });
    expect(decided.body).toMatchObject({ status: 'decided', decision: { proposalId: 'detail' } });
    const action = await call('POST', `/api/v1/support/disputes/${id}/actions`, {
      actionId: 'reedition',
      description: 'Rééditer le mémoire',
      owner: 'DIGIT',
      dueOn: '2026-10-15',
    });
    expect(action.status).toBe(201);
    await expectNothingStored(
      'POST',
      `/api/v1/support/disputes/${id}/settlement`,
      { settledOn: '2026-10-01', summary: 'x' },
      409,
      'actions_open',
    );
    const done = await call('POST', `/api/v1/support/disputes/${id}/actions/reedition/completion`, { completedOn: '2026-10-02' });
    expect(done.body.actions).toEqual([expect.objectContaining({ actionId: 'reedition', completedOn: '2026-10-02' })]);
    const settled = await call('POST', `/api/v1/support/disputes/${id}/settlement`, {
      settledOn: '2026-10-05',
      summary: 'Mémoire réédité et accepté.',
    });
    expect(settled.body).toMatchObject({ status: 'settled', statusLabel: 'réglé à l’amiable', settlement: { settledOn: '2026-10-05' } });
    await expectNothingStored(
      'POST',
      `/api/v1/support/disputes/${id}/court-referral`,
      { referredOn: '2026-11-01', referredBy: 'town', reason: 'x' },
      409,
      'dispute_closed',
    );
  });
});

describe('a dispute the amicable route does not settle (R-CON-10)', () => {
  it('R-CON-10: the court of Cergy-Pontoise only after the committee analysed it and proposed a solution', async () => {
    const { body: opened } = await call('POST', '/api/v1/support/disputes', {
      ...opening,
      insee: '92040',
      openedBy: 'ept',
      openedOn: '2026-06-01',
    });
    const path = `/api/v1/support/disputes/${opened.id}`;
    const referral = { referredOn: '2026-11-02', referredBy: 'ept', reason: 'Aucune des solutions proposées n’a été acceptée.' };
    await expectNothingStored('POST', `${path}/court-referral`, referral, 409, 'amicable_route_not_tried');
    expect(
      (await call('POST', `${path}/analysis`, { analysis: 'Désaccord sur le périmètre des données restituées.', analysedOn: '2026-06-20' }))
        .status,
    ).toBe(200);
    expect(
      (await call('POST', `${path}/proposals`, { proposal: 'Restitution complémentaire au format en vigueur.', proposedOn: '2026-06-20' }))
        .status,
    ).toBe(201);
    const referred = await call('POST', `${path}/court-referral`, referral);
    expect(referred.status).toBe(200);
    expect(referred.body).toMatchObject({
      status: 'referred-to-court',
      statusLabel: 'porté devant le tribunal administratif de Cergy-Pontoise',
      courtReferral: { referredOn: '2026-11-02', referredBy: 'ept', court: 'Tribunal administratif de Cergy-Pontoise' },
    });
  });

  it.each([
    ['a third party', 'POST', '/api/v1/support/disputes', { ...opening, openedBy: 'prefecture' }, 400, 'invalid_request'],
    ['a town outside GPSO', 'POST', '/api/v1/support/disputes', { ...opening, insee: '75056' }, 400, 'invalid_request'],
    ['an unknown field', 'POST', '/api/v1/support/disputes', { ...opening, court: 'Paris' }, 400, 'invalid_request'],
    ['an unknown dispute', 'GET', '/api/v1/support/disputes/no-such-dispute', undefined, 404, 'dispute_not_found'],
    [
      'a step on an unknown dispute',
      'POST',
      '/api/v1/support/disputes/no-such-dispute/analysis',
      { analysis: 'x', analysedOn: '2026-06-20' },
      404,
      'dispute_not_found',
    ],
    ['a list for an unknown town', 'GET', '/api/v1/support/disputes?insee=75056', undefined, 404, 'unknown_town'],
  ])('R-CON-10: %s is refused with a contract error and stores nothing', async (_case, method, path, body, status, error) => {
    await expectNothingStored(method, path, body, status, error);
  });
});
