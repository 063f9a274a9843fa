import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { parisDateOf, parisInstant } from '@digit/calendar';
import { INSEE_CODES, type Insee } from '@digit/contracts';
import { canonicalJson } from '@digit/event-store';
import { resolveKeyEncryptionKey } from '@digit/runtime';
import { startBillingService } from '../../../services/billing/src/billing.app.js';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startDataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import { startPrivacyService } from '../../../services/privacy/src/privacy.app.js';
import { startSupportService } from '../../../services/support/src/support.app.js';
import { askEverything, type ReplayEntry } from '../../audit/src/replay/ask-everything.js';
import { historyKeys } from '../../audit/src/replay/history-keys.js';
import { QUERY_PLANS } from '../../audit/src/replay/query-plans.js';
import { runTownDsi } from '../../town-dsi/src/town-dsi.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * Issue 14, "done when": a replay from the archive equals a replay from the database equals the
 * live API, for every read model, at three instants of a scenario that changes every service's
 * state between them; `--insee` keeps one town; an erased person reads as erased in a replay made
 * after the erasure, in clear in one made before it (with the key-encryption key), sealed without it.
 */
const run = promisify(execFile);
const token = randomBytes(3).toString('hex');
const CONTACT = { personId: `p-replay-${token}`, name: `Octave Villebrumier ${token}`, email: `octave.${token}@example.fr` };
const YEAR = 2025;
const BUDGET = { sigOperationalCents: 13_700_000, payrollCents: 34_423_077, structureFlatCents: 6_300_000 };
const FINANCE: TestCaller = { sub: 'finance.replay', roles: ['finance'] };
const BOULOGNE_DSI: TestCaller = { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' };
const BOULOGNE_DPO: TestCaller = { sub: 'dpo.boulogne', roles: ['town-dpo'], insee: '92012' };

let system: SystemUnderTest;
let dataDir: string;
/** The key-encryption key the live system wraps its per-person keys with (the repository's generated one). */
let kek: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
type Json = any;

const call = async (method: string, path: string, body?: unknown, as?: TestCaller): Promise<{ status: number; body: Json }> => {
  const response = await system.fetch(
    path,
    {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    as,
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
};
const expectStatus = async (status: number, reply: Promise<{ status: number; body: Json }>): Promise<Json> => {
  const { status: got, body } = await reply;
  expect([got, body]).toEqual([status, expect.anything()]);
  return body;
};

/** Polls until `probe` answers something, for at most 10 s (events travel between services over NATS). */
const eventually = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`${what}: not within 10 s`);
};

interface Capture {
  /** The instant the capture stands for: after the live answers, before anything else was recorded. */
  readonly at: string;
  readonly entries: readonly ReplayEntry[];
}

/**
 * Every query of every catalogue asked to the live services, as the replay asks them, while
 * nothing is recorded (asked again if something was). The instant is taken once the answers are in.
 */
const captureLive = async (oneTown?: Insee): Promise<Capture> => {
  for (let attempt = 0; attempt < 3; attempt++) {
    const head = await system.infra.store.headPosition();
    const businessDate = parisDateOf(parisInstant(new Date().toISOString()));
    const entries: ReplayEntry[] = [];
    const scope = { towns: oneTown ? [oneTown] : INSEE_CODES, oneTown, businessDate, history: historyKeys(system.infra.store) };
    await askEverything(system.infra.bus, QUERY_PLANS, scope, async (entry) => void entries.push(entry));
    await sleep(5);
    const at = parisInstant(new Date().toISOString());
    if ((await system.infra.store.headPosition()) === head && parisDateOf(at) === businessDate) return { at, entries };
  }
  throw new Error('the history kept changing during the capture');
};

const audit = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  run(process.execPath, ['tools/audit/dist/main.js', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: system.database.url,
      DIGIT_SCHEMA_PREFIX: system.database.prefix,
      DIGIT_DATA_DIR: dataDir,
      DIGIT_PERSONAL_DATA_KEK: kek,
      NATS_URL: system.nats.url,
      DIGIT_NATS_NAMESPACE: system.nats.namespace,
      ...env,
    },
    maxBuffer: 256 * 1024 * 1024,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: `${error.stdout}${error.stderr}` }),
  );

interface Replay {
  readonly header: Json;
  readonly entries: readonly ReplayEntry[];
  readonly end: Json;
}

/** `npm run audit -- replay …` as an auditor types it, read back from its JSON Lines file. */
const replay = async (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Replay> => {
  const out = join(dataDir, `replay-${randomBytes(4).toString('hex')}.jsonl`);
  const result = await audit(env, 'replay', ...args, '--out', out);
  expect(result).toEqual({ code: 0, stdout: expect.stringContaining(`écrits dans ${out}`) });
  const lines = (await readFile(out, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Json);
  return { header: lines[0], entries: lines.slice(1, -1), end: lines.at(-1).end };
};

/**
 * A project in progress counts its service minutes up to the moment of the answer: the live API
 * answered a moment before the instant the replay stands at. Both are compared without that
 * clock, which is checked apart: the replay's is its instant, and the minutes differ by one at most.
 */
const withoutAnswerClock = (entries: readonly ReplayEntry[], clocks: { asOf: string; minutes: number }[]): unknown[] =>
  entries.map((entry) => {
    if (entry.service !== 'support' || !('answer' in entry) || !['project', 'projects'].includes(entry.message)) return entry;
    const strip = (project: Json) => {
      if (project.delivery !== null || project.abandonment !== null) return project;
      clocks.push({ asOf: project.timeSplit.asOf, minutes: project.timeSplit.totalServiceMinutes });
      return { ...project, timeSplit: 'clock of the answer' };
    };
    const answer = entry.answer as Json;
    return { ...entry, answer: entry.message === 'project' ? strip(answer) : { ...answer, items: answer.items.map(strip) } };
  });

const expectSameAnswers = (replayed: Replay, live: readonly ReplayEntry[]) => {
  expect(replayed.entries.length).toBe(live.length);
  const clocks = { replayed: [] as { asOf: string; minutes: number }[], live: [] as { asOf: string; minutes: number }[] };
  const a = withoutAnswerClock(replayed.entries, clocks.replayed);
  const b = withoutAnswerClock(live, clocks.live);
  for (let index = 0; index < a.length; index++) expect(canonicalJson(a[index])).toBe(canonicalJson(b[index]));
  expect(clocks.replayed.map((clock) => clock.asOf)).toEqual(clocks.live.map(() => replayed.header.times.knownAt));
  clocks.live.forEach((clock, index) => expect(Math.abs(clock.minutes - clocks.replayed[index]!.minutes)).toBeLessThanOrEqual(1));
};

/** A road order from Boulogne's DSI, answered once the registry holds it. */
const publishOrder = async (order: Record<string, unknown>) => {
  const { bus } = system.infra;
  const headers = natsHeaders();
  headers.set('Content-Type', 'application/json');
  await bus.js.publish(bus.subject('digit.towns.92012.voirie.orders'), JSON.stringify(order), { msgID: order.orderId as string, headers });
  await eventually(`order ${order.orderId as string}`, async () =>
    (await call('GET', `/api/v1/voirie/92012/orders/${order.orderId as string}`)).status === 200 ? true : undefined,
  );
};
const MENTIONS = { source: 'Ville de Boulogne-Billancourt', copyright: '© Ville de Boulogne-Billancourt', year: 2025 };
const TREES = 'id;essence;hauteur\n1;Platane;12\n2;Tilleul;8\n';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const fiche = (name: string) => ({
  name,
  purposes: ['Contacter les personnes concernées'],
  legalBases: ['public-interest-mission'],
  dataSubjects: ['Habitants'],
  dataCategories: ['identity', 'email'],
  recipients: ['Service démocratie locale'],
  retentionPeriods: ['Durée du mandat, plus un an'],
  securityMeasures: ["Contrôle d'accès des utilisateurs"],
});
const PEOPLE = 'nom;courriel\nDupont;jeanne.dupont@example.fr\n';

const ids: Record<string, string> = {};

/** Before the first instant: something in every read model, personal data included. */
const firstActs = async () => {
  await expectStatus(201, call('POST', '/api/v1/conventions/92012/contacts', { role: 'gis', person: CONTACT, from: '2024-03-01' }));
  await expectStatus(200, call('PUT', `/api/v1/billing/budgets/${YEAR}`, BUDGET, FINANCE));
  await eventually('billing knows the eight conventions', async () =>
    (await call('GET', `/api/v1/billing/92077/${YEAR}`, undefined, FINANCE)).status === 200 ? true : undefined,
  );
  expect(
    (await runTownDsi({ servers: system.nats.url, insee: '92012', namespace: system.nats.namespace, print: () => undefined })).ok,
  ).toBe(true);
  const dataset = {
    datasetId: `arbres-${token}`,
    insee: '92012',
    title: 'Arbres d’alignement',
    mentions: MENTIONS,
    usageRights: { licence: 'Licence Ouverte 2.0' },
    personalData: { contains: false },
    format: 'csv',
    content: TREES,
  };
  await expectStatus(201, call('POST', '/api/v1/datasets', dataset, BOULOGNE_DSI));
  await expectStatus(
    201,
    call('POST', '/api/v1/privacy/92012/register', { reference: 'TRT-ANNUAIRE', fiche: fiche('Annuaire des référents') }),
  );
  await expectStatus(
    201,
    call('POST', '/api/v1/privacy/92012/checks', {
      item: { kind: 'dataset', id: 'ds-annuaire', content: PEOPLE },
      declaredProcessing: 'TRT-ANNUAIRE',
      declaredCategories: ['identity', 'email'],
    }),
  );
  await expectStatus(
    201,
    call('POST', '/api/v1/privacy/agents', { agentId: `a-${token}`, fullName: `Hortense Quillebeuf ${token}`, joinedOn: '2021-09-01' }),
  );
  ids.ticket = (
    await expectStatus(
      201,
      call('POST', '/api/v1/support/tickets', {
        insee: '92012',
        need: 'Carte des travaux',
        targetUsers: 'Service voirie',
        context: 'Réunion publique',
        deadline: '2027-12-31',
      }),
    )
  ).id;
  ids.project = (
    await expectStatus(
      201,
      call('POST', '/api/v1/support/projects', { insee: '92022', kind: 'sig', title: 'Carte des équipements sportifs' }),
    )
  ).id;
  ids.committee = (
    await expectStatus(201, call('POST', '/api/v1/support/committees', { kind: 'follow-up', insee: '92012', date: '2025-04-10' }))
  ).id;
  const dispute = {
    insee: '92048',
    openedBy: 'town',
    subject: 'Calcul de la part 2025',
    description: 'La ville conteste sa part de structure.',
    openedOn: '2025-06-01',
  };
  ids.dispute = (await expectStatus(201, call('POST', '/api/v1/support/disputes', dispute))).id;
  await expectStatus(
    201,
    call('POST', '/api/v1/support/maintenance', {
      services: ['database'],
      plannedStart: '2027-01-05T20:00:00+01:00',
      plannedEnd: '2027-01-05T22:00:00+01:00',
      description: 'Mise à jour de la base',
    }),
  );
  await expectStatus(
    201,
    call('POST', '/api/v1/support/sessions', {
      kind: 'training',
      title: 'Formation SIG',
      start: '2027-02-01T09:00:00+01:00',
      end: '2027-02-01T12:00:00+01:00',
      towns: ['92012', '92040'],
    }),
  );
};

/** Between the first and the second instant: a change in every service, one crossing services (an amendment opens a rate review in billing). */
const secondActs = async () => {
  await expectStatus(
    201,
    call('POST', '/api/v1/conventions/92012/amendments', {
      signedOn: '2025-05-20',
      effectiveFrom: '2025-07-01',
      changes: { sigOption: 2 },
    }),
  );
  await eventually('the rate review the amendment opens', async () =>
    (await call('GET', '/api/v1/billing/92012/rate-reviews', undefined, FINANCE)).body.actions.length > 0 ? true : undefined,
  );
  await expectStatus(200, call('PUT', `/api/v1/billing/budgets/${YEAR}`, { ...BUDGET, payrollCents: 35_000_000 }, FINANCE));
  const road = { id: '92012_R100', name: 'Rue du Rejeu', type: 'voie' };
  await publishOrder({
    orderId: randomUUID(),
    insee: '92012',
    reference: 'AR-2025-0100',
    signedAt: '2025-03-02',
    effectiveAt: '2025-04-01',
    kind: 'ROAD_CREATED',
    road,
    mentions: MENTIONS,
  });
  await expectStatus(
    201,
    call('POST', `/api/v1/datasets/arbres-${token}/audits`, { contentHash: sha256(TREES), remarks: ['hauteur du n° 2 à vérifier'] }),
  );
  await expectStatus(200, call('POST', '/api/v1/privacy/92012/register/TRT-ANNUAIRE/validation', undefined, BOULOGNE_DPO));
  await expectStatus(
    201,
    call('POST', `/api/v1/privacy/agents/a-${token}/trainings`, {
      trainedOn: '2025-05-14',
      course: 'Sensibilisation RGPD',
      provider: 'CNIL',
    }),
  );
  await expectStatus(201, call('POST', `/api/v1/support/tickets/${ids.ticket}/replies`, { message: 'Nous préparons la carte.' }));
  await expectStatus(200, call('POST', `/api/v1/support/projects/${ids.project}/steps`, { step: 'contact' }));
  await expectStatus(
    200,
    call('POST', `/api/v1/support/committees/${ids.committee}/meeting`, { heldOn: '2025-04-10', minutes: 'Bilan annuel.' }),
  );
  await expectStatus(
    200,
    call('POST', `/api/v1/support/disputes/${ids.dispute}/analysis`, {
      analysis: 'Écart de méthode sur la part de structure.',
      analysedOn: '2025-06-20',
    }),
  );
};

/** Between the second and the third instant: a mémoire issued, a committee's charge billed (across services), a road renamed, a request closed. */
const thirdActs = async () => {
  await expectStatus(201, call('POST', `/api/v1/billing/92012/${YEAR}/statements/2`, {}, FINANCE));
  await expectStatus(
    200,
    call('PUT', `/api/v1/billing/actuals/${YEAR}`, { ...BUDGET, payrollCents: 35_500_000, closedOn: `${YEAR + 1}-06-30` }, FINANCE),
  );
  await expectStatus(201, call('POST', `/api/v1/billing/reconciliations/${YEAR}`, { reconciledOn: `${YEAR + 1}-07-01` }, FINANCE));
  const decision = {
    decisionId: 'connecteur',
    subject: 'Connecteur voirie',
    outcome: 'approved',
    chargeCents: 120_000,
    poolingOutcome: 'Aucune autre ville intéressée',
  };
  await expectStatus(201, call('POST', `/api/v1/support/committees/${ids.committee}/decisions`, decision));
  await eventually("the committee's charge", async () =>
    (await call('GET', '/api/v1/billing/92012/charges', undefined, FINANCE)).body.items.length > 0 ? true : undefined,
  );
  const renamed = { id: '92012_R100', name: 'Rue du Rejeu Fidèle', type: 'voie' };
  await publishOrder({
    orderId: randomUUID(),
    insee: '92012',
    reference: 'AR-2025-0200',
    signedAt: '2025-09-02',
    effectiveAt: '2025-10-01',
    kind: 'ROAD_RENAMED',
    road: renamed,
    previousName: 'Rue du Rejeu',
    mentions: MENTIONS,
  });
  await expectStatus(200, call('POST', `/api/v1/support/tickets/${ids.ticket}/closure`, { closure: 'resolved', summary: 'Carte livrée.' }));
  await expectStatus(
    201,
    call('POST', '/api/v1/privacy/92012/checks', {
      item: { kind: 'dataset', id: 'ds-annuaire-2', content: PEOPLE },
      declaredProcessing: 'TRT-ANNUAIRE',
      declaredCategories: ['identity', 'email'],
    }),
  );
};

const captures: Capture[] = [];
let oneTownCapture: Capture;
let archive: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'digit-replay-test-'));
  kek = Buffer.from(await resolveKeyEncryptionKey({})).toString('base64');
  system = await startSystem([
    startConventionsService,
    startPrivacyService,
    startBillingService,
    startDataExchangeService,
    startSupportService,
  ]);
  for (const acts of [firstActs, secondActs, thirdActs]) {
    await acts();
    captures.push(await captureLive());
  }
  oneTownCapture = await captureLive('92012');
  archive = join(dataDir, 'history.tar.gz');
  expect((await audit({}, 'export', '--out', archive)).code).toBe(0);
}, 240_000);

afterAll(async () => {
  await system?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run audit -- replay (issue 14, CONTRACT.md "Integrators and auditors (v1.1)")', () => {
  it.each([0, 1, 2])(
    'a replay from the database and one from the archive both answer what the live API answered at instant %i, every read model',
    async (index) => {
      const live = captures[index]!;
      const fromDatabase = await replay(['--as-of', live.at]);
      const fromArchive = await replay(['--archive', archive, '--as-of', live.at]);
      expect(fromDatabase.header).toMatchObject({
        times: { knownAt: live.at, businessDate: parisDateOf(live.at) },
        source: { kind: 'database' },
        personalData: { opened: true },
      });
      expect(fromArchive.header).toMatchObject({
        times: { knownAt: live.at },
        source: { kind: 'archive', verified: true },
        history: { ...fromDatabase.header.history, notes: expect.any(Array) },
      });
      expectSameAnswers(fromDatabase, live.entries);
      expectSameAnswers(fromArchive, live.entries);
    },
    120_000,
  );

  it('the scenario changes every service between the instants, and every query the plans ask is asked', () => {
    const byService = (capture: Capture, service: string) => canonicalJson(capture.entries.filter((entry) => entry.service === service));
    for (const { service } of QUERY_PLANS) {
      expect(byService(captures[1]!, service)).not.toBe(byService(captures[0]!, service));
    }
    for (const service of ['billing', 'data-exchange', 'privacy', 'support'])
      expect(byService(captures[2]!, service)).not.toBe(byService(captures[1]!, service));
    const asked = new Set(captures[2]!.entries.map((entry) => `${entry.service}.${entry.message}`));
    expect(QUERY_PLANS.flatMap((plan) => plan.asks.map((name) => `${plan.service}.${name}`)).filter((name) => !asked.has(name))).toEqual(
      [],
    );
    // Refusals are answers too, but the scenario gives each question something to answer.
    expect(captures[2]!.entries.filter((entry) => 'refusal' in entry)).toEqual([]);
  });

  it('--insee keeps one town: only its questions, answered as the live API answered them', async () => {
    const replayed = await replay(['--as-of', oneTownCapture.at, '--insee', '92012']);
    expect(replayed.header.scope).toEqual({ insee: '92012' });
    expect(replayed.header.omitted).toContainEqual({
      service: 'billing',
      message: 'budget',
      reason: expect.stringContaining('EPT entier'),
    });
    expectSameAnswers(replayed, oneTownCapture.entries);
    const towns = new Set(
      replayed.entries.flatMap((entry) => ('insee' in entry.request ? [(entry.request as { insee: string }).insee] : [])),
    );
    expect([...towns]).toEqual(['92012']);
    const everyTown = captures[2]!.entries;
    expect(replayed.entries.length).toBeLessThan(everyTown.length);
    for (const message of ['budget', 'investments', 'reconciliation', 'licences', 'trainingAgents'])
      expect(replayed.entries.some((entry) => entry.message === message)).toBe(false);
  }, 120_000);
});

describe('personal data in a replay (R-GDPR-1, issue 14)', () => {
  const contactIn = (replayed: Replay) => {
    const convention = replayed.entries.find(
      (entry) => entry.message === 'convention' && (entry.request as { insee: string }).insee === '92012',
    ) as { answer: Json };
    return convention.answer.contacts.gis.find((holder: { personId: string }) => holder.personId === CONTACT.personId);
  };
  let archiveBeforeErasure: string;

  it('in clear with the key-encryption key in a replay made before the erasure, as the live API shows it', async () => {
    const replayed = await replay(['--as-of', captures[0]!.at]);
    expect(contactIn(replayed)).toMatchObject({ name: CONTACT.name, email: CONTACT.email });
    expect(replayed.header.personalData.statement).toContain('ouverts avec la clé');
  }, 60_000);

  it('sealed without the key-encryption key, and the replay says so', async () => {
    const replayed = await replay(['--as-of', captures[0]!.at], { DIGIT_PERSONAL_DATA_KEK: '' });
    expect(replayed.header.personalData).toEqual({ opened: false, statement: expect.stringContaining('scellés') });
    expect(contactIn(replayed)).toMatchObject({ name: 'pd:sealed', email: 'pd:sealed' });
    expect(JSON.stringify(replayed)).not.toContain(CONTACT.name);
  }, 60_000);

  it('erased in a replay made after the erasure, from the database and from an archive exported before it', async () => {
    archiveBeforeErasure = archive;
    await expectStatus(
      201,
      call('POST', '/api/v1/privacy/erasures', { subjectId: CONTACT.personId, reason: 'Demande de la personne (art. 17 du RGPD)' }),
    );
    for (const args of [
      ['--as-of', captures[0]!.at],
      ['--archive', archiveBeforeErasure, '--as-of', captures[0]!.at],
    ]) {
      const replayed = await replay(args);
      expect(contactIn(replayed)).toMatchObject({ personId: CONTACT.personId, name: 'pd:erased', email: 'pd:erased' });
      expect(replayed.header.personalData.statement).toContain('1 effacée(s)');
      expect(JSON.stringify(replayed)).not.toContain(CONTACT.name);
    }
  }, 120_000);
});
