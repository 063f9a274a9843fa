import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Subscription } from '@nats-io/transport-node';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { privacyMessages, voirieOrdersSubject, type PersonalDataCheckView } from '@digit/contracts';
import { serveMessage } from '@digit/messaging';
import { startDataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * CONTRACT.md v1.1 "Lists are paged" (issue 18): a list longer than a page is served over several
 * pages, `?limit=` and `?after=`, the next page in `next` or a `Link` header; nothing is lost or
 * served twice.
 */
let system: SystemUnderTest;
let privacy: Subscription;

const OPS: TestCaller = { sub: 'ops.digit', roles: ['ops'] };
const BOULOGNE: TestCaller = { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' };
const CHAVILLE: TestCaller = { sub: 'dsi.chaville', roles: ['town-dsi'], insee: '92022' };

const get = async (path: string, as: TestCaller = OPS) => {
  const response = await system.fetch(path, {}, as);
  expect(response.status).toBe(200);
  return { body: (await response.json()) as unknown, link: response.headers.get('link') };
};

/** Follows `Link: <…>; rel="next"` from `path` to the last page; the items of every page in order. */
const walkArrayPages = async <Item>(path: string, as: TestCaller = OPS): Promise<{ pages: Item[][] }> => {
  const pages: Item[][] = [];
  let next: string | undefined = path;
  while (next) {
    const { body, link } = await get(next, as);
    pages.push(body as Item[]);
    next = link === null ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)![1];
  }
  return { pages };
};

const declaration = (content: string) => ({
  title: 'Arbres d’alignement',
  mentions: { source: 'Ville', copyright: '© Ville', year: 2024 },
  usageRights: { licence: 'Licence Ouverte 2.0' },
  personalData: { contains: false },
  format: 'csv',
  content,
});

/** Made-up SIRET and URLs: test data. */
const record = (insee?: string) => ({
  scope: insee ? { kind: 'town', insee } : { kind: 'territory' },
  title: 'Fiche',
  abstract: 'Résumé.',
  lineage: 'Origine.',
  theme: 'Environnement',
  keywords: ['arbres'],
  temporalExtent: { start: '2023-01-01', end: '2023-12-31' },
  boundingBox: { west: 2.21, east: 2.27, south: 48.81, north: 48.86 },
  spatialCoverage: { granularity: 'Communale', name: 'GPSO' },
  conditionsOfUse: { licence: 'etalab-2.0', statement: 'Source : GPSO' },
  responsibleParty: { organisationName: 'GPSO', siret: '12345678900011', email: 'sig@example.test', role: 'owner' },
  dates: { creation: '2023-12-07' },
  updateFrequency: 'Annuelle',
  distributions: [],
});

beforeAll(async () => {
  system = await startSystem([(infra) => startDataExchangeService(infra, { privacyTimeoutMs: 500 })]);
  privacy = serveMessage(
    system.infra.bus,
    privacyMessages.checkPersonalData,
    async () => ({ outcome: 'allowed', reasons: [] }) as unknown as PersonalDataCheckView,
  );
}, 30_000);
afterAll(async () => {
  privacy.unsubscribe();
  await system.stop();
});

describe('paged lists of the data-exchange service (CONTRACT.md v1.1, issue 18)', () => {
  it('GET /api/v1/datasets: 11 datasets of two towns over pages of 3, in order, none lost or repeated; a town’s pages hold only its own', async () => {
    const sent: string[] = [];
    for (const [caller, insee, count] of [
      [BOULOGNE, '92012', 7],
      [CHAVILLE, '92022', 4],
    ] as const) {
      for (let index = 0; index < count; index++) {
        const datasetId = `arbres-${insee}-${index}`;
        const response = await system.fetch(
          '/api/v1/datasets',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ datasetId, insee, ...declaration(`id;n\n${index};${insee}\n`) }),
          },
          caller,
        );
        expect(response.status).toBe(201);
        sent.push(`${insee}:${datasetId}`);
      }
    }
    const { pages } = await walkArrayPages<{ insee: string; datasetId: string }>('/api/v1/datasets?limit=3');
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 2]);
    expect(pages.flat().map((dataset) => `${dataset.insee}:${dataset.datasetId}`)).toEqual([...sent].sort());

    const boulogne = await walkArrayPages<{ insee: string; datasetId: string }>('/api/v1/datasets?limit=2', BOULOGNE);
    expect(boulogne.pages).toHaveLength(4);
    expect(boulogne.pages.flat().map((dataset) => dataset.datasetId)).toEqual(
      sent.filter((id) => id.startsWith('92012:')).map((id) => id.slice(6)),
    );
  });

  it('GET /api/v1/catalogue/records: 7 records over pages of 2, by identifier, none lost or repeated', async () => {
    const identifiers = ['a-territoire', 'b-boulogne', 'c-territoire', 'd-chaville', 'e-boulogne', 'f-territoire', 'g-chaville'];
    for (const identifier of identifiers) {
      const insee = identifier.endsWith('boulogne') ? '92012' : identifier.endsWith('chaville') ? '92022' : undefined;
      const response = await system.fetch(
        `/api/v1/catalogue/records/${identifier}`,
        { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record(insee)) },
        OPS,
      );
      expect(response.status).toBe(200);
    }
    const { pages } = await walkArrayPages<{ identifier: string }>('/api/v1/catalogue/records?limit=2');
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat().map((found) => found.identifier)).toEqual(identifiers);
    const chaville = await walkArrayPages<{ identifier: string }>('/api/v1/catalogue/records?limit=2', CHAVILLE);
    expect(chaville.pages.flat().map((found) => found.identifier)).toEqual([
      'a-territoire',
      'c-territoire',
      'd-chaville',
      'f-territoire',
      'g-chaville',
    ]);
  });

  it('GET /api/v1/voirie/{insee}/roads: 7 roads in force over pages of 3 (`next`), a road not yet in force left out', async () => {
    const { bus } = system.infra;
    const roadIds = Array.from({ length: 8 }, (_, index) => `92048_${String(index + 1).padStart(4, '0')}`);
    for (const [index, roadId] of roadIds.entries()) {
      const orderId = randomUUID();
      const headers = natsHeaders();
      headers.set('Content-Type', 'application/json');
      const order = {
        orderId,
        insee: '92048',
        reference: `AR-2024-${index}`,
        signedAt: '2024-03-02',
        // The last road takes effect only in 2025.
        effectiveAt: index === 7 ? '2025-01-01' : '2024-04-01',
        kind: 'ROAD_CREATED',
        road: { id: roadId, name: `Rue ${index + 1}`, type: 'voie' },
        mentions: { source: 'Ville de Meudon', copyright: '© Ville de Meudon', year: 2024 },
      };
      await bus.js.publish(bus.subject(voirieOrdersSubject('92048')), JSON.stringify(order), { msgID: orderId, headers });
    }
    const everyRoad = async () =>
      ((await get('/api/v1/voirie/92048/roads?asOf=2030-01-01&limit=1000')).body as { roads: unknown[] }).roads.length;
    for (let attempt = 0; attempt < 250 && (await everyRoad()) < 8; attempt++) await sleep(20);

    const pages: { roads: { id: string }[]; next: string | null }[] = [];
    let after: string | null = '';
    while (after !== null) {
      const page = (await get(`/api/v1/voirie/92048/roads?asOf=2024-12-31&limit=3${after ? `&after=${after}` : ''}`)).body as {
        roads: { id: string }[];
        next: string | null;
      };
      pages.push(page);
      after = page.next;
    }
    expect(pages.map((page) => page.roads.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((page) => page.roads.map((road) => road.id))).toEqual(roadIds.slice(0, 7));
  });
});
