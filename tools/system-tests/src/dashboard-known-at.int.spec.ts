import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * The dashboard's « connu le » (issue 14): an auditor's or DIGIT ops' page read with `?knownAt=`
 * shows every section as the services replayed on the history recorded up to that instant
 * answer it; other roles see today's; one replay runs at a time.
 */
const token = randomBytes(3).toString('hex');
const FIRST = { personId: `p-first-${token}`, name: `Apolline Premier ${token}` };
const SECOND = { personId: `p-second-${token}`, name: `Barnabé Second ${token}` };
const AUDITOR: TestCaller = { sub: 'auditeur.ccomptes', roles: ['auditor'] };
const OPS: TestCaller = { sub: 'ops.digit', roles: ['ops'] };
const FINANCE: TestCaller = { sub: 'finance.gpso', roles: ['finance'] };

let system: SystemUnderTest;
/** Paris wall-clock second after the first contact and before the second, as the date picker sends it. */
let between: string;

const assign = async (person: { personId: string; name: string }) => {
  const response = await system.fetch('/api/v1/conventions/92012/contacts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'gis', person, from: '2024-03-01' }),
  });
  expect(response.status).toBe(201);
};

const page = async (path: string, as: TestCaller) => {
  const response = await system.fetch(path, {}, as);
  return { status: response.status, html: await response.text() };
};

/** The replays' own schemas in the test's database (each replay's are dropped when it stops). */
const replaySchemas = async () =>
  (
    await sql<{
      nspname: string;
    }>`select nspname from pg_namespace where nspname like ${`${system.database.prefix}\\_replay%\\_event\\_store`}`.execute(
      system.database.db,
    )
  ).rows.length;

beforeAll(async () => {
  system = await startSystem([startConventionsService]);
  await assign(FIRST);
  await sleep(1_100);
  between = Temporal.Now.zonedDateTimeISO('Europe/Paris').toPlainDateTime().toString({ smallestUnit: 'second' });
  await sleep(1_100);
  await assign(SECOND);
}, 60_000);
afterAll(async () => {
  await system?.stop();
});

describe('« connu le » on the dashboard (issue 14)', () => {
  it('an auditor sees the town as the system knew it then: the first contact, not the second', async () => {
    const { status, html } = await page(`/communes/92012?knownAt=${between}`, AUDITOR);
    expect(status).toBe(200);
    expect(html).toContain('rejouée depuis l’historique');
    expect(html).toContain(FIRST.name);
    expect(html).not.toContain(SECOND.name);
    const today = await page('/communes/92012', AUDITOR);
    expect(today.html).toContain(SECOND.name);
  }, 60_000);

  it('DIGIT ops may ask it too; GPSO finance sees today’s page and is told why', async () => {
    expect((await page(`/communes/92012?knownAt=${between}`, OPS)).html).not.toContain(SECOND.name);
    const finance = await page(`/?knownAt=${between}`, FINANCE);
    expect(finance.status).toBe(200);
    expect(finance.html).toContain('réservée aux auditeurs et à l’exploitation DIGIT');
  }, 60_000);

  it('one replay at a time: another instant replaces the first, whose schemas are dropped', async () => {
    expect(await replaySchemas()).toBe(1);
    const later = Temporal.Now.zonedDateTimeISO('Europe/Paris').toPlainDateTime().toString({ smallestUnit: 'second' });
    const { html } = await page(`/communes/92012?knownAt=${later}`, AUDITOR);
    expect(html).toContain(SECOND.name);
    expect(await replaySchemas()).toBe(1);
  }, 60_000);

  it('refuses an impossible instant with 400', async () => {
    expect((await page('/?knownAt=2026-02-30T10:00', AUDITOR)).status).toBe(400);
  });
});
