import { privacyMessages, serviceCaller } from '@digit/contracts';
import { sendMessage } from '@digit/messaging';
import { startPrivacyService } from '../../../services/privacy/src/privacy.app.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

let system: SystemUnderTest;

beforeAll(async () => {
  system = await startSystem([startPrivacyService]);
});
afterAll(() => system.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
type Reply = { status: number; body: any; headers: Headers };

const call = async (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  as?: TestCaller,
): Promise<Reply> => {
  const response = await system.fetch(
    path,
    {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    },
    as,
  );
  const text = await response.text();
  return {
    status: response.status,
    body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    headers: response.headers,
  };
};
const get = (path: string) => call('GET', path);
const post = (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body, headers);
/** The town's DPD (R-SEC-4: validating, withdrawing and importing are the DPD's own acts). */
const dpo = (insee: string): TestCaller => ({ sub: `dpd:${insee}:mlefevre`, roles: ['town-dpo'], insee });
const asDpo = (insee: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call('POST', path, body ?? {}, headers, dpo(insee));

const fiche = (name: string, dataCategories: string[]) => ({
  name,
  purposes: ['Contacter les personnes concernées'],
  legalBases: ['public-interest-mission'],
  dataSubjects: ['Habitants'],
  dataCategories,
  recipients: ['Service démocratie locale'],
  retentionPeriods: ['Durée du mandat, plus un an'],
  securityMeasures: ["Contrôle d'accès des utilisateurs"],
});

/** Bad inputs leave the history as it was: nothing stored. */
const expectNothingStored = async (act: () => Promise<Reply>, status: number, error: string) => {
  const before = await system.infra.store.headPosition();
  const reply = await act();
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ error, message: expect.any(String), details: expect.any(Array) });
  expect(await system.infra.store.headPosition()).toBe(before);
  return reply;
};

const PEOPLE_CSV =
  'nom;prenom;email;adresse\nDupont;Jeanne;jeanne.dupont@example.fr;12 rue de Sèvres\nMartin;Paul;paul.martin@example.fr;3 avenue Victor Hugo\n';
const ROADS_CSV = 'voie;longueur\nRue de Sèvres;120\nAllée Marie Curie;85\n';
const FACILITIES_CSV = 'equipement;contact\nPiscine;accueil.piscine@example.fr\n';

describe("each town's DPD register through HTTP (R-GDPR-1)", () => {
  beforeAll(async () => {
    const first = await post('/api/v1/privacy/92012/register', {
      reference: 'TRT-ANNUAIRE',
      fiche: fiche('Annuaire des référents', ['identity', 'email', 'postal-address']),
    });
    expect(first.status).toBe(201);
    expect((await asDpo('92012', '/api/v1/privacy/92012/register/TRT-ANNUAIRE/validation')).status).toBe(200);
    expect(
      (await post('/api/v1/privacy/92012/register', { reference: 'TRT-NOMS', fiche: fiche('Liste nominative', ['identity']) })).status,
    ).toBe(201);
    expect((await asDpo('92012', '/api/v1/privacy/92012/register/TRT-NOMS/validation')).status).toBe(200);
    expect(
      (
        await post('/api/v1/privacy/92012/register', {
          reference: 'TRT-BROUILLON',
          fiche: fiche('Projet de fichier', ['identity', 'email', 'postal-address']),
        })
      ).status,
    ).toBe(201);
    expect((await post('/api/v1/privacy/92047/register', { reference: 'TRT-VIDE', fiche: { name: 'Fiche à compléter' } })).status).toBe(
      201,
    );
  });

  it('R-GDPR-1: declares in draft, validates, and lists the register of the town', async () => {
    const { status, body } = await get('/api/v1/privacy/92012/register');
    expect(status).toBe(200);
    expect(body.town).toBe('Boulogne-Billancourt');
    expect(body.processings.map((p: { reference: string; status: string }) => [p.reference, p.status])).toEqual([
      ['TRT-ANNUAIRE', 'validated'],
      ['TRT-BROUILLON', 'draft'],
      ['TRT-NOMS', 'validated'],
    ]);
    const one = await get('/api/v1/privacy/92012/register/TRT-ANNUAIRE');
    expect(one.body).toMatchObject({
      insee: '92012',
      reference: 'TRT-ANNUAIRE',
      status: 'validated',
      validatedBy: 'dpd:92012:mlefevre',
      fiche: { legalBases: ['public-interest-mission'] },
    });
  });

  it('R-GDPR-1: an updated fiche goes back to draft; a withdrawn processing stays listed as withdrawn', async () => {
    await post('/api/v1/privacy/92022/register', { reference: 'TRT-1', fiche: fiche('Signalements', ['identity']) });
    await asDpo('92022', '/api/v1/privacy/92022/register/TRT-1/validation');
    const updated = await call('PUT', '/api/v1/privacy/92022/register/TRT-1', {
      fiche: fiche('Signalements des habitants', ['identity', 'phone']),
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status: 'draft', fiche: { dataCategories: ['identity', 'phone'] } });
    const withdrawn = await asDpo('92022', '/api/v1/privacy/92022/register/TRT-1/withdrawal', { reason: 'Traitement abandonné' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
  });

  it.each([
    [
      'an unknown legal basis',
      () => post('/api/v1/privacy/92012/register', { reference: 'TRT-X', fiche: { ...fiche('X', ['identity']), legalBases: ['vibes'] } }),
      400,
      'invalid_processing',
    ],
    ['a missing fiche', () => post('/api/v1/privacy/92012/register', { reference: 'TRT-X' }), 400, 'invalid_request'],
    [
      'an unexpected field',
      () => post('/api/v1/privacy/92012/register', { reference: 'TRT-X', fiche: fiche('X', []), status: 'validated' }),
      400,
      'invalid_request',
    ],
    [
      'a reference declared twice',
      () => post('/api/v1/privacy/92012/register', { reference: 'TRT-NOMS', fiche: fiche('Doublon', ['identity']) }),
      409,
      'processing_already_declared',
    ],
    [
      'the validation of an unknown processing',
      () => asDpo('92012', '/api/v1/privacy/92012/register/TRT-404/validation'),
      404,
      'processing_unknown',
    ],
    [
      'the validation of an incomplete fiche',
      () => asDpo('92047', '/api/v1/privacy/92047/register/TRT-VIDE/validation'),
      409,
      'processing_incomplete',
    ],
    ['a malformed reference in the path', () => get('/api/v1/privacy/92012/register/TRT%20X'), 400, 'invalid_request'],
    ['an unknown town', () => get('/api/v1/privacy/99999/register'), 404, 'unknown_town'],
  ])('R-GDPR-1: refuses %s with a contract error and stores nothing', async (_, act, status, error) => {
    await expectNothingStored(act, status, error);
  });
});

describe('register import from the CSV the DPD already keeps (R-GDPR-1)', () => {
  const HEADER =
    "Référence;Nom de l'activité;Finalité;Base légale;Personnes concernées;Catégories de données;Destinataires;Durée de conservation;Mesures de sécurité;Statut";
  const ROW_1 =
    "TRT-001;Cadastre;Instruction des demandes;Mission d'intérêt public;Propriétaires;Identité, adresse postale;Service urbanisme;1 an;Contrôle d'accès;Validé";
  const ROW_2 =
    'TRT-002;Signalements;Traitement des signalements;Intérêt public;Habitants;Coordonnées;Services techniques;3 ans;Chiffrement;Brouillon';

  it('R-GDPR-1: imports a text/csv file (Windows-1252 as Excel saves it): every row declared, validated rows validated', async () => {
    const csv = Buffer.from(`${HEADER}\r\n${ROW_1}\r\n${ROW_2}\r\n`, 'latin1');
    const { status, body } = await asDpo('92040', '/api/v1/privacy/92040/register/import', new Uint8Array(csv), {
      'content-type': 'text/csv',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ rows: 2, declared: 2, validated: 1 });
    expect(
      body.processings.map((p: { reference: string; status: string; fiche: { name: string } }) => [p.reference, p.status, p.fiche.name]),
    ).toEqual([
      ['TRT-001', 'validated', 'Cadastre'],
      ['TRT-002', 'draft', 'Signalements'],
    ]);
  });

  it('R-GDPR-1: imports JSON { csv } too', async () => {
    const { status, body } = await asDpo('92048', '/api/v1/privacy/92048/register/import', { csv: `${HEADER}\n${ROW_1}\n` });
    expect(status).toBe(200);
    expect(body.processings).toHaveLength(1);
  });

  it('R-GDPR-1: a file with one bad row imports nothing and names the line and column', async () => {
    const bad = ROW_2.replace('Brouillon', 'Peut-être');
    const { body } = await expectNothingStored(
      () =>
        asDpo('92072', '/api/v1/privacy/92072/register/import', `${HEADER}\n${ROW_1}\n${bad}\n`, {
          'content-type': 'text/csv; charset=utf-8',
        }),
      400,
      'invalid_register_csv',
    );
    expect(body.details).toEqual([{ path: 'ligne 3 / Statut', message: expect.stringContaining('Peut-être') }]);
    expect((await get('/api/v1/privacy/92072/register')).body.processings).toEqual([]);
  });

  it.each([
    [
      'an empty body',
      () => asDpo('92075', '/api/v1/privacy/92075/register/import', '', { 'content-type': 'text/csv' }),
      'invalid_register_csv',
    ],
    ['JSON without csv', () => asDpo('92075', '/api/v1/privacy/92075/register/import', { file: 'x' }), 'invalid_request'],
  ])('R-GDPR-1: refuses %s with 400 and stores nothing', async (_, act, error) => {
    await expectNothingStored(act, 400, error);
  });
});

describe('the cross-check before processing personal data, and the processing log (R-GDPR-2)', () => {
  const check = (insee: string, body: unknown) => post(`/api/v1/privacy/${insee}/checks`, body);
  const dataset = (id: string, content: string) => ({ kind: 'dataset', id, content });
  const checkIds: Record<string, string> = {};

  it.each([
    [
      'a dataset with personal data under a validated processing covering it',
      {
        item: dataset('ds-ok', PEOPLE_CSV),
        declaredProcessing: 'TRT-ANNUAIRE',
        declaredCategories: ['identity', 'email', 'postal-address'],
      },
      'allowed',
      [],
    ],
    [
      'a dataset with personal data and no processing',
      { item: dataset('ds-none', PEOPLE_CSV), declaredCategories: ['identity', 'email', 'postal-address'] },
      'refused',
      ['NO_PROCESSING_DECLARED'],
    ],
    [
      'a dataset under a draft processing',
      {
        item: dataset('ds-draft', PEOPLE_CSV),
        declaredProcessing: 'TRT-BROUILLON',
        declaredCategories: ['identity', 'email', 'postal-address'],
      },
      'refused',
      ['PROCESSING_NOT_VALIDATED'],
    ],
    [
      'a dataset with categories the processing does not cover',
      {
        item: dataset('ds-uncovered', PEOPLE_CSV),
        declaredProcessing: 'TRT-NOMS',
        declaredCategories: ['identity', 'email', 'postal-address'],
      },
      'refused',
      ['CATEGORIES_NOT_COVERED'],
    ],
    [
      'a dataset declared "no personal data" holding e-mail addresses',
      { item: dataset('ds-liar', FACILITIES_CSV), declaredCategories: 'none' },
      'refused',
      ['PERSONAL_DATA_DECLARED_ABSENT', 'NO_PROCESSING_DECLARED'],
    ],
    ['a road dataset without personal data', { item: dataset('ds-roads', ROADS_CSV), declaredCategories: 'none' }, 'allowed', []],
    [
      'a JSON dataset (records) under a validated processing covering it',
      {
        item: { kind: 'dataset', id: 'ds-json', content: [{ nom: 'Dupont', courriel: 'jeanne.dupont@example.fr' }] },
        declaredProcessing: 'TRT-ANNUAIRE',
        declaredCategories: ['identity', 'email'],
      },
      'allowed',
      [],
    ],
  ])('R-GDPR-2: %s', async (name, request, outcome, reasons) => {
    const { status, body } = await check('92012', request);
    expect(status).toBe(201);
    expect(body).toMatchObject({ outcome, held: outcome === 'refused', checkId: expect.any(String) });
    expect(body.reasons.map((reason: { code: string }) => reason.code)).toEqual(reasons);
    for (const reason of body.reasons) expect(reason.message).toMatch(/[a-zé]/);
    checkIds[name] = body.checkId;
  });

  it('R-GDPR-2: answers what the content holds, declared and detected', async () => {
    const { body } = await check('92012', {
      item: dataset('ds-what', PEOPLE_CSV),
      declaredProcessing: 'TRT-ANNUAIRE',
      declaredCategories: ['identity'],
    });
    expect(body).toMatchObject({
      outcome: 'refused',
      categoriesPresent: ['identity', 'email', 'postal-address'],
      detectedCategories: ['identity', 'email', 'postal-address'],
    });
    expect(body.reasons.map((reason: { code: string }) => reason.code)).toEqual(['CATEGORIES_NOT_DECLARED']);
  });

  it("R-GDPR-2: the data-exchange and support services ask over NATS; a support request's JSON with unstated categories is judged on what it holds", async () => {
    const reply = await sendMessage(
      system.infra.bus,
      privacyMessages.checkPersonalData,
      {
        insee: '92012',
        item: {
          kind: 'support-request',
          id: 'req-42',
          content: { requester: { name: 'Mme Claire Moreau', email: 'claire.moreau@example.fr' }, need: 'Carte des écoles' },
        },
        declaredProcessing: 'TRT-ANNUAIRE',
      },
      serviceCaller('support'),
    );
    expect(reply).toEqual({ ok: true, value: expect.objectContaining({ outcome: 'allowed', categoriesPresent: ['identity', 'email'] }) });
    const refused = await sendMessage(
      system.infra.bus,
      privacyMessages.checkPersonalData,
      {
        insee: '92012',
        item: { kind: 'support-request', id: 'req-43', content: '{"requester":{"name":"Mme Claire Moreau","phone":"01 46 12 34 56"}}' },
        declaredProcessing: 'TRT-ANNUAIRE',
      },
      serviceCaller('data-exchange'),
    );
    expect(refused).toMatchObject({ ok: true, value: { outcome: 'refused', categoriesPresent: ['identity', 'phone'] } });
  });

  it("R-GDPR-2: every check is in the town's log, hash-linked in the history, never the content itself", async () => {
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(new Date());
    const { status, body } = await get(`/api/v1/privacy/92012/log?from=${today}&to=${today}`);
    expect(status).toBe(200);
    const ids = body.entries.map((entry: { checkId: string }) => entry.checkId);
    expect(ids).toEqual(expect.arrayContaining(Object.values(checkIds)));
    expect(ids.length).toBeGreaterThanOrEqual(10);
    const liar = body.entries.find((entry: { item: { id: string } }) => entry.item.id === 'ds-liar');
    // R-SEC-1: who checked is the caller, a person's token subject or a service's own name.
    expect(liar).toMatchObject({
      outcome: 'refused',
      declaredCategories: 'none',
      detectedCategories: ['email'],
      checkedBy: 'test-ops',
      item: { kind: 'dataset', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(body.entries.find((entry: { item: { id: string } }) => entry.item.id === 'req-42')).toMatchObject({
      checkedBy: 'service:support',
    });
    expect(JSON.stringify(body)).not.toContain('jeanne.dupont@example.fr');
    const [stored] = await system.infra.store.readAll({ after: BigInt(liar.position) - 1n, limit: 1 });
    expect(stored).toMatchObject({ streamId: 'privacy-log-92012', type: 'PersonalDataChecked', hash: liar.hash });
    expect((await get('/api/v1/privacy/92012/log?to=2000-01-01')).body.entries).toEqual([]);
    expect((await get('/api/v1/privacy/92022/log')).body.entries).toEqual([]);
  });

  it('R-GDPR-2: the log exports as a CSV for the DPD', async () => {
    const response = await system.fetch(`/api/v1/privacy/92012/log.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="journal-rgpd-92012-debut_fin.csv"');
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(csv.startsWith('\uFEFFDate de la vérification;Code INSEE;Commune')).toBe(true);
    expect(csv).toContain('ds-liar');
    expect(csv).toContain('refusé');
  });

  it.each([
    ['an unknown kind of data', { item: { kind: 'photo', id: 'x', content: ROADS_CSV } }, 'invalid_request'],
    ['no content', { item: { kind: 'dataset', id: 'x' } }, 'invalid_request'],
    ['empty content', { item: dataset('x', '  ') }, 'invalid_content'],
    ['unreadable CSV', { item: dataset('x', 'nom;email\n"Dupont;jeanne@example.fr\n') }, 'invalid_content'],
    [
      'declared categories that are neither a list nor "none"',
      { item: dataset('x', ROADS_CSV), declaredCategories: 'some' },
      'invalid_request',
    ],
    ['an unknown category', { item: dataset('x', ROADS_CSV), declaredCategories: ['shoe-size'] }, 'invalid_personal_data_check'],
    ['an unexpected field', { item: dataset('x', ROADS_CSV), outcome: 'allowed' }, 'invalid_request'],
  ])('R-GDPR-2: refuses %s with 400 and logs nothing', async (_, body, error) => {
    await expectNothingStored(() => check('92012', body), 400, error);
  });

  it('R-GDPR-2: refuses a bad NATS request the same way, and an unknown town or a bad period over HTTP', async () => {
    const before = await system.infra.store.headPosition();
    const reply = await sendMessage(
      system.infra.bus,
      privacyMessages.checkPersonalData,
      { insee: '92012', item: { kind: 'dataset' } },
      serviceCaller('data-exchange'),
    );
    expect(reply).toMatchObject({ ok: false, status: 400, error: { error: 'invalid_request' } });
    expect(await system.infra.store.headPosition()).toBe(before);
    await expectNothingStored(() => check('75056', { item: dataset('x', ROADS_CSV) }), 404, 'unknown_town');
    await expectNothingStored(() => get('/api/v1/privacy/92012/log?from=2024-02-30'), 400, 'invalid_request');
    await expectNothingStored(() => get('/api/v1/privacy/92012/log?from=2024-03-01&to=2024-02-01'), 400, 'invalid_request');
  });
});

describe('GDPR training of DIGIT agents (R-GDPR-3)', () => {
  it('R-GDPR-3: records agents and trainings, and lists who is due', async () => {
    expect((await post('/api/v1/privacy/agents', { agentId: 'a-trained', fullName: 'Claire Moreau', joinedOn: '2021-09-01' })).status).toBe(
      201,
    );
    expect((await post('/api/v1/privacy/agents', { agentId: 'a-new', fullName: 'Hugo Lefort', joinedOn: '2024-01-15' })).status).toBe(201);
    const trained = await post('/api/v1/privacy/agents/a-trained/trainings', {
      trainedOn: '2024-05-14',
      course: 'Sensibilisation RGPD',
      provider: 'CNIL',
    });
    expect(trained.status).toBe(201);
    expect(trained.body).toMatchObject({ agentId: 'a-trained', trainings: [{ trainedOn: '2024-05-14', course: 'Sensibilisation RGPD' }] });
    const due = await get('/api/v1/privacy/agents/due?asOf=2024-06-01');
    expect(due.body.agents).toEqual([expect.objectContaining({ agentId: 'a-new', dueOn: '2024-04-15', standing: 'overdue' })]);
    const all = await get('/api/v1/privacy/agents?asOf=2024-06-01');
    expect(
      all.body.agents.map((agent: { agentId: string; status: { standing: string } }) => [agent.agentId, agent.status.standing]),
    ).toEqual([
      ['a-new', 'overdue'],
      ['a-trained', 'up-to-date'],
    ]);
    expect((await post('/api/v1/privacy/agents/a-trained/departure', { leftOn: '2024-07-01' })).body).toMatchObject({
      leftOn: '2024-07-01',
    });
  });

  it.each([
    [
      'a training for an unknown agent',
      () => post('/api/v1/privacy/agents/a-ghost/trainings', { trainedOn: '2024-05-14', course: 'RGPD' }),
      404,
      'agent_unknown',
    ],
    [
      'an impossible date',
      () => post('/api/v1/privacy/agents', { agentId: 'a-x', fullName: 'X', joinedOn: '2024-02-30' }),
      400,
      'invalid_request',
    ],
    [
      'a bad agent id',
      () => post('/api/v1/privacy/agents', { agentId: 'a x', fullName: 'X', joinedOn: '2024-02-01' }),
      400,
      'invalid_request',
    ],
    ['a bad withinDays', () => get('/api/v1/privacy/agents/due?withinDays=-1'), 400, 'invalid_request'],
  ])('R-GDPR-3: refuses %s and stores nothing', async (_, act, status, error) => {
    await expectNothingStored(act, status, error);
  });
});
