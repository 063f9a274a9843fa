import { sql } from 'kysely';
import { catchUp } from '@digit/event-store';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { conventionStatesProjection } from '../../../services/conventions/src/read-model/convention-states.read-model.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

let system: SystemUnderTest;
beforeAll(async () => {
  // A made-up SIRET: the seed gives none, the SCDL schema needs one.
  system = await startSystem([(infra) => startConventionsService(infra, { siretByInsee: { '92012': '21920012800017' } })]);
});
afterAll(() => system.stop());

const call = async (method: string, path: string, body?: unknown) => {
  const response = await system.fetch(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
  return { status: response.status, body: (await response.json()) as any };
};

/** `{ x: { x: … } }`, `depth` levels: the shape that once poisoned the history (issue 18). */
const deepObject = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { personId: 'p-deep', name: 'Camille Martin' };
  for (let level = 0; level < depth; level++) value = { x: value };
  return value;
};

describe('convention commands over HTTP (R-CON-7, R-CON-8)', () => {
  it('R-CON-7: an amendment changes the option from its date, and history keeps the former one', async () => {
    const amended = await call('POST', '/api/v1/conventions/92048/amendments', {
      signedOn: '2025-05-20',
      effectiveFrom: '2025-07-01',
      changes: { sigOption: 4 },
    });
    expect(amended.status).toBe(201);
    expect(amended.body.recorded.map((event: { type: string }) => event.type)).toEqual(['ConventionAmended']);
    expect((await call('GET', '/api/v1/conventions/92048?asOf=2025-06-30')).body).toMatchObject({ sigOption: 3, sigRate: '0.048' });
    expect((await call('GET', '/api/v1/conventions/92048?asOf=2025-07-01')).body).toMatchObject({ sigOption: 4, sigRate: '0.14' });
  });

  it('R-CON-8: a contact assigned from a date is listed from that date only', async () => {
    const assigned = await call('POST', '/api/v1/conventions/92075/contacts', {
      role: 'dsi',
      person: { personId: 'p-vanves-dsi', name: 'Camille Martin', email: 'dsi@example.org' },
      from: '2025-03-01',
    });
    expect(assigned.status).toBe(201);
    expect((await call('GET', '/api/v1/conventions/92075?asOf=2025-02-28')).body.contacts.dsi).toEqual([]);
    expect((await call('GET', '/api/v1/conventions/92075?asOf=2025-03-01')).body.contacts.dsi).toEqual([
      // The name is masked: read without a purpose of the register (R-GDPR-5, privacy-reads.int.spec.ts).
      expect.objectContaining({ personId: 'p-vanves-dsi', since: '2025-03-01' }),
    ]);
  });

  it.each([
    [
      'an option outside 1–4',
      '/api/v1/conventions/92072/amendments',
      { signedOn: '2025-01-10', effectiveFrom: '2025-02-01', changes: { sigOption: 5 } },
      400,
    ],
    [
      'a share above 100 %',
      '/api/v1/conventions/92072/amendments',
      { signedOn: '2025-01-10', effectiveFrom: '2025-02-01', changes: { resourcesShare: '1.5' } },
      400,
    ],
    ['a second entry into force', '/api/v1/conventions/92072/entry-into-force', { on: '2022-01-01' }, 409],
    ['an unknown action', '/api/v1/conventions/92072/coronations', {}, 404],
    ['a body that is not an object', '/api/v1/conventions/92072/amendments', [1, 2], 400],
    [
      'issue 18: a 3,000-deep object under person',
      '/api/v1/conventions/92072/contacts',
      { role: 'gis', person: deepObject(3000), from: '2024-03-01' },
      400,
    ],
    [
      'issue 18: a NUL character in a name',
      '/api/v1/conventions/92072/contacts',
      { role: 'gis', person: { personId: 'p-nul', name: 'Camille\u0000Martin' }, from: '2024-03-01' },
      400,
    ],
    [
      'issue 18: a lone surrogate in a name',
      '/api/v1/conventions/92072/contacts',
      { role: 'gis', person: { personId: 'p-surrogate', name: 'Camille \ud800' }, from: '2024-03-01' },
      400,
    ],
    [
      'issue 18: an unsafe integer of users',
      '/api/v1/conventions/92072/sig-usage',
      { measuredOn: '2025-05-02', users: 2 ** 53, editLicences: 1 },
      400,
    ],
    [
      'R-SEC-1: a body naming the actor',
      '/api/v1/conventions/92072/sig-usage',
      { measuredOn: '2025-05-02', users: 4, editLicences: 1, actor: 'ops:someone-else' },
      400,
    ],
  ])('refuses %s with a contract error and stores nothing', async (_, path, body, status) => {
    const before = await system.infra.store.headPosition();
    const response = await call('POST', path, body);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error: expect.any(String), message: expect.any(String), details: expect.any(Array) });
    expect(await system.infra.store.headPosition()).toBe(before);
  });
});

describe('a notice that outlasts the convention (R-CON-4)', () => {
  it("R-CON-4: Chaville's notice of 07/12/2026 is recorded, and the answer and the view say the convention ends first, on 31/12/2026", async () => {
    const notice = await call('POST', '/api/v1/conventions/92022/terminations', { requestedBy: 'town', noticeDate: '2026-12-07' });
    expect(notice.status).toBe(201);
    expect(notice.body).toMatchObject({ effectiveDate: '2027-03-07', takesEffect: false, conventionLastDay: '2026-12-31' });
    expect(notice.body.note).toContain("La convention arrive à son terme d'abord ; elle prend fin le 31/12/2026, sans résiliation.");
    const view = await call('GET', '/api/v1/conventions/92022?asOf=2026-12-10');
    expect(view.body).toMatchObject({
      status: 'notice_given',
      endsAtLatest: '2026-12-31',
      termination: { effectiveDate: '2027-03-07', takesEffect: false, note: notice.body.note },
    });
    expect((await call('GET', '/api/v1/conventions/92022?asOf=2027-03-07')).body.status).toBe('expired');
  });
});

describe("the town's use of the web GIS against its option (R-CON-7, art. 1.1)", () => {
  it('R-CON-7: a usage beyond option 3 is recorded, warned in the convention view and raised as an alert', async () => {
    const recorded = await call('POST', '/api/v1/conventions/92040/sig-usage', { measuredOn: '2025-05-02', users: 64, editLicences: 8 });
    expect(recorded.status).toBe(201);
    expect(recorded.body.recorded.map((event: { type: string }) => event.type)).toEqual(['SigUsageRecorded']);
    const view = await call('GET', '/api/v1/conventions/92040?asOf=2025-06-01');
    expect(view.body.sigUsage).toMatchObject({ users: 64, editLicences: 8, option: 3, exceedsOption: true, suggestedOption: 4 });
    expect(view.body.sigUsage.warning).toContain("64 utilisateurs pour 50 au plus et 8 licences d'édition pour 6");
    const alerts = await call('GET', '/api/v1/conventions/alerts?asOf=2025-06-01');
    expect(alerts.status).toBe(200);
    expect(alerts.body.alerts).toEqual([
      expect.objectContaining({ kind: 'sig-usage-exceeds-option', rule: 'R-CON-7', insee: '92040', date: '2025-05-02', demo: true }),
    ]);
    expect((await call('GET', '/api/v1/conventions/alerts?asOf=2025-05-01')).body.alerts).toEqual([]);
  });

  it.each([
    ['more edit licences than users', '/api/v1/conventions/92040/sig-usage', { measuredOn: '2025-05-02', users: 3, editLicences: 4 }],
    ['a usage after the convention ended', '/api/v1/conventions/92040/sig-usage', { measuredOn: '2027-05-02', users: 3, editLicences: 1 }],
  ])('R-CON-7: %s is refused and stores nothing', async (_case, path, body) => {
    const before = await system.infra.store.headPosition();
    const response = await call('POST', path, body);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.body).toEqual({ error: expect.any(String), message: expect.any(String), details: expect.any(Array) });
    expect(await system.infra.store.headPosition()).toBe(before);
  });

  it('R-CON-7: a state row stored before the SIG usage existed still reads, and takes a measurement', async () => {
    const table = sql.table(`${system.infra.schema('conventions')}.convention_states`);
    await sql`update ${table} set state = state - 'sigUsage' where insee = '92077'`.execute(system.infra.db);
    expect((await call('GET', '/api/v1/conventions/92077?asOf=2025-06-01')).body).toMatchObject({ sigUsage: null, alerts: [] });
    expect(
      (await call('POST', '/api/v1/conventions/92077/sig-usage', { measuredOn: '2025-05-02', users: 4, editLicences: 1 })).status,
    ).toBe(201);
    expect((await call('GET', '/api/v1/conventions/92077?asOf=2025-06-01')).body.sigUsage).toMatchObject({
      users: 4,
      exceedsOption: false,
    });
  });

  it('R-SEC-6: an alerts date that is not a date is a 400', async () => {
    expect((await call('GET', '/api/v1/conventions/alerts?asOf=2025-02-30')).status).toBe(400);
  });
});

describe('the read model is a projection (ARCHITECTURE.md)', () => {
  it('dropping it and replaying from position 0 gives the same answers', async () => {
    const schema = system.infra.schema('conventions');
    const dates = ['2021-06-01', '2023-12-20', '2024-06-01', '2025-07-01', '2026-12-31', '2027-06-01', '2030-01-01'];
    const snapshot = async () => {
      const answers: unknown[] = [];
      for (const insee of ['92012', '92022', '92047', '92048', '92075']) {
        for (const asOf of dates) answers.push(await call('GET', `/api/v1/conventions/${insee}?asOf=${asOf}`));
      }
      return answers;
    };
    const before = await snapshot();
    const rebuilt = conventionStatesProjection(schema, 'conventions:convention_states:rebuild');
    await sql`truncate ${sql.table(`${schema}.convention_states`)}`.execute(system.infra.db);
    await catchUp(system.infra.store, rebuilt);
    expect(await snapshot()).toEqual(before);
  });
});

describe('Open Data export of deliberations (SCDL deliberations, R-CON-1)', () => {
  it('serves the seed deliberation of Boulogne-Billancourt as SCDL CSV', async () => {
    const response = await system.fetch(`/api/v1/open-data/deliberations.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const [header, ...lines] = (await response.text()).trim().split('\n');
    expect(header).toContain('COLL_NOM,COLL_SIRET,DELIB_ID,DELIB_DATE');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('2023-12-07');
    expect(lines[0]).toContain('092-219200128-20231207-137171-DE');
  });

  it('says which setting is missing when a town has no SIRET (demo towns included)', async () => {
    const response = await call('GET', '/api/v1/open-data/deliberations.csv?includeDemo=true');
    expect(response.status).toBe(409);
    expect(response.body.message).toContain('DIGIT_TOWN_SIRETS');
  });
});
