import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { validate, type ValidateType } from '@ban-team/validateur-bal';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { TOWN_VOIRIE_OUTCOMES_STREAM } from '@digit/contracts';
import { startTelemetry, type Telemetry } from '@digit/telemetry';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startDataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import { runTownDsi, type TownDsiReport } from '../../town-dsi/src/town-dsi.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

let system: SystemUnderTest;
let report: TownDsiReport;
let telemetry: Telemetry;
const spans = new InMemorySpanExporter();
const printed: string[] = [];

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: 'system-test', spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  system = await startSystem([startConventionsService, startDataExchangeService]);
  report = await runTownDsi({
    servers: system.nats.url,
    insee: '92012',
    namespace: system.nats.namespace,
    print: (line) => printed.push(line),
  });
}, 60_000);
afterAll(async () => {
  await system.stop();
  await telemetry.shutdown();
});

const get = async (path: string) => {
  const response = await system.fetch(path);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
    body: (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined) as any,
  };
};

const result = (label: string) => report.results.find((candidate) => candidate.label.startsWith(label))!;

describe('a town DSI over NATS (tools/town-dsi, CONTRACT.md "Towns\' DSIs → DIGIT")', () => {
  it('R-DX-1, R-DX-2, R-DX-3: every message gets the answer CONTRACT.md promises, and the script says so', () => {
    expect(report.results.map((r) => [r.label, r.answer])).toEqual(report.results.map((r) => [r.label, r.expected]));
    expect(report.ok).toBe(true);
    expect(printed.at(-1)).toContain('every outcome as expected');
  });

  it.each([
    ['JSON mal formé', 'order'],
    ['arrêté au nom d’une autre commune', 'order.insee'],
    ['renommage d’une voie inconnue', 'order.road.id'],
    ['message trop volumineux', 'order'],
    ['mauvais type de contenu', 'headers.Content-Type'],
  ])('R-DX-2: « %s » is rejected with a reason at %s', (label, path) => {
    expect(result(label).errors).toContainEqual({
      path,
      message: expect.stringMatching(/\S{3,}/),
      code: expect.stringMatching(/^VOIRIE_[A-Z_]+$/),
    });
  });

  it('R-DX-2 (CONTRACT.md v1.1): every outcome carries the order’s reference and orderId as sent, its Nats-Msg-Id and stream sequence', () => {
    const created = result('création de la voie')!.outcome!;
    expect(created).toMatchObject({ status: 'accepted', reference: 'AR-2024-0153', errors: [] });
    expect(created.msgId).toBe(created.orderId);
    expect(created.sequence).toBeGreaterThan(0);
    const badId = result('identifiant d’arrêté qui n’est pas un UUID')!.outcome!;
    expect(badId).toMatchObject({ status: 'rejected', orderId: 'AR-2024-0361', reference: 'AR-2024-0361', msgId: 'AR-2024-0361' });
    expect(badId.errors).toContainEqual(expect.objectContaining({ path: 'order.orderId', code: 'VOIRIE_INVALID_FORMAT' }));
    const unreadable = result('JSON mal formé')!.outcome!;
    expect(unreadable).toMatchObject({
      status: 'rejected',
      reference: null,
      errors: [expect.objectContaining({ code: 'VOIRIE_MALFORMED_JSON' })],
    });
    const sequences = report.results.flatMap((r) => (r.outcome?.sequence ? [r.outcome.sequence] : []));
    expect(new Set(sequences).size).toBe(sequences.length);
  });

  it('R-DX-2 (issue 16): an order naming its road otherwise than the registry is rejected with both names, nothing changes', async () => {
    const outcome = result('numérotation qui nomme la voie « Rue Fausse »')!.outcome!;
    expect(outcome.status).toBe('rejected');
    expect(outcome.errors).toEqual([
      {
        path: 'order.road.name',
        code: 'VOIRIE_ROAD_NAME_MISMATCH',
        message: expect.stringMatching(/« Allée Marie et Pierre Curie ».*« Rue Fausse »/),
      },
    ]);
    const roads = await get(`/api/v1/voirie/92012/roads?asOf=2024-12-31&limit=1000`);
    const road = roads.body.roads.find((candidate: { id: string }) => candidate.id === report.roadId);
    expect(road.numbers.map((n: { number: number }) => n.number)).not.toContain(8);
  });
});

describe("trace context from the town's message (CONTRACT.md: every message carries traceparent)", () => {
  it('R-DX-2: the events and the outcome of an order join the trace the DSI started', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const orderId = randomUUID();
    const order = {
      orderId,
      insee: '92012',
      reference: 'AR-2024-0999',
      signedAt: '2024-11-02',
      effectiveAt: '2024-12-01',
      kind: 'ROAD_CREATED',
      road: { id: '92012_T001', name: 'Rue de la Trace', type: 'voie' },
      mentions: { source: 'Ville de Boulogne-Billancourt', copyright: '© Ville de Boulogne-Billancourt', year: 2024 },
    };
    const headers = natsHeaders();
    headers.set('Content-Type', 'application/json');
    headers.set('traceparent', `00-${traceId}-b7ad6b7169203331-01`);
    const { bus } = system.infra;
    const stored = await bus.js.publish(bus.subject('digit.towns.92012.voirie.orders'), JSON.stringify(order), { msgID: orderId, headers });
    let events = await system.infra.store.readAll({ after: 0n, streamPrefixes: ['road-registry-92012'], limit: 10_000 });
    for (let i = 0; i < 200 && !events.some((event) => event.metadata.correlationId === orderId); i++) {
      await sleep(20);
      events = await system.infra.store.readAll({ after: 0n, streamPrefixes: ['road-registry-92012'], limit: 10_000 });
    }
    const recorded = events.find((event) => event.metadata.correlationId === orderId);
    expect(recorded).toMatchObject({
      type: 'RoadCreated',
      metadata: { actor: 'town:92012', causationId: `voirie-order-message:${stored.seq}` },
    });
    expect(recorded?.metadata.traceparent).toContain(traceId);
    const lastOutcome = () =>
      bus.jsm.streams.getMessage(bus.streamName(TOWN_VOIRIE_OUTCOMES_STREAM), {
        last_by_subj: bus.subject('digit.towns.92012.voirie.outcomes'),
      });
    let outcome = await lastOutcome();
    for (let i = 0; i < 200 && outcome?.json<{ orderId: string }>().orderId !== orderId; i++) {
      await sleep(20);
      outcome = await lastOutcome();
    }
    expect(outcome?.json()).toEqual({
      orderId,
      reference: 'AR-2024-0999',
      status: 'accepted',
      errors: [],
      msgId: orderId,
      sequence: stored.seq,
    });
    expect(outcome?.header.get('traceparent')).toContain(traceId);
    expect(
      spans.getFinishedSpans().some((span) => span.spanContext().traceId === traceId && span.name.startsWith('receive voirie order')),
    ).toBe(true);
  });
});

describe('the territorial road registry after the DSI run (R-DX-1)', () => {
  const roads = async (asOf: string) =>
    (await get(`/api/v1/voirie/92012/roads?asOf=${asOf}`)).body.roads as {
      id: string;
      name: string;
      roadType: string;
      numbers: unknown[];
      direction: { direction: string } | null;
    }[];

  it.each([
    ['2024-03-31', []],
    ['2024-04-01', [['road', 'Allée Marie Curie', 0, null]]],
    ['2024-05-01', [['road', 'Allée Marie Curie', 5, null]]],
    ['2024-06-01', [['road', 'Allée Marie Curie', 5, 'ONE_WAY_FORWARD']]],
    ['2024-10-01', [['road', 'Allée Marie et Pierre Curie', 5, 'ONE_WAY_FORWARD']]],
    [
      '2024-10-15',
      [
        ['road', 'Allée Marie et Pierre Curie', 5, 'ONE_WAY_FORWARD'],
        ['square', 'Place des Tilleuls', 0, null],
      ],
    ],
  ])('R-DX-1: as of %s the registry holds what the orders in effect say', async (asOf, expected) => {
    const ids = { road: report.roadId, square: report.squareId };
    const mine = (await roads(asOf)).filter((road) => road.id === ids.road || road.id === ids.square);
    expect(
      mine.map((road) => [road.id === ids.road ? 'road' : 'square', road.name, road.numbers.length, road.direction?.direction ?? null]),
    ).toEqual(expected);
  });

  it('R-DX-1: the BAL 1.4 export passes the official validator (@ban-team/validateur-bal 3.5.2, profile 1.4)', async () => {
    const { status, headers, text } = await get('/api/v1/voirie/92012/bal.csv?asOf=2024-12-31');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(headers.get('content-disposition')).toBe('attachment; filename="92012_bal_2024-12-31.csv"');
    const code = report.roadId.slice(6).toLowerCase();
    expect(text).toContain(`92012_${code}_00002_bis;92012;Boulogne-Billancourt;;;Allée Marie et Pierre Curie`);
    const validation = await validateBal(text);
    expect(blockingErrors(validation)).toEqual([]);
    expect(validation.profilesValidation['1.4']?.isValid).toBe(true);
  });

  it('R-DX-1: traffic directions as GeoJSON, the line drawn through the numbers', async () => {
    const { status, headers, body } = await get('/api/v1/voirie/92012/traffic-directions.geojson?asOf=2024-12-31');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/geo+json');
    const feature = body.features.find((candidate: { id: string }) => candidate.id === report.roadId);
    expect(feature).toMatchObject({
      type: 'Feature',
      geometry: { type: 'LineString' },
      properties: { direction: 'ONE_WAY_FORWARD', name: 'Allée Marie et Pierre Curie' },
    });
  });

  it('R-DX-2: each decided order answers with its outcome; a message refused at reception was never recorded', async () => {
    const accepted = await get(`/api/v1/voirie/92012/orders/${result('création de la voie').orderId}`);
    expect(accepted.body).toMatchObject({ status: 'accepted', errors: [], reference: 'AR-2024-0153', kind: 'ROAD_CREATED' });
    const rejected = await get(`/api/v1/voirie/92012/orders/${result('renommage d’une voie inconnue').orderId}`);
    expect(rejected.body).toMatchObject({ status: 'rejected', errors: [{ path: 'order.road.id' }] });
    const malformed = await get(`/api/v1/voirie/92012/orders/${result('JSON mal formé').orderId}`);
    expect(malformed.status).toBe(404);
    expect(malformed.body).toEqual({
      error: 'unknown_order',
      message: expect.stringContaining('outcomes'),
      details: [{ path: 'orderId', message: expect.any(String) }],
    });
  });

  it.each([
    ['/api/v1/voirie/99999/roads', 404, 'unknown_town'],
    ['/api/v1/voirie/92012/roads?asOf=2024-02-30', 400, 'invalid_request'],
    ['/api/v1/voirie/92012/bal.csv?asOf=hier', 400, 'invalid_request'],
  ])('R-DX-3: %s answers %i with a contract error body', async (path, status, error) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error, message: expect.any(String), details: expect.any(Array) });
  });
});

/** As in the domain's bal-export.unit.spec.ts: the validator asks the BAN API for the commune's id; answer "unknown", offline. */
const validateBal = async (csv: string): Promise<ValidateType> => {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async () => new Response(JSON.stringify({ status: 'error' }), { status: 200 })) as typeof fetch;
  try {
    const validation = await validate(Buffer.from(csv, 'utf8'), { profile: '1.4' });
    if (!('profilesValidation' in validation)) throw new Error('the validator could not parse the file');
    return validation;
  } finally {
    globalThis.fetch = realFetch;
  }
};

const blockingErrors = (validation: ValidateType): string[] => [
  ...validation.profilErrors.filter((e) => e.level === 'E').map((e) => e.code),
  ...validation.notFoundFields.filter((f) => f.level === 'E').map((f) => `field.${f.schemaName}.missing`),
  ...validation.rows.flatMap((row) => row.errors.filter((e) => e.level === 'E').map((e) => `line ${row.line}: ${e.code}`)),
];
