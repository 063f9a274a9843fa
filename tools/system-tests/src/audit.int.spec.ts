/**
 * The auditors' HTTP side: `GET /api/v1/audit/events` with both hashes, the head seal and the
 * anchored signed seal (CONTRACT.md, v1.1 "Lists are paged", R-SEC-5), and the archive download
 * (issue 14), which verifies offline like `npm run audit -- export`'s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { verifyHistoryArchive } from '@digit/history-archive';
import { isSignedBy, sealPublicKeyFromPem, startSealAnchor } from '@digit/history-seal';
import { deepObject } from '@digit/testing';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

let system: SystemUnderTest;
let dataDir: string;
const previousDataDir = process.env.DIGIT_DATA_DIR;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'digit-audit-api-'));
  // The gateway reads where the seals are anchored from its environment, as in production.
  process.env.DIGIT_DATA_DIR = dataDir;
  system = await startSystem([]);
  const { store } = system.infra;
  await store.append('convention-92012', 'no_stream', [
    { type: 'ConventionDrafted', data: { insee: '92012' } },
    { type: 'ConventionSigned', data: { on: '2023-12-07' } },
  ]);
  await store.append('privacy-log-92012', 'no_stream', [{ type: 'PersonalDataChecked', data: { checkId: 'k-1', outcome: 'refused' } }]);
  // What the gateway's main does (the anchor reads DIGIT_DATA_DIR like the controller).
  const anchor = await startSealAnchor(system.infra);
  await anchor.stop();
  await store.append('convention-92012', 2, [{ type: 'ConventionEnteredIntoForce', data: { on: '2024-01-01' } }]);
});
afterAll(async () => {
  await system.stop();
  await rm(dataDir, { recursive: true, force: true });
  if (previousDataDir === undefined) delete process.env.DIGIT_DATA_DIR;
  else process.env.DIGIT_DATA_DIR = previousDataDir;
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
const get = async (path: string): Promise<{ status: number; body: any }> => {
  const response = await system.fetch(path, {}, { roles: ['auditor'] });
  return { status: response.status, body: await response.json() };
};

describe('GET /api/v1/audit/events (CONTRACT.md; v1.1 "Lists are paged"; R-SEC-5)', () => {
  it('gives each event as stored with both hashes, the head seal and the anchored signed seal with its public key', async () => {
    const { status, body } = await get('/api/v1/audit/events');
    expect(status).toBe(200);
    expect(body.events).toHaveLength(4);
    for (const event of body.events)
      expect(event).toMatchObject({
        position: expect.any(String),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        chainHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    const last = body.events.at(-1);
    expect(body.headSeal).toEqual({ position: last.position, chainHash: last.chainHash });
    const sealed = body.events[2];
    expect(body.anchoredSeal).toMatchObject({ position: sealed.position, chainHash: sealed.chainHash, format: 'digit-history-seal/1' });
    const { publicKey, ...seal } = body.anchoredSeal;
    expect(isSignedBy(seal, sealPublicKeyFromPem(publicKey))).toBe(true);
  });

  it('pages with after and limit; next is the cursor of the following page, and stays put at the head', async () => {
    const first = await get('/api/v1/audit/events?limit=3');
    expect(first.body.events).toHaveLength(3);
    expect(first.body.next).toBe(first.body.events[2].position);
    const second = await get(`/api/v1/audit/events?after=${first.body.next}&limit=3`);
    expect(second.body.events.map((event: { streamVersion: number }) => event.streamVersion)).toEqual([3]);
    const end = await get(`/api/v1/audit/events?after=${second.body.next}`);
    expect(end.body).toMatchObject({ events: [], next: second.body.next });
  });

  it.each(['limit=1001', 'limit=0', 'after=-1', 'after=abc'])('refuses %s with 400 and the error body', async (query) => {
    const { status, body } = await get(`/api/v1/audit/events?${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_request',
      message: expect.any(String),
      details: [expect.objectContaining({ path: query.split('=')[0] })],
    });
  });
});

describe('GET /api/v1/audit/export (issue 14)', () => {
  it('streams the archive of npm run audit -- export, which verifies offline against the anchored signed seal', async () => {
    const response = await system.fetch(`/api/v1/audit/export`, {}, { roles: ['auditor'] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="digit-historique-.*\.tar\.gz"$/);
    const report = await verifyHistoryArchive(Readable.fromWeb(response.body! as never));
    expect(report).toMatchObject({ ok: true, eventsChecked: 4, anchoredSeal: { within: true } });
  });

  it('takes a range of days (Paris): none before the history began', async () => {
    const response = await system.fetch(`/api/v1/audit/export?to=2020-01-01`, {}, { roles: ['auditor'] });
    expect(response.status).toBe(200);
    expect(await verifyHistoryArchive(Readable.fromWeb(response.body! as never))).toMatchObject({ ok: true, eventsChecked: 0 });
  });

  it.each(['from=2024-02-30', 'to=yesterday', 'from=2024-02-01&to=2024-01-01'])(
    'refuses %s with 400 and the error body, before any byte of archive',
    async (query) => {
      const { status, body } = await get(`/api/v1/audit/export?${query}`);
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: 'invalid_request', message: expect.any(String) });
    },
  );
});

describe('an event as deep as PostgreSQL stores it (issue 18, no poison)', () => {
  it('CONTRACT.md auditors: GET /api/v1/audit/events serves a 10,000-deep stored event (no 500), and the archive holds it and verifies', async () => {
    const before = (await get('/api/v1/audit/events?limit=1000')).body.next;
    await system.infra.store.append('convention-92022', 'no_stream', [
      { type: 'ContactAssigned', data: { role: 'gis', person: deepObject(10_000, 'fond') } },
    ]);
    const { status, body } = await get(`/api/v1/audit/events?after=${before}`);
    expect(status).toBe(200);
    expect(body.events).toHaveLength(1);
    let person = body.events[0].data.person;
    for (let depth = 0; depth < 10_000; depth++) person = person.a;
    expect(person).toBe('fond');
    const response = await system.fetch('/api/v1/audit/export', {}, { roles: ['auditor'] });
    expect(await verifyHistoryArchive(Readable.fromWeb(response.body! as never))).toMatchObject({ ok: true, eventsChecked: 5 });
  });
});
