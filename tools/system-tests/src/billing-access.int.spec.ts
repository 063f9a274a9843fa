import { setTimeout as sleep } from 'node:timers/promises';
import { billingMessages, serviceCaller, type Caller } from '@digit/contracts';
import { sendMessage } from '@digit/messaging';
import type { TestTokenClaims } from '@digit/testing';
import { startBillingService } from '../../../services/billing/src/billing.app.js';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

/**
 * Who may call what on the billing routes (R-SEC-2, R-SEC-4; README "Who may call what"): every
 * role on every route, on Boulogne's data (92012), and Issy's référent on Boulogne's. Changing
 * budgets, and every other change of billing's figures, is GPSO finance's; a refused call answers
 * 403 and stores nothing.
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
  'town-referent of another town': { sub: 'ref-92040', roles: ['town-referent'], insee: '92040' },
} as const satisfies Record<string, TestTokenClaims>;
type RoleName = keyof typeof ROLES;
const ROLE_NAMES = Object.keys(ROLES) as RoleName[];
const FINANCE = ROLES.finance;

/** The seed's forecast: 137 000 € SIG, payroll 344 230,77 € (base 358 000 €), structure 63 000 €. */
const SEED_BUDGET = { sigOperationalCents: 13_700_000, payrollCents: 34_423_077, structureFlatCents: 6_300_000 };
/** 2024's compte administratif: SIG 20 % over forecast, so a "new forecast 2025" action opens and towns get proposals (R-BIL-5). */
const ACTUAL_2024 = { ...SEED_BUDGET, sigOperationalCents: 16_440_000, closedOn: '2025-06-30' };
const COMMITTEE = { committeeDate: '2025-09-15', committeeReference: 'Compte rendu du comité de suivi du 15/09/2025' };

interface RouteCase {
  readonly route: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  /** The body for the n-th role, so that commands of different roles never collide. */
  readonly body?: (n: number) => unknown;
  readonly success: number;
  readonly allowed: readonly RoleName[];
}

const FINANCE_ONLY: RoleName[] = ['finance'];
const EPT_READERS: RoleName[] = ['ops', 'finance', 'auditor'];
const TOWN_READERS: RoleName[] = ['ops', 'finance', 'auditor', 'town-dsi', 'town-dpo', 'town-referent'];
const B = '/api/v1/billing';

const ROUTES: readonly RouteCase[] = [
  { route: 'GET alerts', method: 'GET', path: `${B}/alerts?insee=${TOWN}`, success: 200, allowed: TOWN_READERS },
  {
    route: 'PUT budgets/{year} (R-SEC-4)',
    method: 'PUT',
    path: `${B}/budgets/2026`,
    body: () => SEED_BUDGET,
    success: 200,
    allowed: FINANCE_ONLY,
  },
  { route: 'GET budgets/{year}', method: 'GET', path: `${B}/budgets/2024`, success: 200, allowed: EPT_READERS },
  {
    route: 'PUT actuals/{year} (R-SEC-4)',
    method: 'PUT',
    path: `${B}/actuals/2023`,
    body: () => ({ ...SEED_BUDGET, closedOn: '2024-06-28' }),
    success: 200,
    allowed: FINANCE_ONLY,
  },
  { route: 'GET investments', method: 'GET', path: `${B}/investments`, success: 200, allowed: EPT_READERS },
  {
    route: 'POST investments',
    method: 'POST',
    path: `${B}/investments`,
    body: (n) => ({ assetId: `srv-access-${n}`, asset: 'Serveur SIG web', costCents: 2_400_000, startYear: 2024, depreciationYears: 4 }),
    success: 201,
    allowed: FINANCE_ONLY,
  },
  { route: 'GET rejections', method: 'GET', path: `${B}/rejections`, success: 200, allowed: EPT_READERS },
  { route: 'GET reconciliations/{year}', method: 'GET', path: `${B}/reconciliations/2024`, success: 200, allowed: EPT_READERS },
  {
    route: 'POST reconciliations/{year}',
    method: 'POST',
    path: `${B}/reconciliations/2025`,
    body: () => ({}),
    success: 201,
    allowed: FINANCE_ONLY,
  },
  {
    route: 'POST reconciliations/{year}/decision',
    method: 'POST',
    path: `${B}/reconciliations/2024/decision`,
    body: () => ({ decision: 'Budget SIG 2025 porté à 164 400 €', decidedOn: '2025-09-15' }),
    success: 201,
    allowed: FINANCE_ONLY,
  },
  {
    route: 'POST reconciliations/{year}/regularisations/{insee}/decision',
    method: 'POST',
    path: `${B}/reconciliations/2024/regularisations/${TOWN}/decision`,
    body: () => ({ ...COMMITTEE, outcome: 'accepted' }),
    success: 201,
    allowed: FINANCE_ONLY,
  },
  { route: 'GET {insee}/charges', method: 'GET', path: `${B}/${TOWN}/charges`, success: 200, allowed: TOWN_READERS },
  { route: 'GET {insee}/rate-reviews', method: 'GET', path: `${B}/${TOWN}/rate-reviews`, success: 200, allowed: TOWN_READERS },
  {
    route: 'POST {insee}/rate-reviews/{actionId}/decision',
    method: 'POST',
    path: `${B}/${TOWN}/rate-reviews/new-rate-2026-avenant-1/decision`,
    body: () => ({ decision: 'Taux 2026 fixé à 8 %', decidedOn: '2025-09-15' }),
    success: 201,
    allowed: FINANCE_ONLY,
  },
  { route: 'GET {insee}/{year}', method: 'GET', path: `${B}/${TOWN}/2024`, success: 200, allowed: TOWN_READERS },
  {
    route: 'POST {insee}/{year}/statements/{half}',
    method: 'POST',
    path: `${B}/${TOWN}/2024/statements/2`,
    body: () => ({ issuedOn: '2025-01-06' }),
    success: 201,
    allowed: FINANCE_ONLY,
  },
  {
    route: 'GET {insee}/{year}/statements/{half}',
    method: 'GET',
    path: `${B}/${TOWN}/2024/statements/1`,
    success: 200,
    allowed: TOWN_READERS,
  },
  {
    route: 'GET {insee}/{year}/statements/{half}.html',
    method: 'GET',
    path: `${B}/${TOWN}/2024/statements/1.html`,
    success: 200,
    allowed: TOWN_READERS,
  },
  {
    route: 'GET {insee}/{year}/statements/{half}.csv',
    method: 'GET',
    path: `${B}/${TOWN}/2024/statements/1.csv`,
    success: 200,
    allowed: TOWN_READERS,
  },
];

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: body === undefined ? {} : { 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

/** Polls a GET until it answers 200 (billing receives the conventions' events over NATS), for at most 10 s. */
const until200 = async (path: string, as: TestTokenClaims = FINANCE): Promise<void> => {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await system.fetch(path, {}, as)).status === 200) return;
    await sleep(100);
  }
  throw new Error(`${path} never answered 200`);
};

const expectStatus = async (path: string, init: RequestInit, status: number, as: TestTokenClaims = FINANCE) => {
  const response = await system.fetch(path, init, as);
  expect({ path, status: response.status }).toEqual({ path, status });
};

beforeAll(async () => {
  system = await startSystem([startConventionsService, startBillingService]);
  for (const year of [2023, 2024, 2025]) await expectStatus(`${B}/budgets/${year}`, json('PUT', SEED_BUDGET), 200);
  // The last seeded town's figures mean billing knows all eight conventions.
  await until200(`${B}/92077/2024`);
  await expectStatus(`${B}/actuals/2024`, json('PUT', ACTUAL_2024), 200);
  await expectStatus(`${B}/actuals/2025`, json('PUT', { ...SEED_BUDGET, closedOn: '2026-06-30' }), 200);
  await expectStatus(`${B}/reconciliations/2024`, json('POST', { reconciledOn: '2025-07-01' }), 201);
  await expectStatus(`${B}/${TOWN}/2024/statements/1`, json('POST', { issuedOn: '2024-07-05' }), 201);
  // An amendment of Boulogne's resources share opens the "new rate 2026" action (R-BIL-5).
  const amendment = { signedOn: '2025-03-10', effectiveFrom: '2025-04-01', changes: { resourcesShare: '0.08' } };
  await expectStatus(`/api/v1/conventions/${TOWN}/amendments`, json('POST', amendment), 201, ROLES.ops);
  for (let attempt = 0; attempt < 100; attempt++) {
    const reviews = (await (await system.fetch(`${B}/${TOWN}/rate-reviews`, {}, FINANCE)).json()) as { actions: unknown[] };
    if (reviews.actions.length > 0) break;
    await sleep(100);
  }
}, 60_000);
afterAll(() => system.stop());

describe('billing routes: every role on every route (R-SEC-2, R-SEC-4)', () => {
  const cells = ROUTES.flatMap((route) =>
    ROLE_NAMES.map((role) => [route.route, role, route.allowed.includes(role) ? route.success : 403, route] as const),
  );

  it.each(cells)('%s as %s → %i', async (_, role, expected, route) => {
    const before = await system.infra.store.headPosition();
    const response = await system.fetch(route.path, json(route.method, route.body?.(ROLE_NAMES.indexOf(role))), ROLES[role]);
    expect(response.status).toBe(expected);
    if (expected === 403) {
      expect(await response.json()).toMatchObject({ error: 'forbidden' });
      expect(await system.infra.store.headPosition()).toBe(before);
    }
  });

  it('R-SEC-1, R-SEC-4: the budget change names the finance person who made it (the token’s subject)', async () => {
    const [set] = await system.infra.store.readStream('budget-2026');
    expect(set?.metadata.actor).toBe('fin-paul');
  });
});

describe('billing messages over NATS: the service checks the policy again (R-SEC-2, R-SEC-3)', () => {
  const bus = () => system.infra.bus;
  const issyReferent: Caller = { sub: 'ref-92040', roles: ['town-referent'], insee: '92040' };

  it('R-SEC-2: a town asking for charges without naming a town gets its own; another town’s statement is refused', async () => {
    expect(await sendMessage(bus(), billingMessages.townCharges, {}, issyReferent)).toMatchObject({ ok: true, value: { insee: '92040' } });
    expect(await sendMessage(bus(), billingMessages.statement, { insee: TOWN, year: 2024, half: 1 }, issyReferent)).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('R-SEC-4: neither a service nor DIGIT ops may change a budget; nothing is stored', async () => {
    const before = await system.infra.store.headPosition();
    const ops: Caller = { sub: 'ops-camille', roles: ['ops'] };
    for (const caller of [serviceCaller('support'), ops, issyReferent]) {
      expect(await sendMessage(bus(), billingMessages.setBudget, { year: 2027, ...SEED_BUDGET }, caller)).toMatchObject({
        ok: false,
        status: 403,
      });
    }
    expect(await system.infra.store.headPosition()).toBe(before);
  });
});
