import { setTimeout as sleep } from 'node:timers/promises';
import { Temporal } from 'temporal-polyfill';
import type { Alert, AlertsOverviewView } from '@digit/contracts';
import type { TestTokenClaims } from '@digit/testing';
import { startBillingService } from '../../../services/billing/src/billing.app.js';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startDataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import { startPrivacyService } from '../../../services/privacy/src/privacy.app.js';
import { startSupportService } from '../../../services/support/src/support.app.js';
import { startSystem, type RunningService, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * Every service's alerts gathered for one date (R-SEC-6, issue 13's "Aujourd'hui"): asked as the
 * caller, so a town's people read their town's only; a service that does not answer is an alert
 * of its own. The data is made through the public interfaces.
 */
let system: SystemUnderTest;
let privacy: RunningService | undefined;

const OPS: TestCaller = { sub: 'ops.digit', roles: ['ops'] };
const ROLES = {
  ops: OPS,
  finance: { sub: 'finance.gpso', roles: ['finance'] },
  auditor: { sub: 'auditor.crc', roles: ['auditor'] },
  'town-dsi': { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' },
  'town-dpo': { sub: 'dpo.boulogne', roles: ['town-dpo'], insee: '92012' },
  'town-referent': { sub: 'referent.boulogne', roles: ['town-referent'], insee: '92012' },
} as const satisfies Record<string, TestTokenClaims>;
const BOULOGNE_DPO = ROLES['town-dpo'];

const send = (path: string, method: string, body: unknown, as: TestCaller = OPS) =>
  system.fetch(
    path,
    { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) },
    as,
  );
const created = async (path: string, body: unknown, as: TestCaller = OPS): Promise<{ id: string }> => {
  const response = await send(path, 'POST', body, as);
  expect({ path, status: response.status }).toEqual({ path, status: response.status === 200 ? 200 : 201 });
  return (await response.json()) as { id: string };
};
const overview = async (query: string, as: TestCaller = OPS): Promise<AlertsOverviewView> => {
  const response = await send(`/api/v1/alerts${query}`, 'GET', undefined, as);
  expect(response.status).toBe(200);
  return (await response.json()) as AlertsOverviewView;
};
const kinds = (alerts: readonly Alert[], insee?: string | null) =>
  alerts.filter((alert) => insee === undefined || alert.insee === insee).map((alert) => alert.kind);

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
const CONTACTS_CSV = 'nom;courriel\nDupont;jeanne.dupont@example.fr\nHaddad;lina.haddad@example.fr\n';
const now = Temporal.Now.zonedDateTimeISO('Europe/Paris');
const paris = (moment: Temporal.ZonedDateTime) => moment.round({ smallestUnit: 'minute' }).toString({ timeZoneName: 'never' });

beforeAll(async () => {
  system = await startSystem([
    startConventionsService,
    startDataExchangeService,
    (infra) => startSupportService(infra),
    async (infra) => {
      const started = await startPrivacyService(infra);
      privacy = started;
      return { stop: () => (privacy ? started.stop() : Promise.resolve()) };
    },
    startBillingService,
  ]);
  // R-SUP-3: a request DIGIT received by e-mail ten days ago, never answered.
  await created('/api/v1/support/tickets', {
    insee: '92012',
    need: 'Carte des travaux',
    targetUsers: 'Voirie',
    context: 'Conseil',
    deadline: '2030-12-31',
    channel: 'email',
    receivedAt: paris(now.subtract({ days: 10 })),
  });
  // R-SUP-4: a maintenance interruption started now, announced for the day after tomorrow.
  const start = now.add({ days: 2 }).round({ smallestUnit: 'hour' });
  const notice = await created('/api/v1/support/maintenance', {
    services: ['web-map'],
    plannedStart: paris(start),
    plannedEnd: paris(start.add({ hours: 1 })),
    description: 'Mise à jour',
  });
  await created(`/api/v1/support/maintenance/${notice.id}/interruption`, {});
  // R-GDPR-2: a draft processing, and an item refused then, once its processing is validated, allowed.
  await created('/api/v1/privacy/92012/register', { reference: 'TRT-DRAFT', fiche: FICHE });
  await created('/api/v1/privacy/92012/register', { reference: 'TRT-ANN', fiche: FICHE });
  await created('/api/v1/privacy/92012/register/TRT-ANN/validation', {}, BOULOGNE_DPO);
  await created('/api/v1/privacy/92012/checks', {
    item: { kind: 'dataset', id: 'ds-contacts', content: CONTACTS_CSV },
    declaredCategories: 'none',
  });
  await created('/api/v1/privacy/92012/checks', {
    item: { kind: 'dataset', id: 'ds-annuaire', content: CONTACTS_CSV },
    declaredCategories: 'none',
  });
  await created('/api/v1/privacy/92012/checks', {
    item: { kind: 'dataset', id: 'ds-annuaire', content: CONTACTS_CSV },
    declaredProcessing: 'TRT-ANN',
    declaredCategories: ['identity', 'email'],
  });
  // Billing knows every town's convention once none of its alerts says it is still receiving them.
  for (let attempt = 0; attempt < 100; attempt++) {
    const { alerts } = await overview('?asOf=2026-12-07');
    if (!kinds(alerts).includes('statement-status-unknown') && kinds(alerts).includes('statement-not-issued')) break;
    await sleep(100);
  }
}, 90_000);
afterAll(() => system.stop());

describe('every service’s alerts on one date (R-SEC-6)', () => {
  it('R-SEC-6, R-CON-3: on 07/12/2026 the seven 2022 conventions end in 24 days, critical; Boulogne’s does not', async () => {
    const { asOf, alerts, sources } = await overview('?asOf=2026-12-07');
    expect(asOf).toBe('2026-12-07');
    expect(sources).toEqual(
      ['conventions', 'data-exchange', 'support', 'privacy', 'billing'].map((service) => ({
        service,
        status: 'ok',
        alerts: expect.any(Number),
      })),
    );
    const ending = alerts.filter((alert) => alert.kind === 'convention-ending');
    expect(ending.map((alert) => alert.insee).sort()).toEqual(['92022', '92040', '92047', '92048', '92072', '92075', '92077']);
    expect(
      ending.every((alert) => alert.severity === 'critical' && alert.date === '2026-12-31' && alert.message.includes('dans 24 jours')),
    ).toBe(true);
    expect(alerts[0]?.severity).toBe('critical');
    expect(alerts.findIndex((alert) => alert.severity === 'warning')).toBeGreaterThan(
      alerts.findLastIndex((alert) => alert.severity === 'critical'),
    );
  });

  it('R-SEC-6, R-DX-7: the four public contracts ended on 23/11/2024 are critical', async () => {
    const { alerts } = await overview('?asOf=2026-12-07');
    const ended = alerts.filter((alert) => alert.kind === 'contract-ended');
    expect(ended).toHaveLength(4);
    expect(ended.every((alert) => alert.severity === 'critical' && alert.date === '2024-11-23' && alert.insee === null)).toBe(true);
  });

  it('R-SEC-6, R-BIL-4: the mémoires of 2026’s first half and 2025’s second are not issued', async () => {
    const { alerts } = await overview('?asOf=2026-12-07&insee=92012');
    expect(alerts.filter((alert) => alert.kind === 'statement-not-issued').map((alert) => [alert.subject, alert.severity])).toEqual([
      ['92012-2025-S2', 'critical'],
      ['92012-2026-S1', 'warning'],
    ]);
  });

  it('R-SEC-6, R-SUP-3, R-SUP-4, R-GDPR-2: today’s support and privacy alerts, from what was recorded through the API', async () => {
    const { alerts } = await overview('');
    expect(kinds(alerts, '92012')).toEqual(
      expect.arrayContaining(['response-breached', 'resolution-breached', 'privacy-check-refused', 'processing-draft']),
    );
    expect(kinds(alerts, null)).toContain('interruption-not-restored');
    const refused = alerts.filter((alert) => alert.kind === 'privacy-check-refused');
    // ds-annuaire's latest check allowed it: only ds-contacts is still held.
    expect(refused.map((alert) => alert.message.includes('ds-contacts'))).toEqual([true]);
    expect(alerts.filter((alert) => alert.kind === 'processing-draft').map((alert) => alert.subject)).toEqual(['TRT-DRAFT']);
  });

  it('R-SEC-6: a date that is not a date, or an unknown parameter, is a 400', async () => {
    expect((await send('/api/v1/alerts?asOf=2026-02-30', 'GET', undefined)).status).toBe(400);
    expect((await send('/api/v1/alerts?town=92012', 'GET', undefined)).status).toBe(400);
  });
});

describe('who reads which alerts (R-SEC-2)', () => {
  it.each(Object.entries(ROLES))('R-SEC-2: %s reads GET /api/v1/alerts', async (_role, caller) => {
    expect((await send('/api/v1/alerts?asOf=2026-12-07', 'GET', undefined, caller)).status).toBe(200);
  });

  it('R-SEC-1: nobody reads them anonymously', async () => {
    expect((await send('/api/v1/alerts', 'GET', undefined, 'anonymous')).status).toBe(401);
  });

  it.each([
    ['town-referent', ['conventions', 'support', 'billing'], ['data-exchange', 'privacy']],
    ['town-dpo', ['conventions', 'privacy', 'billing'], ['data-exchange', 'support']],
    ['finance', ['conventions', 'data-exchange', 'billing'], ['support', 'privacy']],
  ] as const)('R-SEC-2: %s is answered by the services it reads, each asked as it', async (role, asked, notAsked) => {
    const { sources } = await overview('?asOf=2026-12-07', ROLES[role]);
    expect(sources.filter((source) => source.status === 'ok').map((source) => source.service)).toEqual(asked);
    expect(sources.filter((source) => source.status === 'not_asked').map((source) => source.service)).toEqual(notAsked);
  });

  it('R-SEC-2: a town’s people read their own town’s alerts only, never the EPT’s nor another town’s', async () => {
    for (const role of ['town-dsi', 'town-dpo', 'town-referent'] as const) {
      const { alerts } = await overview('', ROLES[role]);
      expect(alerts.length).toBeGreaterThan(0);
      expect(new Set(alerts.map((alert) => alert.insee))).toEqual(new Set(['92012']));
    }
    const forbidden = await send('/api/v1/alerts?insee=92040', 'GET', undefined, ROLES['town-referent']);
    expect([forbidden.status, ((await forbidden.json()) as { error: string }).error]).toEqual([403, 'forbidden']);
  });

  it('R-SEC-2: ops may ask for one town: the EPT’s alerts are left out', async () => {
    const { alerts } = await overview('?asOf=2026-12-07&insee=92022');
    expect(new Set(alerts.map((alert) => alert.insee))).toEqual(new Set(['92022']));
  });
});

describe('a service that does not answer (R-SEC-6)', () => {
  it('R-SEC-6: is an alert of its own, and the others still answer', async () => {
    const stopping = privacy!;
    privacy = undefined;
    await stopping.stop();
    const started = Date.now();
    const { alerts, sources } = await overview('?asOf=2026-12-07');
    expect(Date.now() - started).toBeLessThan(4000);
    expect(sources.find((source) => source.service === 'privacy')).toEqual({ service: 'privacy', status: 'unavailable', alerts: 1 });
    expect(alerts.find((alert) => alert.kind === 'service-unavailable')).toMatchObject({
      severity: 'critical',
      subject: 'privacy',
      insee: null,
      message: 'Le service RGPD ne répond pas : ses alertes ne sont pas connues. Vérifiez son état (page Système) puis rechargez.',
    });
    expect(kinds(alerts)).toContain('convention-ending');
  });
});
