import { startPrivacyService } from '../../../services/privacy/src/privacy.app.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

/**
 * CONTRACT.md v1.1 "Lists are paged" (issue 18): every privacy list longer than a page is served
 * over several pages, by `?limit=` and `?after=`, with nothing lost or repeated.
 */
let system: SystemUnderTest;
beforeAll(async () => {
  system = await startSystem([startPrivacyService]);
});
afterAll(() => system.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
const json = async (path: string): Promise<{ status: number; body: any }> => {
  const response = await system.fetch(path);
  return { status: response.status, body: await response.json() };
};
const post = async (path: string, body: unknown) =>
  (await system.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;

/** Follows `next` from the first page; every page but the last is full. */
const allPages = async <Item>(first: string, itemsOf: (body: unknown) => Item[], limit: number): Promise<Item[][]> => {
  const pages: Item[][] = [];
  for (let cursor: string | null = null, n = 0; n === 0 || cursor !== null; n++) {
    const separator = first.includes('?') ? '&' : '?';
    const { status, body } = await json(`${first}${separator}limit=${limit}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`);
    expect(status).toBe(200);
    pages.push(itemsOf(body));
    cursor = (body as { next: string | null }).next;
    if (cursor !== null) expect(pages.at(-1)).toHaveLength(limit);
  }
  return pages;
};

const ROADS = 'voie;longueur\nRue de Sèvres;120\n';

describe('paged privacy lists (CONTRACT.md v1.1, issue 18)', () => {
  it('a town’s register, references with « / » included, comes over several pages in reference order', async () => {
    const references = ['TRT-001', 'TRT-002', 'TRT/2024/003', 'TRT-004', 'TRT-005', 'TRT/2024/006', 'TRT-007'];
    for (const reference of references)
      expect(await post('/api/v1/privacy/92077/register', { reference, fiche: { name: `Traitement ${reference}` } })).toBe(201);
    const pages = await allPages(
      '/api/v1/privacy/92077/register',
      (body) => (body as { processings: { reference: string }[] }).processings.map((p) => p.reference),
      3,
    );
    expect(pages).toHaveLength(3);
    const whole = (await json('/api/v1/privacy/92077/register')).body.processings.map((p: { reference: string }) => p.reference);
    expect(pages.flat()).toEqual(whole);
    expect([...pages.flat()].sort()).toEqual([...references].sort());
  });

  it('R-GDPR-2: a town’s log comes over several pages, oldest check first', async () => {
    const checkIds: string[] = [];
    for (let n = 0; n < 5; n++) {
      const response = await system.fetch('/api/v1/privacy/92075/checks', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ item: { kind: 'dataset', id: `ds-${n}`, content: ROADS }, declaredCategories: 'none' }),
      });
      checkIds.push(((await response.json()) as { checkId: string }).checkId);
    }
    const pages = await allPages(
      '/api/v1/privacy/92075/log',
      (body) => (body as { entries: { checkId: string }[] }).entries.map((entry) => entry.checkId),
      2,
    );
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(checkIds);
  });

  it('R-GDPR-2: the log’s CSV comes in parts, the next one named by a Link header', async () => {
    const ids: string[] = [];
    let path: string | null = '/api/v1/privacy/92075/log.csv?limit=2';
    let parts = 0;
    while (path) {
      const response = await system.fetch(path);
      expect(response.status).toBe(200);
      const [, ...rows] = (await response.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      ids.push(...rows.map((row) => row.split(';').at(-1)!));
      path = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
      parts += 1;
    }
    expect(parts).toBe(3);
    expect(ids).toEqual((await json('/api/v1/privacy/92075/log')).body.entries.map((entry: { checkId: string }) => entry.checkId));
  });

  it('R-GDPR-3: the agents and the agents due come over several pages; the due ones most urgent first', async () => {
    const joined = ['2023-01-10', '2022-06-01', '2024-01-02', '2021-09-01', '2023-11-20'];
    for (const [n, joinedOn] of joined.entries())
      expect(await post('/api/v1/privacy/agents', { agentId: `a-${n}`, fullName: `Agent ${n}`, joinedOn })).toBe(201);
    const agents = await allPages(
      '/api/v1/privacy/agents?asOf=2024-06-03',
      (body) => (body as { agents: { agentId: string }[] }).agents.map((agent) => agent.agentId),
      2,
    );
    expect(agents.flat()).toEqual(['a-0', 'a-1', 'a-2', 'a-3', 'a-4']);
    const due = await allPages(
      '/api/v1/privacy/agents/due?asOf=2024-06-03',
      (body) => (body as { agents: { agentId: string; dueOn: string }[] }).agents.map((agent) => `${agent.dueOn} ${agent.agentId}`),
      2,
    );
    expect(due.flat()).toEqual(['2021-12-01 a-3', '2022-09-01 a-1', '2023-04-10 a-0', '2024-02-20 a-4', '2024-04-02 a-2']);
  });

  it.each([
    ['a log cursor that is no position', '/api/v1/privacy/92075/log?after=abc'],
    ['a due cursor with an impossible date', '/api/v1/privacy/agents/due?after=2024-13-45~a-1'],
    ['a page over 1000', '/api/v1/privacy/agents?limit=1001'],
  ])('refuses %s with 400', async (_, path) => {
    const { status, body } = await json(path);
    expect([status, body.error]).toEqual([400, 'invalid_request']);
  });
});
