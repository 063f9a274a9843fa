import { setTimeout as sleep } from 'node:timers/promises';
import { foldEvents } from '@digit/contracts';
import { startBillingService } from '../../../services/billing/src/billing.app.js';
import { renderStatementHtml, statementDecider, type StatementEvent } from '../../../services/billing/src/domain/index.js';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

/**
 * Billing through HTTP, with the conventions service as the only source of the terms in force
 * (its events reach billing over NATS): the seed's figures to the cent, a termination's pro rata,
 * statements, bad inputs. The reconciliation, committee charges and depreciation are in
 * billing-process.int.spec.ts.
 */
let system: SystemUnderTest;

beforeAll(async () => {
  system = await startSystem([startConventionsService, startBillingService]);
}, 60_000);
afterAll(async () => {
  await system.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
type Reply = { status: number; body: any; headers: Headers; text: string };

/** Billing is GPSO finance's (R-SEC-4); the conventions' routes are DIGIT ops' (the default caller). */
const FINANCE = { roles: ['finance'], sub: 'finance:c.martin' };
const callerOf = (path: string) => (path.startsWith('/api/v1/billing/') ? FINANCE : undefined);

const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
  const init = {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  };
  const response = await system.fetch(path, init, callerOf(path));
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
  return { status: response.status, body: json, headers: response.headers, text };
};

/** Polls until `done` holds (billing consumes the conventions' events asynchronously), for at most 10 s. */
const eventually = async (path: string, done: (reply: Reply) => boolean): Promise<Reply> => {
  let reply = await call('GET', path);
  for (let attempt = 0; attempt < 100 && !done(reply); attempt++) {
    await sleep(100);
    reply = await call('GET', path);
  }
  return reply;
};

const SEED_BUDGET = { sigOperationalCents: 13_700_000, payrollCents: 34_423_077, structureFlatCents: 6_300_000 };
const contractLines = (lines: { pool: string; rate: string; baseCents: number; amountCents: number }[]) =>
  lines.map(({ pool, rate, baseCents, amountCents }) => ({ pool, rate, baseCents, amountCents }));

const expectNothingStored = async (request: () => Promise<Reply>, status: number, error: string) => {
  const before = await system.infra.store.headPosition();
  const reply = await request();
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ error, message: expect.any(String), details: expect.any(Array) });
  expect(await system.infra.store.headPosition()).toBe(before);
  return reply;
};

describe('the seed figures through HTTP (R-BIL-1, R-BIL-2, R-BIL-3)', () => {
  it('R-BIL-1: PUT the 2024 budget; the personnel base is payroll 344 230,77 € + 4 % = 358 000,00 €', async () => {
    const { status, body } = await call('PUT', '/api/v1/billing/budgets/2024', SEED_BUDGET);
    expect(status).toBe(200);
    expect(body).toMatchObject({ year: 2024, forecast: { ...SEED_BUDGET, personnelBaseCents: 35_800_000 }, recorded: ['BudgetSet'] });
  });

  it('R-BIL-2: Boulogne-Billancourt 2024 is 548 €, 27 566 € and 4 851 €, total 32 965 €, in two halves', async () => {
    const { status, body } = await eventually('/api/v1/billing/92012/2024', (reply) => reply.status === 200);
    expect(status).toBe(200);
    expect(contractLines(body.lines)).toEqual([
      { pool: 'sig', rate: '0.004', baseCents: 13_700_000, amountCents: 54_800 },
      { pool: 'personnel', rate: '0.077', baseCents: 35_800_000, amountCents: 2_756_600 },
      { pool: 'structure', rate: '0.077', baseCents: 6_300_000, amountCents: 485_100 },
    ]);
    expect(body.totalCents).toBe(3_296_500);
    expect(body.halves).toEqual([
      { half: 1, amountCents: 1_648_250 },
      { half: 2, amountCents: 1_648_250 },
    ]);
    expect(body.demoData).toBe(false);
  });

  it('R-BIL-1: the same budget again records nothing (idempotent PUT)', async () => {
    const before = await system.infra.store.headPosition();
    const { status, body } = await call('PUT', '/api/v1/billing/budgets/2024', SEED_BUDGET);
    expect(status).toBe(200);
    expect(body.recorded).toEqual([]);
    expect(await system.infra.store.headPosition()).toBe(before);
  });
});

describe('bad inputs get contract errors and store nothing (R-BIL-3)', () => {
  it.each([
    ['a negative amount', { ...SEED_BUDGET, sigOperationalCents: -1 }, 'sigOperationalCents'],
    ['a fractional amount', { ...SEED_BUDGET, structureFlatCents: 6_300_000.5 }, 'structureFlatCents'],
    ['an amount as text', { ...SEED_BUDGET, payrollCents: '34423077' }, 'payrollCents'],
    ['a missing amount', { sigOperationalCents: 13_700_000, payrollCents: 34_423_077 }, 'structureFlatCents'],
    ['an unexpected field', { ...SEED_BUDGET, personnelBaseCents: 1 }, 'personnelBaseCents'],
    [
      'issue 18: a payroll of 9007199254740991 cents (beyond 100 000 000,00 €)',
      { ...SEED_BUDGET, payrollCents: 9_007_199_254_740_991 },
      'payrollCents',
    ],
  ])('R-BIL-3: PUT budget with %s is refused with 400', async (_case, body, path) => {
    const reply = await expectNothingStored(() => call('PUT', '/api/v1/billing/budgets/2026', body), 400, 'invalid_request');
    expect(reply.body.details.map((detail: { path: string }) => detail.path)).toContain(path);
  });

  it.each([
    ['PUT', '/api/v1/billing/budgets/1999', SEED_BUDGET, 400, 'invalid_request'],
    ['PUT', '/api/v1/billing/budgets/2024', '{"sigOperationalCents": ', 400, 'invalid_json'],
    ['GET', '/api/v1/billing/99999/2024', undefined, 404, 'unknown_town'],
    ['GET', '/api/v1/billing/92012/2031', undefined, 404, 'budget_missing'],
    ['GET', '/api/v1/billing/92012/20x4', undefined, 400, 'invalid_request'],
    ['POST', '/api/v1/billing/92040/2026/statements/1', {}, 404, 'budget_missing'],
    ['POST', '/api/v1/billing/92012/2024/statements/3', {}, 400, 'invalid_request'],
    ['POST', '/api/v1/billing/92012/2024/statements/1', { issuedOn: '2099-01-01' }, 400, 'invalid_request'],
    ['GET', '/api/v1/billing/92012/2024/statements/2.pdf', undefined, 400, 'invalid_request'],
  ])('R-BIL-3: %s %s %j is refused with %i %s', async (method, path, body, status, error) => {
    await expectNothingStored(() => call(method, path, body), status, error);
  });

  it('R-BIL-6: a year the town had no convention in force is a clear 404, not a zero bill', async () => {
    expect((await call('PUT', '/api/v1/billing/budgets/2023', SEED_BUDGET)).status).toBe(200);
    const reply = await expectNothingStored(() => call('GET', '/api/v1/billing/92012/2023'), 404, 'no_convention_in_force');
    expect(reply.body.message).toContain('Boulogne-Billancourt');
  });
});

describe('a termination changes the next figures pro rata (R-BIL-6, R-CON-4)', () => {
  it('R-BIL-6: notice on 15/03/2025 takes effect on 15/06/2025; 2025 is billed 165 of the 181 days of half 1', async () => {
    expect((await call('PUT', '/api/v1/billing/budgets/2025', SEED_BUDGET)).status).toBe(200);
    expect((await call('GET', '/api/v1/billing/92012/2025')).body.totalCents).toBe(3_296_500);

    const notice = await call('POST', '/api/v1/conventions/92012/terminations', { requestedBy: 'town', noticeDate: '2025-03-15' });
    expect(notice.status).toBe(201);
    expect(notice.body.effectiveDate).toBe('2025-06-15');

    const { body } = await eventually('/api/v1/billing/92012/2025', (reply) => reply.body?.totalCents !== 3_296_500);
    // base × rate × 165 / (2 × 181), rounded once per line.
    expect(contractLines(body.lines)).toEqual([
      { pool: 'sig', rate: '0.004', baseCents: 13_700_000, amountCents: 24_978 },
      { pool: 'personnel', rate: '0.077', baseCents: 35_800_000, amountCents: 1_256_461 },
      { pool: 'structure', rate: '0.077', baseCents: 6_300_000, amountCents: 221_109 },
    ]);
    expect(body.lines[0]).toMatchObject({ from: '2025-01-01', to: '2025-06-14', days: 165 });
    expect(body.totalCents).toBe(1_502_548);
    expect(body.halves).toEqual([
      { half: 1, amountCents: 1_502_548 },
      { half: 2, amountCents: 0 },
    ]);
    expect((await call('GET', '/api/v1/billing/92012/2024')).body.totalCents).toBe(3_296_500);
  });
});

describe('the semi-annual mémoire (R-BIL-4)', () => {
  it('R-BIL-4: issuing the first-half 2024 mémoire numbers it, books it to chapter 930 and bills half of each line', async () => {
    const { status, body } = await call('POST', '/api/v1/billing/92012/2024/statements/1', { issuedOn: '2024-07-05' });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      number: 'MEM-2024-92012-S1',
      insee: '92012',
      townName: 'Boulogne-Billancourt',
      periodFrom: '2024-01-01',
      periodTo: '2024-06-30',
      issuedOn: '2024-07-05',
      chapter: '930',
      totalCents: 1_648_250,
      demoData: false,
    });
    expect(body.lines.map((line: { pool: string; amountCents: number }) => [line.pool, line.amountCents])).toEqual([
      ['sig', 27_400],
      ['personnel', 1_378_300],
      ['structure', 242_550],
    ]);
    expect((await call('GET', '/api/v1/billing/92012/2024/statements/1')).body).toEqual(body);
  });

  it('R-BIL-4: a mémoire is issued once; the second request is refused and stores nothing', async () => {
    await expectNothingStored(() => call('POST', '/api/v1/billing/92012/2024/statements/1', {}), 409, 'statement_already_issued');
  });

  it('R-BIL-4: the printable mémoire is French HTML for A4, amounts written 16 482,50 €', async () => {
    const { status, headers, text } = await call('GET', '/api/v1/billing/92012/2024/statements/1.html');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(headers.get('content-disposition')).toBe('inline; filename="MEM-2024-92012-S1.html"');
    expect(text).toContain('<html lang="fr">');
    expect(text).toContain('size: A4 portrait');
    expect(text).toContain('Mémoire n° MEM-2024-92012-S1');
    expect(text).toContain('Chapitre 930');
    expect(text).toContain('16\u00a0482,50\u00a0€');
    expect(text).toContain('05/07/2024');
  });

  it('R-BIL-4: the served mémoire is rebuilt byte for byte from its events alone (replay)', async () => {
    const { text } = await call('GET', '/api/v1/billing/92012/2024/statements/1.html');
    const events = await system.infra.store.readStream('statement-92012-2024-S1');
    const replayed = foldEvents(statementDecider, events as unknown as StatementEvent[]);
    expect(replayed.issued && renderStatementHtml(replayed.issued)).toBe(text);
  });

  it('R-BIL-4: the CSV for the finance department is a download with one row per line and a total', async () => {
    const { status, headers, text } = await call('GET', '/api/v1/billing/92012/2024/statements/1.csv');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(headers.get('content-disposition')).toBe('attachment; filename="MEM-2024-92012-S1.csv"');
    const rows = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatch(/^memoire;insee;ville;annee;semestre;chapitre;/);
    expect(rows.at(-1)).toContain('16482,50;1648250');
  });

  it('R-BIL-1: the mémoire shows the payroll and the 4 % assimilated costs apart, and the personnel line as their sum', async () => {
    const { body } = await call('GET', '/api/v1/billing/92012/2024/statements/1');
    expect(body.lines[1]).toMatchObject({
      pool: 'personnel',
      amountCents: 1_378_300,
      components: [
        { component: 'payroll', baseCents: 34_423_077, amountCents: 1_325_288 },
        { component: 'assimilated', baseCents: 1_376_923, amountCents: 53_012 },
      ],
    });
    const html = (await call('GET', '/api/v1/billing/92012/2024/statements/1.html')).text;
    expect(html).toContain('Frais assimilés, 4 % de la masse salariale (art. 6.2)');
    expect(html).toContain('(total des lignes 2.1 et 2.2)');
    const csv = (await call('GET', '/api/v1/billing/92012/2024/statements/1.csv')).text;
    expect(csv).toContain(';2.1;Détail des frais de personnels;');
    expect(csv).toContain('13252,88;1325288');
    expect(csv).toContain('530,12;53012');
  });

  it('R-BIL-4 (art. 6.4): a budget amended after the first mémoire is made up in the second, so the year adds up', async () => {
    const amended = await call('PUT', '/api/v1/billing/budgets/2024', { ...SEED_BUDGET, payrollCents: 37_000_000 });
    expect(amended.body.recorded).toEqual(['BudgetAmended']);
    const { status, body } = await call('POST', '/api/v1/billing/92012/2024/statements/2', { issuedOn: '2025-01-06' });
    expect(status).toBe(201);
    expect(body.lines.filter((line: { kind: string }) => line.kind === 'first-half-make-up')).toEqual([
      expect.objectContaining({
        pool: 'personnel',
        firstHalfStatement: 'MEM-2024-92012-S1',
        billedCents: 1_378_300,
        dueCents: 1_481_480,
        amountCents: 103_180,
      }),
    ]);
    const year = await call('GET', '/api/v1/billing/92012/2024');
    expect(1_648_250 + body.totalCents).toBe(year.body.totalCents);
    expect((await call('GET', '/api/v1/billing/92012/2024/statements/2.csv')).text).toContain(';Rattrapage du 1er semestre;');
  });

  it('R-BIL-4: a mémoire not issued yet is a clear 404', async () => {
    await expectNothingStored(() => call('GET', '/api/v1/billing/92040/2024/statements/2'), 404, 'statement_not_found');
  });
});
