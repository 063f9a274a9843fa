import { privacyMessages, serviceCaller, type Caller } from '@digit/contracts';
import { sendMessage } from '@digit/messaging';
import type { TestTokenClaims } from '@digit/testing';
import { startPrivacyService } from '../../../services/privacy/src/privacy.app.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

/**
 * Who may call what on the privacy routes (R-SEC-2, R-SEC-4; README "Who may call what"): every
 * role on every route, on Boulogne's data (92012), and Issy's DPD on Boulogne's. A refused call
 * answers 403 and stores nothing.
 */
let system: SystemUnderTest;

const TOWN = '92012';
const ROLES = {
  ops: { sub: 'ops-camille', roles: ['ops'] },
  finance: { sub: 'fin-paul', roles: ['finance'] },
  auditor: { sub: 'aud-lea', roles: ['auditor'] },
  'town-dsi': { sub: 'dsi-92012', roles: ['town-dsi'], insee: TOWN },
  'town-dpo': { sub: 'dpd-92012', roles: ['town-dpo'], insee: TOWN },
  'town-referent': { sub: 'ref-92012', roles: ['town-referent'], insee: TOWN },
  'town-dpo of another town': { sub: 'dpd-92040', roles: ['town-dpo'], insee: '92040' },
} as const satisfies Record<string, TestTokenClaims>;
type RoleName = keyof typeof ROLES;
const ROLE_NAMES = Object.keys(ROLES) as RoleName[];

const FICHE = {
  name: 'Annuaire des référents',
  purposes: ['Contacter les référents'],
  legalBases: ['public-interest-mission'],
  dataSubjects: ['Agents'],
  dataCategories: ['identity', 'email'],
  recipients: ['Service démocratie locale'],
  retentionPeriods: ['Durée du mandat'],
  securityMeasures: ["Contrôle d'accès"],
};
const CSV =
  "Référence;Nom de l'activité;Finalité;Base légale;Personnes concernées;Catégories de données;Destinataires;Durée de conservation;Mesures de sécurité;Statut\nTRT-IMP;Cadastre;Instruction;Mission d'intérêt public;Propriétaires;Identité;Urbanisme;1 an;Contrôle d'accès;Brouillon\n";

interface RouteCase {
  readonly route: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  /** The path for the n-th role, so that commands of different roles never collide. */
  readonly path: (n: number) => string;
  readonly body?: (n: number) => unknown;
  readonly contentType?: string;
  readonly success: number;
  readonly allowed: readonly RoleName[];
}

const DIGIT_READERS: RoleName[] = ['ops', 'auditor'];
const REGISTER_READERS: RoleName[] = ['ops', 'auditor', 'town-dsi', 'town-dpo', 'town-referent'];
const LOG_READERS: RoleName[] = ['ops', 'auditor', 'town-dpo'];

const ROUTES: readonly RouteCase[] = [
  { route: 'GET alerts', method: 'GET', path: () => `/api/v1/privacy/alerts?insee=${TOWN}`, success: 200, allowed: LOG_READERS },
  { route: 'GET register', method: 'GET', path: () => `/api/v1/privacy/${TOWN}/register`, success: 200, allowed: REGISTER_READERS },
  {
    route: 'GET register/{reference}',
    method: 'GET',
    path: () => `/api/v1/privacy/${TOWN}/register/TRT-ACCESS`,
    success: 200,
    allowed: REGISTER_READERS,
  },
  {
    route: 'POST register',
    method: 'POST',
    path: () => `/api/v1/privacy/${TOWN}/register`,
    body: (n) => ({ reference: `TRT-NEW-${n}`, fiche: FICHE }),
    success: 201,
    allowed: ['ops', 'town-dpo'],
  },
  {
    route: 'PUT register/{reference}',
    method: 'PUT',
    path: () => `/api/v1/privacy/${TOWN}/register/TRT-UPD`,
    body: (n) => ({ fiche: { ...FICHE, name: `Fiche ${n}` } }),
    success: 200,
    allowed: ['ops', 'town-dpo'],
  },
  {
    route: 'POST register/{reference}/validation (R-SEC-4)',
    method: 'POST',
    path: () => `/api/v1/privacy/${TOWN}/register/TRT-VAL/validation`,
    body: () => ({}),
    success: 200,
    allowed: ['town-dpo'],
  },
  {
    route: 'POST register/{reference}/withdrawal',
    method: 'POST',
    path: () => `/api/v1/privacy/${TOWN}/register/TRT-WD/withdrawal`,
    body: () => ({ reason: 'Traitement abandonné' }),
    success: 200,
    allowed: ['town-dpo'],
  },
  {
    route: 'POST register/import',
    method: 'POST',
    path: () => `/api/v1/privacy/${TOWN}/register/import`,
    body: () => CSV,
    contentType: 'text/csv',
    success: 200,
    allowed: ['town-dpo'],
  },
  {
    route: 'POST checks',
    method: 'POST',
    path: () => `/api/v1/privacy/${TOWN}/checks`,
    body: (n) => ({ item: { kind: 'dataset', id: `ds-${n}`, content: 'voie;longueur\nRue de Sèvres;120\n' }, declaredCategories: 'none' }),
    success: 201,
    allowed: ['ops'],
  },
  { route: 'GET log', method: 'GET', path: () => `/api/v1/privacy/${TOWN}/log`, success: 200, allowed: LOG_READERS },
  { route: 'GET log.csv', method: 'GET', path: () => `/api/v1/privacy/${TOWN}/log.csv`, success: 200, allowed: LOG_READERS },
  { route: 'GET agents', method: 'GET', path: () => '/api/v1/privacy/agents', success: 200, allowed: DIGIT_READERS },
  { route: 'GET agents/due', method: 'GET', path: () => '/api/v1/privacy/agents/due', success: 200, allowed: DIGIT_READERS },
  {
    route: 'POST agents',
    method: 'POST',
    path: () => '/api/v1/privacy/agents',
    body: (n) => ({ agentId: `a-new-${n}`, fullName: 'Hugo Lefort', joinedOn: '2024-01-15' }),
    success: 201,
    allowed: ['ops'],
  },
  {
    route: 'POST agents/{agentId}/trainings',
    method: 'POST',
    path: () => '/api/v1/privacy/agents/a-access/trainings',
    body: () => ({ trainedOn: '2024-05-14', course: 'Sensibilisation RGPD' }),
    success: 201,
    allowed: ['ops'],
  },
  {
    route: 'POST agents/{agentId}/departure',
    method: 'POST',
    path: () => '/api/v1/privacy/agents/a-access/departure',
    body: () => ({ leftOn: '2024-07-01' }),
    success: 200,
    allowed: ['ops'],
  },
  {
    route: 'POST erasures (R-SEC-4)',
    method: 'POST',
    path: () => '/api/v1/privacy/erasures',
    body: (n) => ({ subjectId: `s-access-${n}`, reason: 'Demande du DPD de la ville' }),
    success: 201,
    allowed: ['ops'],
  },
  {
    route: 'GET {insee}/reads (R-GDPR-5)',
    method: 'GET',
    path: () => `/api/v1/privacy/${TOWN}/reads`,
    success: 200,
    allowed: ['auditor', 'town-dpo'],
  },
  { route: 'GET reads (DIGIT agents, R-GDPR-5)', method: 'GET', path: () => '/api/v1/privacy/reads', success: 200, allowed: DIGIT_READERS },
  {
    route: 'PUT register/{reference}/retention (R-SEC-4)',
    method: 'PUT',
    path: () => `/api/v1/privacy/${TOWN}/register/TRT-UPD/retention`,
    body: (n) => ({ days: 365 + n, appliesTo: ['convention-contacts'] }),
    success: 200,
    allowed: ['town-dpo'],
  },
  { route: 'GET retention/due', method: 'GET', path: () => `/api/v1/privacy/${TOWN}/retention/due`, success: 200, allowed: LOG_READERS },
  {
    route: 'POST subject-access (art. 15)',
    method: 'POST',
    path: () => `/api/v1/privacy/${TOWN}/subject-access`,
    body: () => ({ email: 'personne@example.fr' }),
    success: 200,
    allowed: ['ops', 'town-dpo'],
  },
  {
    route: 'POST subject-access.csv (art. 15)',
    method: 'POST',
    path: () => `/api/v1/privacy/${TOWN}/subject-access.csv`,
    body: () => ({ email: 'personne@example.fr' }),
    success: 200,
    allowed: ['ops', 'town-dpo'],
  },
  {
    route: 'POST subject-erasures (art. 17, R-SEC-4)',
    method: 'POST',
    path: () => `/api/v1/privacy/${TOWN}/subject-erasures`,
    body: () => ({ email: 'personne@example.fr', reason: 'Demande de la personne' }),
    success: 201,
    allowed: ['ops', 'town-dpo'],
  },
];

const send = (route: RouteCase, role: RoleName) => {
  const n = ROLE_NAMES.indexOf(role);
  const body = route.body?.(n);
  return system.fetch(
    route.path(n),
    {
      method: route.method,
      headers: body === undefined ? {} : { 'content-type': route.contentType ?? 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    },
    ROLES[role],
  );
};

beforeAll(async () => {
  system = await startSystem([startPrivacyService]);
  for (const reference of ['TRT-ACCESS', 'TRT-UPD', 'TRT-VAL', 'TRT-WD']) {
    const declared = await system.fetch(`/api/v1/privacy/${TOWN}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference, fiche: FICHE }),
    });
    expect(declared.status).toBe(201);
  }
  const agent = await system.fetch('/api/v1/privacy/agents', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agentId: 'a-access', fullName: 'Claire Moreau', joinedOn: '2021-09-01' }),
  });
  expect(agent.status).toBe(201);
});
afterAll(() => system.stop());

describe('privacy routes: every role on every route (R-SEC-2, R-SEC-4)', () => {
  const cells = ROUTES.flatMap((route) =>
    ROLE_NAMES.map((role) => [route.route, role, route.allowed.includes(role) ? route.success : 403, route] as const),
  );

  it.each(cells)('%s as %s → %i', async (_, role, expected, route) => {
    const before = await system.infra.store.headPosition();
    const response = await send(route, role);
    expect(response.status).toBe(expected);
    if (expected === 403) {
      expect(await response.json()).toMatchObject({ error: 'forbidden' });
      expect(await system.infra.store.headPosition()).toBe(before);
    }
  });

  it('R-SEC-4: the validation names the town DPD who made it (the token’s subject)', async () => {
    const processing = await (await system.fetch(`/api/v1/privacy/${TOWN}/register/TRT-VAL`)).json();
    expect(processing).toMatchObject({ status: 'validated', validatedBy: 'dpd-92012' });
  });
});

describe('privacy messages over NATS: the service checks the policy again (R-SEC-2, R-SEC-3)', () => {
  const bus = () => system.infra.bus;
  const issyDpo: Caller = { sub: 'dpd-92040', roles: ['town-dpo'], insee: '92040' };

  it('R-GDPR-2: the services about to process data may ask for the check; they may not read a register', async () => {
    const check = await sendMessage(
      bus(),
      privacyMessages.checkPersonalData,
      { insee: TOWN, item: { kind: 'dataset', id: 'ds-nats', content: 'voie\nRue de Sèvres\n' }, declaredCategories: 'none' },
      serviceCaller('data-exchange'),
    );
    expect(check).toMatchObject({ ok: true, value: { outcome: 'allowed' } });
    expect(await sendMessage(bus(), privacyMessages.register, { insee: TOWN }, serviceCaller('support'))).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      await sendMessage(bus(), privacyMessages.erasePersonalData, { subjectId: 's-nats', reason: 'Demande' }, serviceCaller('support')),
    ).toMatchObject({ ok: false, status: 403 });
  });

  it('R-SEC-2: a town DPD asking for a register without naming a town gets its own; another town’s is refused', async () => {
    const own = await sendMessage(bus(), privacyMessages.register, {}, issyDpo);
    expect(own).toMatchObject({ ok: true, value: { insee: '92040' } });
    const before = await system.infra.store.headPosition();
    expect(await sendMessage(bus(), privacyMessages.validateProcessing, { insee: TOWN, reference: 'TRT-ACCESS' }, issyDpo)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await system.infra.store.headPosition()).toBe(before);
  });
});
