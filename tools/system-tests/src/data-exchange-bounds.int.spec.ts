import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { startDataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import { metadataRecordStreamId } from '../../../services/data-exchange/src/domain/datasets/index.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * Issue 18, as the attacker on the loopback saw it: `GET catalogue/records` answered more than
 * NATS's 1 MB and killed data-exchange; 313 metadata records of about 94 KB of free text ran it out
 * of heap, each save loading every record to return one. Records that large can no longer be sent,
 * but a catalogue that holds some (recorded before the limits) is served a page at a time and read
 * by key. Sizes are the report's where the test stays within seconds.
 */
const OPS: TestCaller = { sub: 'ops.digit', roles: ['ops'] };
const NATS_MAX_PAYLOAD = 1024 * 1024;

/** Bytes of rows the service reads from its read models: a save must read its own record, not the catalogue. */
const readBytes = { total: 0 };
const countRowsRead: KyselyPlugin = {
  transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => args.node,
  transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
    readBytes.total += Buffer.byteLength(JSON.stringify(args.result.rows));
    return args.result;
  },
};

let system: SystemUnderTest;
beforeAll(async () => {
  system = await startSystem([(infra) => startDataExchangeService({ ...infra, db: infra.db.withPlugin(countRowsRead) })]);
}, 30_000);
afterAll(() => system.stop());

/** Made-up SIRET and URLs: test data. About `size` characters, mostly in the three free texts the report filled. */
const record = (identifier: string, size = 0) => ({
  identifier,
  scope: { kind: 'territory' },
  title: `Fiche ${identifier}`,
  abstract: `Résumé. ${'r'.repeat(Math.floor(size / 3))}`,
  lineage: `Origine. ${'o'.repeat(Math.floor(size / 3))}`,
  theme: 'Environnement',
  keywords: ['arbres'],
  temporalExtent: { start: '2023-01-01', end: '2023-12-31' },
  boundingBox: { west: 2.21, east: 2.27, south: 48.81, north: 48.86 },
  spatialCoverage: { granularity: 'Communale', name: 'GPSO' },
  conditionsOfUse: { licence: 'etalab-2.0', statement: `Source : GPSO. ${'s'.repeat(Math.floor(size / 3))}` },
  responsibleParty: { organisationName: 'GPSO', siret: '12345678900011', email: 'sig@example.test', role: 'owner' },
  dates: { creation: '2023-12-07', publication: '2024-01-10' },
  updateFrequency: 'Annuelle',
  distributions: [{ format: 'csv', url: 'https://opendata.example.test/fiche.csv' }],
});

/** Records as the unbounded version accepted them: appended to the history as they stand. */
const recordedBeforeTheLimits = async (count: number, size: number, prefix: string) => {
  for (let index = 0; index < count; index += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, count - index) }, (_, offset) => {
        const identifier = `${prefix}-${String(index + offset).padStart(4, '0')}`;
        return system.infra.store.append(
          metadataRecordStreamId(identifier),
          'no_stream',
          [
            {
              type: 'MetadataRecordSaved',
              data: { record: record(identifier, size), savedBy: 'legacy', savedAt: '2024-01-10T10:00:00+01:00' },
            },
          ],
          { metadata: { actor: 'legacy' } },
        );
      }),
    );
  }
};

const put = (identifier: string, body: unknown) =>
  system.fetch(
    `/api/v1/catalogue/records/${identifier}`,
    { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    OPS,
  );

const serviceAnswers = async () => expect((await system.fetch('/api/v1/licences', {}, OPS)).status).toBe(200);

describe('issue 18: large catalogues are served in pages and read by key; data-exchange keeps serving', () => {
  it('issue 18: 40 records of ~94 KB (3.7 MB) are served over pages each under 1 MB, none lost or repeated; a too large export is refused, not fatal', async () => {
    await recordedBeforeTheLimits(40, 94_000, 'grande');
    const served: string[] = [];
    let next: string | undefined = '/api/v1/catalogue/records';
    let pages = 0;
    while (next) {
      const response: Response = await system.fetch(next, {}, OPS);
      const text = await response.text();
      expect(response.status).toBe(200);
      expect(Buffer.byteLength(text)).toBeLessThan(NATS_MAX_PAYLOAD);
      served.push(...(JSON.parse(text) as { identifier: string }[]).map((found) => found.identifier));
      next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
      pages += 1;
    }
    expect(pages).toBeGreaterThan(4);
    expect(served).toEqual(Array.from({ length: 40 }, (_, index) => `grande-${String(index).padStart(4, '0')}`));
    await serviceAnswers();
    // A document holds every record: larger than a message, it is an error answer, never a crash.
    const csv = await system.fetch('/api/v1/catalogue.csv', {}, OPS);
    expect(((await csv.json()) as { error: string }).error).toBe('reply_too_large');
    await serviceAnswers();
  }, 60_000);

  it('issue 18: a record of ~94 KB of free text is refused with the fields at fault, nothing stored', async () => {
    const head = await system.infra.store.headPosition();
    const response = await put('trop-longue', (({ identifier: _, ...fields }) => fields)(record('trop-longue', 94_000)));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; details: { path: string }[] };
    expect([body.error, body.details.map((detail) => detail.path)]).toEqual([
      'invalid_request',
      ['abstract', 'lineage', 'conditionsOfUse.statement'],
    ]);
    expect(await system.infra.store.headPosition()).toBe(head);
  });

  it('issue 18: with 313 records of ~94 KB in the catalogue, each save reads back its own record only', async () => {
    await recordedBeforeTheLimits(313, 94_000, 'registre');
    await serviceAnswers();
    for (let save = 0; save < 20; save++) {
      const before = readBytes.total;
      const response = await put(`nouvelle-${save}`, (({ identifier: _, ...fields }) => fields)(record(`nouvelle-${save}`, 2_700)));
      expect(response.status).toBe(200);
      expect(((await response.json()) as { identifier: string }).identifier).toBe(`nouvelle-${save}`);
      // Before: every record, 313 × 94 KB = 29 MB read and parsed per save.
      expect(readBytes.total - before).toBeLessThan(20_000);
    }
    await serviceAnswers();
  }, 120_000);
});
