import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startSupportService } from '../../../services/support/src/support.app.js';
import { supportSettingsFromEnv } from '../../../services/support/src/support-settings.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * CONTRACT.md v1.1 "Lists are paged" (issue 18): each support list longer than a page is served
 * over several pages, `?limit=` and `?after=`, the next page in a `Link` header; the latest first,
 * then by id (several items on the same instant included); nothing is lost or served twice.
 */
let system: SystemUnderTest;

const OPS: TestCaller = { sub: 'ops.digit', roles: ['ops'] };
const BOULOGNE: TestCaller = { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' };

beforeAll(async () => {
  const settings = { ...supportSettingsFromEnv({}), deadlineCheckIntervalMs: 60_000 };
  system = await startSystem([startConventionsService, (infra) => startSupportService(infra, { settings })]);
}, 30_000);
afterAll(() => system.stop());

const post = async (path: string, body: unknown): Promise<string> => {
  const response = await system.fetch(
    path,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    OPS,
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
};

/** Follows `Link: <…>; rel="next"` from `path` to the last page: each page's items (or text), in order. */
const walk = async <Page>(path: string, read: (response: Response) => Promise<Page>, as: TestCaller = OPS): Promise<Page[]> => {
  const pages: Page[] = [];
  let next: string | undefined = path;
  while (next) {
    const response: Response = await system.fetch(next, {}, as);
    expect(response.status).toBe(200);
    pages.push(await read(response));
    next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
  }
  return pages;
};
const items = <Item>(response: Response) => response.json() as Promise<Item[]>;

/** Latest first, then by id: as the lists serve them. */
const byLatest = (rows: readonly { id: string; key: string }[]) =>
  [...rows].sort((a, b) => (a.key === b.key ? (a.id < b.id ? -1 : 1) : a.key < b.key ? 1 : -1)).map((row) => row.id);

describe('paged lists of the support service (CONTRACT.md v1.1, issue 18)', () => {
  it('GET /api/v1/support/tickets: 11 requests of two towns over pages of 3, the latest first, those received on the same instant by id; a town’s pages hold only its own', async () => {
    const sent: { id: string; key: string; insee: string }[] = [];
    for (let index = 0; index < 11; index++) {
      const insee = index < 7 ? '92012' : '92040';
      // Three e-mails received on the same instant: the cursor's id breaks the tie.
      const key = index < 3 ? '2026-03-10T09:30:00+01:00' : `2026-03-${String(11 + index).padStart(2, '0')}T09:30:00+01:00`;
      const id = await post('/api/v1/support/tickets', {
        insee,
        need: `Besoin ${index}`,
        targetUsers: 'Voirie',
        context: 'Réunion',
        deadline: '2026-12-31',
        channel: 'email',
        receivedAt: key,
      });
      sent.push({ id, key, insee });
    }
    const pages = await walk('/api/v1/support/tickets?limit=3', items<{ id: string }>);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 2]);
    expect(pages.flat().map((found) => found.id)).toEqual(byLatest(sent));

    const boulogne = await walk('/api/v1/support/tickets?limit=2', items<{ id: string }>, BOULOGNE);
    expect(boulogne.map((page) => page.length)).toEqual([2, 2, 2, 1]);
    expect(boulogne.flat().map((found) => found.id)).toEqual(byLatest(sent.filter((ticket) => ticket.insee === '92012')));
    const breached = await walk('/api/v1/support/tickets?insee=92012&breached=true&limit=4', items<{ id: string }>);
    expect(breached.flat().map((found) => found.id)).toEqual(byLatest(sent.filter((ticket) => ticket.insee === '92012')));
  });

  it('GET projects, committees and disputes: 7 of each over pages of 3, the latest first, none lost or repeated', async () => {
    const projects: { id: string; key: string }[] = [];
    const committees: { id: string; key: string }[] = [];
    const disputes: { id: string; key: string }[] = [];
    for (let index = 0; index < 7; index++) {
      const day = `2026-0${1 + (index % 3)}-1${index}`;
      projects.push({
        id: await post('/api/v1/support/projects', { insee: '92022', kind: 'sig', title: `Carte ${index}` }),
        key: String(index),
      });
      committees.push({ id: await post('/api/v1/support/committees', { kind: 'steering', date: day }), key: day });
      disputes.push({
        id: await post('/api/v1/support/disputes', {
          insee: '92048',
          openedBy: 'town',
          subject: `Objet ${index}`,
          description: 'Calcul',
          openedOn: day,
        }),
        key: day,
      });
    }
    const ids = async (path: string) => (await walk(path, items<{ id: string }>)).map((page) => page.map((found) => found.id));
    // Projects opened now, one after the other: the latest opened first.
    expect(await ids('/api/v1/support/projects?insee=92022&limit=3')).toEqual([
      projects
        .map((project) => project.id)
        .reverse()
        .slice(0, 3),
      projects
        .map((project) => project.id)
        .reverse()
        .slice(3, 6),
      [projects[0]!.id],
    ]);
    expect((await ids('/api/v1/support/committees?limit=3')).flat()).toEqual(byLatest(committees));
    expect((await ids('/api/v1/support/disputes?insee=92048&limit=3')).flat()).toEqual(byLatest(disputes));
  });

  it('GET maintenance notices and sessions, and their .ics feeds in parts: 5 of each over pages of 2', async () => {
    const start = (index: number) => `2099-0${1 + index}-05T20:00:00+01:00`;
    const notices: { id: string; key: string }[] = [];
    const sessions: { id: string; key: string }[] = [];
    for (let index = 0; index < 5; index++) {
      notices.push({
        id: await post('/api/v1/support/maintenance', {
          services: ['database'],
          plannedStart: start(index),
          plannedEnd: start(index).replace('T20', 'T22'),
          description: `Maintenance ${index}`,
        }),
        key: start(index),
      });
      sessions.push({
        id: await post('/api/v1/support/sessions', {
          kind: 'training',
          title: `Formation ${index}`,
          start: start(index),
          end: start(index).replace('T20', 'T22'),
          towns: ['92072'],
        }),
        key: start(index),
      });
    }
    const ids = async (path: string) => (await walk(path, items<{ id: string }>)).map((page) => page.map((found) => found.id));
    expect(await ids('/api/v1/support/maintenance?insee=92072&limit=2')).toEqual([
      byLatest(notices).slice(0, 2),
      byLatest(notices).slice(2, 4),
      byLatest(notices).slice(4),
    ]);
    expect((await ids('/api/v1/support/sessions?insee=92072&limit=2')).flat()).toEqual(byLatest(sessions));

    const uids = (text: string) =>
      [...text.matchAll(/^UID:(?:maintenance|session)-(.+)@digit\.seineouest\.fr\r$/gm)].map((match) => match[1]);
    const feed = await walk('/api/v1/support/maintenance.ics?insee=92072&limit=2', (response) => response.text());
    expect(feed).toHaveLength(3);
    expect(feed.every((part) => part.startsWith('BEGIN:VCALENDAR\r\n'))).toBe(true);
    expect(feed.flatMap(uids)).toEqual(byLatest(notices));
    expect((await walk('/api/v1/support/sessions.ics?insee=92072&limit=2', (response) => response.text())).flatMap(uids)).toEqual(
      byLatest(sessions),
    );
  });
});
