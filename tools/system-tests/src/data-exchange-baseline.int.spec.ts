import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Objm } from '@nats-io/obj';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { TOWN_VOIRIE_OUTCOMES_STREAM, type Insee, type VoirieOutcome } from '@digit/contracts';
import { UPLOADS_BUCKET } from '@digit/messaging';
import { balFixture } from '@digit/testing';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startDataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import { importBaseline as importAsDsi } from '../../town-dsi/src/town-dsi-baseline.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

let system: SystemUnderTest;
beforeAll(async () => {
  system = await startSystem([startConventionsService, startDataExchangeService]);
}, 60_000);
afterAll(() => system.stop());

const ROADS = [
  { code: '0042', name: 'Rue des Lilas', numbers: [{ number: 1 }, { number: 2 }, { number: 2, suffix: 'bis' }] },
  { code: '0043', name: 'Place de la Mairie', numbers: [{ number: 10 }] },
  { code: '0044', name: 'Allée Verte', numbers: [] },
];

const importBaseline = (
  insee: string,
  csv: string,
  as: TestCaller = { roles: ['town-dsi'], insee, sub: `dsi-${insee}` },
  contentType = 'text/csv',
) => system.fetch(`/api/v1/voirie/${insee}/baseline`, { method: 'POST', headers: { 'content-type': contentType }, body: csv }, as);

const mentions = { source: 'Ville de Boulogne-Billancourt', copyright: '© Ville de Boulogne-Billancourt', year: 2024 };

/** Publishes an order as the town's DSI does and waits for its outcome. */
const sendOrder = async (fields: Record<string, unknown>): Promise<VoirieOutcome> => {
  const { bus } = system.infra;
  const orderId = randomUUID();
  const headers = natsHeaders();
  headers.set('Content-Type', 'application/json');
  await bus.js.publish(bus.subject('digit.towns.92012.voirie.orders'), JSON.stringify({ orderId, insee: '92012', mentions, ...fields }), {
    msgID: orderId,
    headers,
  });
  const last = () =>
    bus.jsm.streams.getMessage(bus.streamName(TOWN_VOIRIE_OUTCOMES_STREAM), {
      last_by_subj: bus.subject('digit.towns.92012.voirie.outcomes'),
    });
  for (let i = 0; i < 250; i++) {
    const outcome = (await last().catch(() => null))?.json<VoirieOutcome>();
    if (outcome?.orderId === orderId) return outcome;
    await sleep(20);
  }
  throw new Error(`no outcome for ${orderId}`);
};

const roadsOf = async (insee: string, asOf: string) => {
  const response = await system.fetch(`/api/v1/voirie/${insee}/roads?asOf=${asOf}&limit=1000`);
  return (
    (await response.json()) as {
      roads: { id: string; name: string; roadType: string; numbers: { number: number; suffix: string | null }[] }[];
    }
  ).roads;
};

describe('POST /api/v1/voirie/{insee}/baseline: the town’s BAL as the registry’s starting point (R-DX-9, CONTRACT.md v1.1)', () => {
  it('R-DX-9: the town’s DSI imports its BAL 1.4 → { roads, numbers } with its provenance; the registry shows them', async () => {
    const csv = balFixture('92012', ROADS);
    const response = await importBaseline('92012', csv);
    expect(response.status).toBe(201);
    const imported = (await response.json()) as { sha256: string };
    expect(imported).toMatchObject({
      insee: '92012',
      roads: 3,
      numbers: 4,
      lines: 5,
      bytes: Buffer.byteLength(csv),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      importedBy: 'dsi-92012',
      effectiveAt: '2023-06-01',
    });
    const roads = await roadsOf('92012', '2023-06-01');
    expect(roads.map((road) => [road.id, road.name, road.roadType, road.numbers.length])).toEqual([
      ['92012_0042', 'Rue des Lilas', 'voie', 3],
      ['92012_0043', 'Place de la Mairie', 'place', 1],
      ['92012_0044', 'Allée Verte', 'voie', 0],
    ]);
    const provenance = (await system.infra.store.readStream('road-registry-92012')).find(
      (event) => event.type === 'RoadRegistryBaselineImported',
    );
    expect(provenance).toMatchObject({
      data: { lines: 5, validator: expect.stringContaining('validateur-bal') },
      metadata: { actor: 'dsi-92012' },
    });
    // The file went through the uploads object store, and was removed once imported.
    const uploads = await new Objm(system.infra.bus.js).open(system.infra.bus.streamName(UPLOADS_BUCKET));
    expect(await uploads.list()).toEqual([]);
    // Every reader of the registry's events takes the baseline's: the dashboard lists it once, as one accepted decision.
    let page = '';
    for (let i = 0; i < 100 && !page.includes(`BAL ${imported.sha256.slice(0, 12)}`); i++) {
      page = await (await system.fetch('/voirie')).text();
      await sleep(50);
    }
    expect(page).toContain(`BAL ${imported.sha256.slice(0, 12)}`);
  });

  it('R-DX-9, R-DX-1: orders then rename and number the imported roads; a name that is not the registry’s is rejected', async () => {
    const renamed = await sendOrder({
      reference: 'AR-2024-0500',
      signedAt: '2024-01-10',
      effectiveAt: '2024-02-01',
      kind: 'ROAD_RENAMED',
      road: { id: '92012_0042', name: 'Rue des Glycines', type: 'voie' },
      previousName: 'Rue des Lilas',
    });
    expect(renamed).toMatchObject({ status: 'accepted', reference: 'AR-2024-0500' });
    const numbered = await sendOrder({
      reference: 'AR-2024-0501',
      signedAt: '2024-03-10',
      effectiveAt: '2024-04-01',
      kind: 'NUMBERING',
      road: { id: '92012_0043', name: 'Place de la Mairie', type: 'place' },
      numbers: [{ number: 12, lon: 2.2401, lat: 48.8352 }],
    });
    expect(numbered.status).toBe('accepted');
    const misnamed = await sendOrder({
      reference: 'AR-2024-0502',
      signedAt: '2024-03-10',
      effectiveAt: '2024-04-01',
      kind: 'NUMBERING',
      road: { id: '92012_0043', name: 'Rue Fausse', type: 'voie' },
      numbers: [{ number: 14, lon: 2.2401, lat: 48.8352 }],
    });
    expect(misnamed.errors).toEqual([
      {
        path: 'order.road.name',
        code: 'VOIRIE_ROAD_NAME_MISMATCH',
        message: expect.stringMatching(/« Place de la Mairie ».*« Rue Fausse »/),
      },
    ]);
    const roads = await roadsOf('92012', '2024-04-01');
    expect(roads.find((road) => road.id === '92012_0042')?.name).toBe('Rue des Glycines');
    expect(roads.find((road) => road.id === '92012_0043')?.numbers.map((n) => n.number)).toEqual([10, 12]);
  });

  it('R-DX-9: a second baseline is refused (409), nothing stored: later changes come as orders', async () => {
    const before = await system.infra.store.headPosition();
    const response = await importBaseline('92012', balFixture('92012', ROADS.slice(0, 1)));
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: 'baseline_already_imported', message: expect.stringContaining('arrêtés') });
    expect(await system.infra.store.headPosition()).toBe(before);
  });

  it('R-DX-9: a BAL the official validator refuses is answered line by line (400), nothing stored', async () => {
    const before = await system.infra.store.headPosition();
    const bad = balFixture('92040', ROADS, (line) => (line === 3 ? { voie_nom: 'R' } : line === 4 ? { date_der_maj: '2023-13-45' } : {}));
    const response = await importBaseline('92040', bad);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; details: { path: string; message: string }[] };
    expect(body.error).toBe('invalid_bal');
    expect(body.details.map((detail) => detail.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^ligne \d+$/)]));
    expect(body.details.some((detail) => /voie_nom/.test(detail.message))).toBe(true);
    expect(await system.infra.store.headPosition()).toBe(before);
  });

  it('R-DX-9: lines the registry cannot take (another town’s) are refused with their line, nothing stored', async () => {
    const before = await system.infra.store.headPosition();
    const response = await importBaseline('92040', balFixture('92012', ROADS));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { details: { path: string }[] }).details[0]).toMatchObject({ path: 'ligne 2' });
    expect(await system.infra.store.headPosition()).toBe(before);
  });

  it('R-DX-9: the file must come as text/csv (415)', async () => {
    expect((await importBaseline('92040', JSON.stringify({ csv: 'x' }), undefined, 'application/json')).status).toBe(415);
  });
});

describe('who may import a town’s baseline (R-SEC-2): DIGIT ops and the town’s own DSI', () => {
  it.each<[string, number, TestCaller]>([
    ['anonymous', 401, 'anonymous'],
    ['finance', 403, { roles: ['finance'] }],
    ['an auditor (reads only)', 403, { roles: ['auditor'] }],
    ['the DSI of another town', 403, { roles: ['town-dsi'], insee: '92040' }],
    ['the town’s référent', 403, { roles: ['town-referent'], insee: '92022' }],
    ['the town’s DPD', 403, { roles: ['town-dpo'], insee: '92022' }],
  ])('R-SEC-2: %s → %i, nothing stored', async (_, status, as) => {
    const before = await system.infra.store.headPosition();
    expect((await importBaseline('92022', balFixture('92022', ROADS), as)).status).toBe(status);
    expect(await system.infra.store.headPosition()).toBe(before);
  });

  it.each<[string, Insee, TestCaller]>([
    ['DIGIT ops', '92022', { roles: ['ops'], sub: 'camille.ops' }],
    ['the town’s own DSI', '92048', { roles: ['town-dsi'], insee: '92048' }],
  ])('R-SEC-2: %s imports it', async (_, insee, as) => {
    expect((await importBaseline(insee, balFixture(insee, ROADS), as)).status).toBe(201);
  });
});

describe('npm run town-dsi shows a DSI the baseline (issue 16)', () => {
  it('R-DX-9: with BAL_FILE and a town-dsi token it imports the file and says what DIGIT answered', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'digit-town-dsi-'));
    try {
      const file = join(folder, '92072_bal.csv');
      writeFileSync(file, balFixture('92072', ROADS));
      const printed: string[] = [];
      const token = await system.gateway.issuer.token({ roles: ['town-dsi'], insee: '92072', sub: 'dsi-sevres' });
      expect(await importAsDsi({ apiUrl: system.baseUrl, token, insee: '92072', file, print: (line) => printed.push(line) })).toBe(true);
      expect(printed[0]).toMatch(/^Base adresse importée : 3 voies, 4 numéros/);
      expect(await importAsDsi({ apiUrl: system.baseUrl, token, insee: '92072', file, print: (line) => printed.push(line) })).toBe(false);
      expect(printed.at(-1)).toMatch(/409 baseline_already_imported/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
