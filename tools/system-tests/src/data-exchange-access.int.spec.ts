import type { Subscription } from '@nats-io/transport-node';
import { dataExchangeMessages, type AnyMessage } from '@digit/contracts';
import { privacyMessages, type PersonalDataCheckView } from '@digit/contracts';
import { serveMessage } from '@digit/messaging';
import { startDataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import { routeTable } from '../../../services/gateway/src/edge/route-table.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * Who may call what on the data-exchange routes (R-SEC-2, R-DX-3, README "Who may call what"):
 * every role on every route, a town's people on another town's data, and nothing stored when a
 * command is refused. The expectations are written out here, not read from the policies, so a
 * policy changed by mistake fails this test.
 */
let system: SystemUnderTest;
let privacy: Subscription;

const SHA = 'a'.repeat(64);
const CSV = 'id;essence\n1;Platane\n';
const declaration = (content = CSV) => ({
  title: 'Arbres d’alignement',
  mentions: { source: 'Ville de Boulogne-Billancourt', copyright: '© Ville de Boulogne-Billancourt', year: 2024 },
  usageRights: { licence: 'Licence Ouverte 2.0' },
  personalData: { contains: false },
  format: 'csv',
  content,
});
/** Made-up SIRET and URLs: test data. */
const record = (insee: string) => ({
  scope: { kind: 'town', insee },
  title: 'Arbres d’alignement',
  abstract: 'Arbres des voies communales.',
  lineage: 'Inventaire de la ville.',
  theme: 'Environnement',
  keywords: ['arbres'],
  temporalExtent: { start: '2023-01-01', end: '2023-12-31' },
  boundingBox: { west: 2.21, east: 2.27, south: 48.81, north: 48.86 },
  spatialCoverage: { granularity: 'Communale', name: 'Boulogne-Billancourt' },
  conditionsOfUse: { licence: 'etalab-2.0', statement: 'Source : Ville de Boulogne-Billancourt' },
  responsibleParty: {
    organisationName: 'Ville de Boulogne-Billancourt',
    siret: '12345678900011',
    email: 'sig@example.test',
    role: 'owner',
  },
  dates: { creation: '2023-12-07' },
  updateFrequency: 'Annuelle',
  distributions: [],
});

const OPS: TestCaller = { sub: 'ops.digit', roles: ['ops'] };
const send = (path: string, method: string, body: unknown, as: TestCaller) =>
  system.fetch(
    path,
    { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) },
    as,
  );

beforeAll(async () => {
  system = await startSystem([(infra) => startDataExchangeService(infra, { privacyTimeoutMs: 500 })]);
  privacy = serveMessage(
    system.infra.bus,
    privacyMessages.checkPersonalData,
    async () => ({ outcome: 'allowed', reasons: [] }) as unknown as PersonalDataCheckView,
  );
  const boulogne: TestCaller = { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' };
  expect((await send('/api/v1/datasets', 'POST', { datasetId: 'ds-boulogne', insee: '92012', ...declaration() }, boulogne)).status).toBe(
    201,
  );
  expect((await send('/api/v1/catalogue/records/fiche-boulogne', 'PUT', record('92012'), OPS)).status).toBe(200);
}, 30_000);
afterAll(async () => {
  privacy.unsubscribe();
  await system.stop();
});

type Cell = 'yes' | 'no';
/** ops, finance, auditor, town-dsi, town-dpo, town-referent of the data's town, then a town's DSI on another town's data. */
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell];

interface Route {
  readonly message: AnyMessage;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** Puts back what an allowed call may have consumed (a removed record). */
  readonly prepare?: () => Promise<unknown>;
  readonly expected: Row;
}

const m = dataExchangeMessages;
const ROUTES: readonly Route[] = [
  { message: m.voirieRoads, method: 'GET', path: '/api/v1/voirie/92012/roads', expected: ['yes', 'no', 'yes', 'yes', 'no', 'yes', 'no'] },
  { message: m.voirieBal, method: 'GET', path: '/api/v1/voirie/92012/bal.csv', expected: ['yes', 'no', 'yes', 'yes', 'no', 'yes', 'no'] },
  {
    message: m.voirieTrafficDirections,
    method: 'GET',
    path: '/api/v1/voirie/92012/traffic-directions.geojson',
    expected: ['yes', 'no', 'yes', 'yes', 'no', 'yes', 'no'],
  },
  {
    message: m.voirieOrder,
    method: 'GET',
    path: '/api/v1/voirie/92012/orders/AR-inconnu',
    expected: ['yes', 'no', 'yes', 'yes', 'no', 'yes', 'no'],
  },
  { message: m.datasets, method: 'GET', path: '/api/v1/datasets?insee=92012', expected: ['yes', 'no', 'yes', 'yes', 'yes', 'yes', 'no'] },
  { message: m.dataset, method: 'GET', path: '/api/v1/datasets/ds-boulogne', expected: ['yes', 'no', 'yes', 'yes', 'yes', 'yes', 'no'] },
  {
    message: m.sendDataset,
    method: 'POST',
    path: '/api/v1/datasets',
    body: { insee: '92012', ...declaration() },
    expected: ['no', 'no', 'no', 'yes', 'no', 'yes', 'no'],
  },
  {
    message: m.correctDataset,
    method: 'POST',
    path: '/api/v1/datasets/ds-boulogne/corrections',
    body: declaration(`${CSV}2;Tilleul\n`),
    expected: ['no', 'no', 'no', 'yes', 'no', 'yes', 'no'],
  },
  {
    message: m.auditDataset,
    method: 'POST',
    path: '/api/v1/datasets/ds-boulogne/audits',
    body: { contentHash: SHA, remarks: [] },
    expected: ['yes', 'no', 'no', 'no', 'no', 'no', 'no'],
  },
  {
    message: m.validateDataset,
    method: 'POST',
    path: '/api/v1/datasets/ds-boulogne/validations',
    body: { contentHash: SHA },
    expected: ['no', 'no', 'no', 'yes', 'no', 'yes', 'no'],
  },
  {
    message: m.prepareDatasetPublication,
    method: 'POST',
    path: '/api/v1/datasets/ds-boulogne/publication-preparations',
    body: { contentHash: SHA },
    expected: ['yes', 'no', 'no', 'no', 'no', 'no', 'no'],
  },
  {
    message: m.publishDataset,
    method: 'POST',
    path: '/api/v1/datasets/ds-boulogne/publications',
    body: { contentHash: SHA, target: 'town_subdomain' },
    expected: ['no', 'no', 'no', 'yes', 'no', 'yes', 'no'],
  },
  {
    message: m.checkDatasetPrivacy,
    method: 'POST',
    path: '/api/v1/datasets/ds-boulogne/privacy-checks',
    body: { format: 'csv', content: CSV },
    expected: ['yes', 'no', 'no', 'yes', 'yes', 'yes', 'no'],
  },
  // A town's people read the territory's records and their own: narrowed, never refused (see below).
  {
    message: m.catalogueRecords,
    method: 'GET',
    path: '/api/v1/catalogue/records',
    expected: ['yes', 'no', 'yes', 'yes', 'yes', 'yes', 'yes'],
  },
  {
    message: m.saveMetadataRecord,
    method: 'PUT',
    path: '/api/v1/catalogue/records/fiche-boulogne',
    body: record('92012'),
    expected: ['yes', 'no', 'no', 'yes', 'no', 'yes', 'no'],
  },
  {
    message: m.removeMetadataRecord,
    method: 'DELETE',
    path: '/api/v1/catalogue/records/fiche-boulogne',
    prepare: () => send('/api/v1/catalogue/records/fiche-boulogne', 'PUT', record('92012'), OPS),
    expected: ['yes', 'no', 'no', 'yes', 'no', 'yes', 'no'],
  },
  // The BAL baseline (R-DX-9): a JSON body is no BAL (415) for those allowed; the other town's DSI is refused before any upload.
  {
    message: m.voirieBaseline,
    method: 'POST',
    path: '/api/v1/voirie/92012/baseline',
    body: { bal: 'pas une BAL' },
    expected: ['yes', 'no', 'no', 'yes', 'no', 'no', 'no'],
  },
  { message: m.catalogueScdl, method: 'GET', path: '/api/v1/catalogue.csv', expected: ['yes', 'no', 'yes', 'no', 'no', 'no', 'no'] },
  { message: m.catalogueDcat, method: 'GET', path: '/api/v1/catalogue.jsonld', expected: ['yes', 'no', 'yes', 'no', 'no', 'no', 'no'] },
  { message: m.licences, method: 'GET', path: '/api/v1/licences', expected: ['yes', 'yes', 'yes', 'no', 'no', 'no', 'no'] },
  { message: m.licenceAlerts, method: 'GET', path: '/api/v1/licences/alerts', expected: ['yes', 'yes', 'yes', 'no', 'no', 'no', 'no'] },
];

const CALLERS: readonly (readonly [string, TestCaller])[] = [
  ['ops', OPS],
  ['finance', { sub: 'finance.gpso', roles: ['finance'] }],
  ['auditor', { sub: 'auditor.crc', roles: ['auditor'] }],
  ['town-dsi', { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' }],
  ['town-dpo', { sub: 'dpo.boulogne', roles: ['town-dpo'], insee: '92012' }],
  ['town-referent', { sub: 'referent.boulogne', roles: ['town-referent'], insee: '92012' }],
  ['town-dsi of another town', { sub: 'dsi.issy', roles: ['town-dsi'], insee: '92040' }],
];

const CELLS = ROUTES.flatMap((route) =>
  CALLERS.map(([who, caller], index) => ({ route, who, caller, allowed: route.expected[index] === 'yes' })),
);

describe('data-exchange: every role on every route (R-SEC-2, R-DX-3)', () => {
  it('every data-exchange message with a route is in this table, served with the message’s own policy (deny by default)', () => {
    const withRoutes = (Object.values(dataExchangeMessages) as AnyMessage[]).filter((message) => message.http);
    expect(ROUTES.map((route) => route.message.subject).sort()).toEqual(withRoutes.map((message) => message.subject).sort());
    const routes = routeTable(system.gateway.app);
    for (const message of withRoutes) {
      const route = routes.find((candidate) => candidate.method === message.http!.method && candidate.path === message.http!.path);
      expect(route?.policy).toEqual(message.policy);
    }
  });

  it.each(CELLS.map((cell) => [`${cell.route.method} ${cell.route.path}`, cell.who, cell.allowed ? 'passes' : 'gets 403', cell] as const))(
    '%s: %s %s',
    async (_route, _who, _verdict, { route, caller, allowed }) => {
      await route.prepare?.();
      const head = await system.infra.store.headPosition();
      const response = await send(route.path, route.method, route.body, caller);
      if (allowed) {
        expect([401, 403]).not.toContain(response.status);
        return;
      }
      expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([403, 'forbidden']);
      // R-SEC-2: nothing is stored for a refused call.
      expect(await system.infra.store.headPosition()).toBe(head);
    },
  );
});

describe('a town’s people list only what is theirs (R-SEC-2, R-DX-3)', () => {
  it('R-SEC-2: a town’s list of datasets is narrowed to its town', async () => {
    const chaville: TestCaller = { sub: 'dsi.chaville', roles: ['town-dsi'], insee: '92022' };
    expect((await send('/api/v1/datasets', 'POST', { datasetId: 'ds-chaville', insee: '92022', ...declaration() }, chaville)).status).toBe(
      201,
    );
    const towns = async (as: TestCaller) =>
      new Set(
        ((await (await send('/api/v1/datasets', 'GET', undefined, as)).json()) as { insee: string }[]).map((dataset) => dataset.insee),
      );
    expect(await towns({ sub: 'dpo.boulogne', roles: ['town-dpo'], insee: '92012' })).toEqual(new Set(['92012']));
    expect(await towns(chaville)).toEqual(new Set(['92022']));
    expect(await towns(OPS)).toEqual(new Set(['92012', '92022']));
  });

  it('R-DX-3: a town reads the territory’s catalogue records and its own, not another town’s', async () => {
    await send('/api/v1/catalogue/records/fiche-boulogne', 'PUT', record('92012'), OPS);
    await send('/api/v1/catalogue/records/fiche-territoire', 'PUT', { ...record('92012'), scope: { kind: 'territory' } }, OPS);
    const identifiers = async (as: TestCaller) =>
      ((await (await send('/api/v1/catalogue/records', 'GET', undefined, as)).json()) as { identifier: string }[]).map(
        (found) => found.identifier,
      );
    expect(await identifiers({ sub: 'dsi.issy', roles: ['town-dsi'], insee: '92040' })).toEqual(['fiche-territoire']);
    expect(await identifiers({ sub: 'dpo.boulogne', roles: ['town-dpo'], insee: '92012' })).toEqual(['fiche-boulogne', 'fiche-territoire']);
  });
});
