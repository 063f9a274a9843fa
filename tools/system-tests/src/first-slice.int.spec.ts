import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { startTelemetry, type Telemetry } from '@digit/telemetry';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

const spans = new InMemorySpanExporter();
let telemetry: Telemetry;
let system: SystemUnderTest;

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: 'system-test', spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  system = await startSystem([startConventionsService]);
});
afterAll(async () => {
  await system.stop();
  await telemetry.shutdown();
});

const get = async (path: string) => {
  const response = await system.fetch(path);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
  return { status: response.status, body: (await response.json()) as any };
};

describe('GET /api/v1/towns (the first slice: seed → events → projection → NATS → HTTP)', () => {
  it('lists the eight towns with their convention status', async () => {
    const { status, body } = await get('/api/v1/towns');
    expect(status).toBe(200);
    expect(body.map((town: { insee: string }) => town.insee)).toEqual([
      '92012',
      '92022',
      '92040',
      '92047',
      '92048',
      '92072',
      '92075',
      '92077',
    ]);
    expect(body[0]).toMatchObject({ insee: '92012', name: 'Boulogne-Billancourt' });
    for (const town of body)
      expect(['draft', 'approved', 'signed', 'in_force', 'notice_given', 'terminated', 'expired']).toContain(town.status);
  });
});

describe('GET /api/v1/conventions/{insee}?asOf= (R-CON-2, R-CON-7)', () => {
  it("answers Boulogne-Billancourt as in force with the seed's option and shares", async () => {
    const { status, body } = await get('/api/v1/conventions/92012?asOf=2024-06-01');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      insee: '92012',
      status: 'in_force',
      entryIntoForce: '2024-01-01',
      currentTermEnd: '2024-12-31',
      endsAtLatest: '2027-12-31',
      renewalsDone: 0,
      sigOption: 1,
      resourcesShare: '0.077',
      structureShare: '0.077',
    });
  });

  it.each([
    ['/api/v1/conventions/99999', 404, 'unknown_town'],
    ['/api/v1/conventions/92012?asOf=2024-02-30', 400, 'invalid_request'],
    ['/api/v1/conventions/92012?asOf=demain', 400, 'invalid_request'],
    ['/api/v1/nowhere', 404, 'not_found'],
  ])('answers %s with %i and a contract error body', async (path, expectedStatus, code) => {
    const { status, body } = await get(path);
    expect(status).toBe(expectedStatus);
    expect(body).toEqual({ error: code, message: expect.any(String), details: expect.any(Array) });
  });
});

describe('POST /api/v1/conventions/{insee}/terminations (R-CON-4)', () => {
  const post = (insee: string, body: string, headers: Record<string, string> = {}) =>
    system.fetch(`/api/v1/conventions/${insee}/terminations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it.each([
    ['malformed JSON', '{"requestedBy": ', 'invalid_json'],
    ['an unknown party', '{"requestedBy":"mayor","noticeDate":"2024-03-01"}', 'invalid_request'],
    ['an impossible date', '{"requestedBy":"town","noticeDate":"2024-13-01"}', 'invalid_request'],
    ['an unexpected field', '{"requestedBy":"town","noticeDate":"2024-03-01","extra":1}', 'invalid_request'],
  ])('refuses %s with 400 and stores nothing', async (_, body, code) => {
    const before = await system.infra.store.headPosition();
    const response = await post('92040', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe(code);
    expect(await system.infra.store.headPosition()).toBe(before);
  });

  it('records a notice, answers the effective date three months later, and keeps one trace from HTTP to the projection', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await post('92022', '{"requestedBy":"town","noticeDate":"2026-03-15"}', {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ effectiveDate: '2026-06-15' });
    expect(response.headers.get('traceparent')).toContain(traceId);
    const { body } = await get('/api/v1/conventions/92022?asOf=2026-04-01');
    expect(body.status).toBe('notice_given');
    const names = spans
      .getFinishedSpans()
      .filter((span) => span.spanContext().traceId === traceId)
      .map((span) => span.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'HTTP POST /api/v1/conventions/92022/terminations',
        'request digit.command.conventions.give-termination-notice',
        'query digit.command.conventions.give-termination-notice',
        'event-store append convention-92022',
        'project conventions:convention_states TerminationNoticeGiven',
      ]),
    );
  });
});

describe('the ops dashboard', () => {
  it('shows the towns with their status in French, and the dead letters on the system page', async () => {
    const response = await system.fetch(`/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('Boulogne-Billancourt');
    expect(html).toMatch(/en vigueur|préavis en cours|expirée/);
    const system_ = await system.fetch(`/systeme`);
    expect(system_.status).toBe(200);
    expect(await system_.text()).toContain('Aucun message en échec.');
  });

  it('lists dead letters as JSON', async () => {
    expect(await get('/api/v1/ops/dead-letters')).toEqual({ status: 200, body: { deadLetters: [], next: null } });
  });
});
