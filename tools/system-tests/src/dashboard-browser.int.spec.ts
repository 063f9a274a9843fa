/**
 * The dashboard in a real browser (issue 13): Debian's Chromium driven by playwright-core, signed in
 * through one-time links as each role, on a system whose data came through the public interfaces
 * (road orders over NATS, requests and budgets over HTTP). Every page passes axe-core's WCAG 2.1 AA
 * rules with no serious or critical violation (RGAA), a town's people never see another town (pages
 * and API, both ways), the live feed shows a new order without a reload, the date picker changes
 * what is shown, the keyboard reaches everything, and each page is photographed at 1400 px and 390 px.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import type { Person } from '@digit/identity';
import { launchChromium, screenshots, seriousViolations, type TestChromium } from './browser/chromium.js';
import { startDashboardSystem, type DashboardSystem, type RoadOrder } from './browser/dashboard-system.js';

/** Starting the system and a browser, and each walk through the pages, take longer than jest's 30 s default. */
const SLOW = 120_000;

const OPS: Person = { sub: 'camille.ops', role: 'ops' };
const FINANCE: Person = { sub: 'sacha.finance', role: 'finance' };
const AUDITOR: Person = { sub: 'alix.audit', role: 'auditor' };
const BOULOGNE_REFERENT: Person = { sub: 'claude.referent', role: 'town-referent', insee: '92012' };
const BOULOGNE_DSI: Person = { sub: 'dominique.dsi', role: 'town-dsi', insee: '92012' };
const ISSY_DPO: Person = { sub: 'eden.dpo', role: 'town-dpo', insee: '92040' };

const MENTIONS = { source: 'Ville', copyright: '© Ville', year: 2024 };
const created = (insee: string, code: string, name: string, reference: string, effectiveAt: string): RoadOrder => ({
  orderId: randomUUID(),
  insee,
  reference,
  signedAt: '2024-03-01',
  effectiveAt,
  kind: 'ROAD_CREATED',
  road: { id: `${insee}_${code}`, name, type: 'voie' },
  mentions: MENTIONS,
});

let system: DashboardSystem;
let browser: TestChromium;
const pages = new Map<string, Page>();
const contentSecurityErrors: string[] = [];

/** A browser profile signed in through a one-time link (POST /auth/link/:token, then the session cookie). */
const signIn = async (person: Person): Promise<Page> => {
  const context: BrowserContext = await browser.person();
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) contentSecurityErrors.push(message.text());
  });
  await page.goto(await system.link(person));
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${system.baseUrl}/`);
  pages.set(person.sub, page);
  return page;
};

const open = async (page: Page, path: string) => {
  const response = await page.goto(`${system.baseUrl}${path}`);
  await page.waitForLoadState('networkidle');
  return response!;
};

const waitForOrder = async (insee: string, reference: string) => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await system.api(`/voirie?insee=${insee}&csv=arretes`, OPS);
    if ((await response.text()).includes(reference)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`order ${reference} never reached the dashboard`);
};

beforeAll(async () => {
  system = await startDashboardSystem();
  browser = await launchChromium();
  // Data through the public interfaces: orders over NATS as each town's DSI, budgets and requests over HTTP.
  const orders = [
    created('92012', 'B001', 'Allée des Tilleuls', 'AR-2024-0101', '2024-04-01'),
    created('92012', 'B002', 'Place du Marché', 'AR-2024-0102', '2024-10-01'),
    {
      ...created('92012', 'B404', 'Rue Inconnue', 'AR-2024-0103', '2024-05-01'),
      kind: 'ROAD_RENAMED' as const,
      previousName: 'Rue Ancienne',
    },
    created('92040', 'I001', 'Rue des Peupliers', 'AR-2024-0201', '2024-04-01'),
  ];
  for (const order of orders) await system.publishOrder(order);
  expect(
    (
      await system.api('/api/v1/billing/budgets/2026', FINANCE, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sigOperationalCents: 13_700_000, payrollCents: 34_423_077, structureFlatCents: 6_300_000 }),
      })
    ).status,
  ).toBe(200);
  const ticket = (insee: string, need: string, receivedAt?: string) => ({
    insee,
    need,
    targetUsers: 'service urbanisme',
    context: 'demande de démonstration',
    deadline: '2026-12-31',
    ...(receivedAt ? { receivedAt } : {}),
  });
  expect(
    (
      await system.api('/api/v1/support/tickets', BOULOGNE_REFERENT, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ticket('92012', 'Carte des pistes cyclables')),
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await system.api('/api/v1/support/tickets', OPS, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ticket('92040', 'Export du cadastre', '2026-11-02T09:00:00+01:00')),
      })
    ).status,
  ).toBe(201);
  await waitForOrder('92040', 'AR-2024-0201');
  await waitForOrder('92012', 'AR-2024-0103');
}, SLOW);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** Every page of the menu, as each role sees it. */
const PAGES = [
  { path: '/', title: 'Aujourd’hui', name: 'aujourdhui' },
  { path: '/communes/92012', title: 'Boulogne-Billancourt', name: 'commune' },
  { path: '/voirie', title: 'Arrêtés de voirie', name: 'voirie' },
  { path: '/support', title: 'Support', name: 'support' },
  { path: '/facturation', title: 'Facturation', name: 'facturation' },
  { path: '/rgpd', title: 'RGPD', name: 'rgpd' },
  { path: '/systeme', title: 'Système', name: 'systeme' },
];

describe('sign-in and pages per role (CONTRACT.md v1.1, issue 13)', () => {
  it('a page without a session sends the browser to the sign-in form, which comes back to it once signed in', async () => {
    await system.account(FINANCE, 'mot de passe de démonstration 2026');
    const context = await browser.person();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${system.baseUrl}/facturation`);
    await expect(page.getByRole('heading', { name: 'Connexion à DIGIT' }).count()).resolves.toBe(1);
    await screenshots(page, 'connexion');
    await page.getByLabel('Identifiant').fill(FINANCE.sub);
    await page.getByLabel('Mot de passe').fill('mot de passe de démonstration 2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${system.baseUrl}/facturation`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Facturation');
  });

  it(
    'DIGIT ops: every page renders with its data, 0 serious or critical axe violation, photographed at 1400 and 390 px',
    async () => {
      const page = await signIn(OPS);
      for (const { path, title, name } of PAGES) {
        expect((await open(page, path)).status()).toBe(200);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
        expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
        await screenshots(page, name);
      }
      await open(page, '/');
      // Chaville in the towns' table once (its alerts name it too).
      await expect(page.locator('#lignes-communes').getByRole('cell', { name: 'Chaville' }).count()).resolves.toBe(1);
      await expect(page.locator('text=délai de première réponse dépassé').count()).resolves.toBeGreaterThan(0);
      await open(page, '/communes/92012');
      await expect(page.locator('text=32 965,00 €').count()).resolves.toBe(1);
      await expect(page.locator('text=Allée des Tilleuls').count()).resolves.toBe(1);
      await open(page, '/voirie');
      await expect(page.locator('canvas').count()).resolves.toBeGreaterThan(0);
      await expect(page.locator('text=est inconnue du registre').count()).resolves.toBe(1);
      expect(contentSecurityErrors).toEqual([]);
    },
    SLOW,
  );

  it.each([
    [FINANCE, ['Aujourd’hui', 'Facturation']],
    [AUDITOR, ['Aujourd’hui', 'Arrêtés de voirie', 'Support', 'Facturation', 'RGPD', 'Système']],
    [BOULOGNE_DSI, ['Aujourd’hui', 'Arrêtés de voirie', 'Support', 'Facturation', 'RGPD', 'Ma commune']],
    [ISSY_DPO, ['Aujourd’hui', 'Facturation', 'RGPD', 'Ma commune']],
  ])(
    '%o sees the menu of its role, each page without serious axe violation',
    async (person, menu) => {
      const page = await signIn(person);
      const links = await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link').allTextContents();
      expect(links.map((link) => link.trim())).toEqual(menu.filter((item) => item !== 'Communes'));
      for (const label of menu) {
        await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: label, exact: true }).click();
        await page.waitForLoadState('networkidle');
        expect({ label, violations: await seriousViolations(page) }).toEqual({ label, violations: [] });
      }
    },
    SLOW,
  );
});

describe('a town’s people see only their town (R-SEC-2), pages and API, both ways', () => {
  it('Boulogne’s référent: its own town, never Issy’s, in pages, exports, the live feed and the API', async () => {
    const page = await signIn(BOULOGNE_REFERENT);
    await screenshots(page, 'aujourdhui-referent');
    expect((await open(page, '/communes/92040')).status()).toBe(403);
    expect((await open(page, '/voirie?insee=92040')).status()).toBe(403);
    await open(page, '/voirie');
    const body = (await page.locator('main').textContent())!;
    expect(body).toContain('AR-2024-0101');
    expect(body).not.toContain('AR-2024-0201');
    expect(body).not.toContain('Issy-les-Moulineaux');
    const csv = await (await page.request.get(`${system.baseUrl}/voirie?csv=arretes`)).text();
    expect(csv).toContain('AR-2024-0101');
    expect(csv).not.toContain('92040');
    await open(page, '/support');
    expect(await page.locator('main').textContent()).not.toContain('Export du cadastre');
    expect((await page.request.get(`${system.baseUrl}/api/v1/conventions/92040`)).status()).toBe(403);
    expect((await page.request.get(`${system.baseUrl}/api/v1/conventions/92012`)).status()).toBe(200);
    expect((await system.api('/communes/92040', BOULOGNE_REFERENT)).status).toBe(403);
  });

  it('Issy’s DPD: its own town, never Boulogne’s', async () => {
    const page = await signIn(ISSY_DPO);
    expect((await open(page, '/communes/92012')).status()).toBe(403);
    expect((await open(page, '/communes/92040')).status()).toBe(200);
    await open(page, '/');
    const towns = (await page.locator('#lignes-communes').textContent())!;
    expect(towns).toContain('Issy-les-Moulineaux');
    expect(towns).not.toContain('Boulogne-Billancourt');
    expect((await page.request.get(`${system.baseUrl}/api/v1/privacy/92012/log`)).status()).toBe(403);
    expect((await page.request.get(`${system.baseUrl}/api/v1/privacy/92040/log`)).status()).toBe(200);
    expect((await system.api('/voirie/flux?insee=92012', ISSY_DPO)).status).toBe(403);
  });
});

describe('live feed, time travel, keyboard', () => {
  it('a road order published over NATS appears on the open Arrêtés page within 2 s, without a reload', async () => {
    const page = pages.get(OPS.sub)!;
    await open(page, '/voirie');
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await page.waitForTimeout(300);
    const order = created('92012', 'B777', 'Rue du Direct', `AR-LIVE-${Date.now()}`, '2024-06-01');
    const sent = Date.now();
    await system.publishOrder(order);
    await page.locator('#lignes-arretes tr', { hasText: order.reference }).waitFor({ timeout: 2000 });
    const elapsed = Date.now() - sent;
    console.log(`live feed: order shown ${elapsed} ms after its publish`);
    expect(elapsed).toBeLessThan(2000);
    expect(navigations).toEqual([]);
  });

  it('the date picker shows the state as of the chosen day (convention, registry, orders)', async () => {
    const page = pages.get(OPS.sub)!;
    await open(page, '/communes/92012');
    const registry = page.locator('section', { has: page.getByRole('heading', { name: /Registre des voies/ }) });
    await expect(registry.locator('text=Allée des Tilleuls').count()).resolves.toBe(1);
    await page.getByLabel('État au').fill('2024-06-15');
    await page.getByLabel('État au').press('Enter');
    await page.waitForURL(/asOf=2024-06-15/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('15/06/2024');
    await expect(registry.locator('text=Allée des Tilleuls').count()).resolves.toBe(1);
    await expect(registry.locator('text=Place du Marché').count()).resolves.toBe(0);
    await expect(page.locator('text=Reconduction tacite n° 1').locator('..').textContent()).resolves.toContain('à venir');
    await expect(page.locator('text=Aucun arrêté reçu pour ces critères.').count()).resolves.toBe(1);
  });

  it('"connu le" (auditors) shows the page as the replay of the history recorded by then answers it (issue 14)', async () => {
    const page = pages.get(AUDITOR.sub)!;
    await open(page, '/?knownAt=2026-01-15T10:00');
    await expect(page.locator('text=rejouée depuis l’historique').count()).resolves.toBe(1);
  });

  it('the keyboard reaches the content and the menu, with a visible focus', async () => {
    const page = pages.get(OPS.sub)!;
    await open(page, '/');
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string | null>('document.activeElement?.textContent')).resolves.toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    await expect(page.evaluate<string | null>('document.activeElement?.id')).resolves.toBe('contenu');
    await open(page, '/');
    for (let presses = 0; presses < 15; presses++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate<string | null>('document.activeElement?.textContent')) === 'Arrêtés de voirie') break;
    }
    const outline = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineWidth');
    expect(parseFloat(outline)).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${system.baseUrl}/voirie`);
  });

  it('every table exports to CSV for a spreadsheet, with the French formats', async () => {
    const page = pages.get(OPS.sub)!;
    await open(page, '/communes/92012');
    const href = await page.getByRole('link', { name: 'Exporter en CSV : Participation 2026 par commune' }).getAttribute('href');
    const csv = await (await page.request.get(`${system.baseUrl}${href}`)).text();
    expect(csv.startsWith('\uFEFFCommune;SIG;Personnel;Structure;Total')).toBe(true);
    expect(csv).toContain('Boulogne-Billancourt;548,00;27566,00;4851,00;32965,00');
  });
});
