/**
 * Issue 14's archive: exported from the real store, checked with nothing but its bytes, and
 * every kind of alteration caught with the first bad position (CONTRACT.md v1.1 "Integrators and
 * auditors": `export`, `verify --archive`; R-SEC-5 for the signed seal it carries).
 */
import { generateKeyPairSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { createGzip, gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { chainHash, createEventStore, eventHash, GENESIS_HASH, migrateEventStore, type EventStore } from '@digit/event-store';
import {
  createSealAnchorer,
  loadPublicKey,
  sealConfigFromEnv,
  sealPublicKeyFromPem,
  signSeal,
  type SealConfig,
  type SignedSeal,
} from '@digit/history-seal';
import { busFromConnection, type Bus } from '@digit/messaging';
import {
  ERASED,
  generateSubjectKey,
  openPersonalDataProtection,
  PERSONAL_DATA_FIELDS,
  type PersonalDataProtection,
} from '@digit/personal-data';
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from '@digit/testing';
import { planHistoryArchive, writeHistoryArchive } from './archive-export.js';
import { parseRecordLine, type ArchiveManifest } from './archive-format.js';
import type { ArchiveRange } from './archive-range.js';
import { verifyHistoryArchive } from './archive-verify.js';

let database: TestDatabase;
let nats: TestNats;
let bus: Bus;
let store: EventStore;
let protection: PersonalDataProtection;
let dataDir: string;
let config: SealConfig;

beforeEach(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  bus = await busFromConnection(nats.nc, nats.namespace);
  await migrateEventStore(database.db, database.schema('event_store'));
  protection = await openPersonalDataProtection({
    db: database.db,
    schema: database.schema('personal_data'),
    catalogue: PERSONAL_DATA_FIELDS,
    keyEncryptionKey: generateSubjectKey(),
  });
  store = createEventStore({ db: database.db, schema: database.schema('event_store'), personalData: protection.hook });
  dataDir = await mkdtemp(join(tmpdir(), 'digit-archive-'));
  config = sealConfigFromEnv({ DIGIT_DATA_DIR: dataDir });
});
afterEach(async () => {
  await nats.close();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Seven events over three streams, two of them with several versions. */
const history = async () => {
  await store.append('convention-92012', 'no_stream', [
    { type: 'ConventionDrafted', data: { insee: '92012' } },
    { type: 'ConventionSigned', data: { on: '2023-12-07' } },
  ]);
  await store.append('privacy-log-92012', 'no_stream', [{ type: 'PersonalDataChecked', data: { checkId: 'k-1', outcome: 'refused' } }]);
  await store.append('convention-92012', 2, [{ type: 'ConventionEnteredIntoForce', data: { on: '2024-01-01' } }]);
  await store.append('privacy-agents', 'no_stream', [
    { type: 'AgentRegistered', data: { agentId: 'a-7', fullName: 'Octave Villebrumier' } },
  ]);
  await store.append('privacy-log-92012', 1, [{ type: 'PersonalDataChecked', data: { checkId: 'k-2', outcome: 'allowed' } }]);
  await store.append('convention-92012', 3, [
    { type: 'ContactAssigned', data: { role: 'dsi', person: { personId: 'c-1', name: 'Jeanne Martin' }, from: '2024-02-01' } },
  ]);
};

const anchor = async (): Promise<SignedSeal> => {
  const outcome = await (await createSealAnchorer({ store, bus, config, log: () => undefined })).anchor();
  if (outcome.status !== 'anchored') throw new Error(`anchoring: ${outcome.status}`);
  return outcome.seal;
};

const exportArchive = async (range: ArchiveRange = {}): Promise<{ file: string; manifest: ArchiveManifest }> => {
  const plan = await planHistoryArchive(store, range, { config, bus, publicKey: await loadPublicKey(config) });
  const file = join(dataDir, `archive-${Math.random().toString(36).slice(2)}.tar.gz`);
  await writeHistoryArchive(store, plan, createWriteStream(file));
  return { file, manifest: plan.manifest };
};

const verify = (file: string, options: Parameters<typeof verifyHistoryArchive>[1] = {}) =>
  verifyHistoryArchive(createReadStream(file), options);

interface Entry {
  readonly name: string;
  readonly body: string;
}

const unpack = async (file: string): Promise<Entry[]> => {
  const extract = tar.extract();
  Readable.from(gunzipSync(await readFile(file))).pipe(extract);
  const entries: Entry[] = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    entries.push({ name: entry.header.name, body: Buffer.concat(chunks).toString('utf8') });
  }
  return entries;
};

const repack = async (entries: readonly Entry[]): Promise<string> => {
  const pack = tar.pack();
  for (const { name, body } of entries) pack.entry({ name }, body);
  pack.finalize();
  const file = join(dataDir, `tampered-${Math.random().toString(36).slice(2)}.tar.gz`);
  const gzip = pack.pipe(createGzip()).pipe(new PassThrough());
  const chunks: Buffer[] = [];
  for await (const chunk of gzip) chunks.push(chunk as Buffer);
  await writeFile(file, Buffer.concat(chunks));
  return file;
};

type Line = Record<string, unknown> & { position: string; hash: string; chainHash: string };

const eventLines = async (file: string): Promise<Line[]> =>
  (await unpack(file)).slice(1).flatMap((entry) =>
    entry.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line),
  );

/** The archive with its event lines (and manifest) changed by `edit`. */
const tampered = async (file: string, edit: (lines: Line[], manifest: Record<string, unknown>) => Line[]): Promise<string> => {
  const manifest = JSON.parse((await unpack(file))[0]!.body) as Record<string, unknown>;
  const edited = edit(await eventLines(file), manifest);
  return repack([
    { name: 'manifest.json', body: JSON.stringify(manifest) },
    { name: 'events/000001.jsonl', body: edited.map((line) => JSON.stringify(line)).join('\n') },
  ]);
};

/** As an attacker with the project's own hash functions would: every hash recomputed from the genesis. */
const recomputed = (lines: Line[]): Line[] => {
  const heads = new Map<string, string>();
  let chain = GENESIS_HASH;
  return lines.map((line) => {
    const record = parseRecordLine(JSON.stringify(line))!;
    const hash = eventHash(heads.get(record.streamId) ?? GENESIS_HASH, record);
    heads.set(record.streamId, hash);
    chain = chainHash(chain, hash);
    return { ...line, hash, chainHash: chain };
  });
};

describe('npm run audit -- export / verify --archive (issue 14, CONTRACT.md v1.1)', () => {
  it('exports every event as stored with both hashes, a manifest, the head seal and the signed anchored seal; verifies offline', async () => {
    await history();
    const sealed = await anchor();
    const { file, manifest } = await exportArchive();
    expect(manifest).toMatchObject({
      format: 'digit-history-archive/1',
      history: `postgres.${store.schema}`,
      eventCount: 7,
      previousSeal: { position: '0', chainHash: GENESIS_HASH },
      headSeal: { position: sealed.position, chainHash: sealed.chainHash },
      anchoredSeal: sealed,
      codeVersion: { package: 'digit-gpso@0.1.0', commit: expect.stringMatching(/^[0-9a-f]{40}$/) },
    });
    expect(sealPublicKeyFromPem(manifest.publicKey!).keyId).toBe(sealed.keyId);
    const entries = await unpack(file);
    expect(entries.map((entry) => entry.name)).toEqual(['manifest.json', 'events/000001.jsonl']);
    const lines = entries[1]!.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line);
    expect(lines.map((line) => Number(line.position))).toEqual([...lines.map((line) => Number(line.position))].sort((a, b) => a - b));
    expect(lines[0]).toEqual(
      expect.objectContaining({
        streamId: 'convention-92012',
        streamVersion: 1,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        chainHash: expect.any(String),
      }),
    );
    expect(await verify(file)).toMatchObject({ ok: true, eventsChecked: 7, anchoredSeal: { seal: sealed, within: true } });
  });

  it('R-GDPR-1: personal data stays sealed in the archive, and erasing the person after the export makes its copy unreadable too', async () => {
    await history();
    const { file } = await exportArchive();
    const raw = gunzipSync(await readFile(file)).toString('utf8');
    expect(raw).toContain('AgentRegistered');
    expect(raw).not.toMatch(/Villebrumier|Jeanne Martin/);
    const agentLine = (await eventLines(file)).find((line) => line.type === 'AgentRegistered')!;
    const asStored = {
      ...(agentLine as never as Record<string, unknown>),
      position: BigInt(agentLine.position),
      recordedAt: new Date(agentLine.recordedAt as string),
    };
    expect((await protection.hook.open(asStored as never)).data).toMatchObject({ fullName: 'Octave Villebrumier' });
    expect(await protection.keyStore.destroy('a-7')).toBe(true);
    expect((await protection.hook.open(asStored as never)).data).toMatchObject({ fullName: ERASED });
    expect(await verify(file)).toMatchObject({ ok: true, eventsChecked: 7 });
  });

  it.each<[string, (lines: Line[], manifest: Record<string, unknown>) => Line[], number | 'sealed' | undefined]>([
    [
      "an event's data altered",
      (lines) => lines.map((line, i) => (i === 2 ? { ...line, data: { checkId: 'k-1', outcome: 'allowed' } } : line)),
      2,
    ],
    [
      "an event's recorded time altered",
      (lines) => lines.map((line, i) => (i === 4 ? { ...line, recordedAt: '2020-01-01T00:00:00.000Z' } : line)),
      4,
    ],
    ['an event removed', (lines) => lines.filter((_, i) => i !== 3), 4],
    [
      'an event inserted',
      (lines) => [...lines.slice(0, 3), { ...lines[3]!, position: String(BigInt(lines[3]!.position) + 1n) }, ...lines.slice(4)],
      4,
    ],
    ['two events swapped', (lines) => [...lines.slice(0, 3), lines[4]!, lines[3]!, ...lines.slice(5)], 4],
    ['the last event cut', (lines) => lines.slice(0, -1), 'sealed'],
    [
      "the last event cut, the manifest's count and head seal edited to match",
      (lines, manifest) => {
        const kept = lines.slice(0, -1);
        Object.assign(manifest, {
          eventCount: kept.length,
          lastPosition: kept.at(-1)!.position,
          headSeal: { position: kept.at(-1)!.position, chainHash: kept.at(-1)!.chainHash },
        });
        return kept;
      },
      'sealed',
    ],
    [
      "an event rewritten and every hash recomputed, the manifest's head seal too",
      (lines, manifest) => {
        const rewritten = recomputed(lines.map((line, i) => (i === 2 ? { ...line, data: { checkId: 'k-1', outcome: 'allowed' } } : line)));
        manifest.headSeal = { position: rewritten.at(-1)!.position, chainHash: rewritten.at(-1)!.chainHash };
        return rewritten;
      },
      'sealed',
    ],
    [
      "the manifest's event count edited",
      (lines, manifest) => {
        manifest.eventCount = 8;
        return lines;
      },
      undefined,
    ],
    [
      "the manifest's seal before the first event edited",
      (lines, manifest) => {
        manifest.previousSeal = { position: '0', chainHash: 'f'.repeat(64) };
        return lines;
      },
      0,
    ],
    [
      "the manifest's signed seal edited",
      (lines, manifest) => {
        manifest.anchoredSeal = { ...(manifest.anchoredSeal as SignedSeal), chainHash: 'e'.repeat(64) };
        return lines;
      },
      undefined,
    ],
  ])('exits with the first bad position when %s', async (_, edit, expected) => {
    await history();
    const sealed = await anchor();
    const { file } = await exportArchive();
    const lines = await eventLines(file);
    const report = await verify(await tampered(file, edit));
    expect(report.ok).toBe(false);
    if (report.ok) return;
    const position =
      expected === undefined ? undefined : expected === 'sealed' ? BigInt(sealed.position) : BigInt(lines[expected]!.position);
    expect({ position: report.position, reason: report.reason }).toEqual({ position, reason: expect.any(String) });
  });

  it('R-SEC-5: a history rewritten and re-signed with another key passes only until the auditor pins the published key', async () => {
    await history();
    const sealed = await anchor();
    const published = (await loadPublicKey(config))!;
    const { file } = await exportArchive();
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const mallory = { ...sealPublicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()), privateKey };
    const forged = await tampered(file, (lines, manifest) => {
      const rewritten = recomputed(lines.map((line, i) => (i === 2 ? { ...line, data: { checkId: 'k-1', outcome: 'allowed' } } : line)));
      const head = { position: BigInt(rewritten.at(-1)!.position), chainHash: rewritten.at(-1)!.chainHash };
      Object.assign(manifest, {
        headSeal: { position: head.position.toString(), chainHash: head.chainHash },
        anchoredSeal: signSeal(mallory, { history: sealed.history, seal: head, sealedAt: new Date(sealed.sealedAt) }),
        publicKey: mallory.pem,
      });
      return rewritten;
    });
    const unpinned = await verify(forged);
    expect(unpinned).toMatchObject({ ok: true, anchoredSeal: { keyId: mallory.keyId } });
    expect(unpinned.ok && unpinned.notes.join(' ')).toContain(mallory.keyId);
    expect(await verify(forged, { publicKey: published })).toMatchObject({
      ok: false,
      position: undefined,
      reason: expect.stringContaining(published.keyId),
    });
    expect(await verify(file, { publicKey: published })).toMatchObject({ ok: true });
  });

  it('an archive --from an instant starts after the seal of the event before it and verifies against it', async () => {
    await history();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cut = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.append('convention-92012', 4, [{ type: 'ConventionAmended', data: { sigOption: 2 } }]);
    await store.append('privacy-log-92012', 2, [{ type: 'PersonalDataChecked', data: { checkId: 'k-3', outcome: 'allowed' } }]);
    const sealed = await anchor();
    const whole = await exportArchive();
    const { file, manifest } = await exportArchive({ from: cut });
    expect(manifest).toMatchObject({ eventCount: 2, anchoredSeal: sealed });
    const wholeLines = await eventLines(whole.file);
    expect(manifest.previousSeal).toEqual({ position: wholeLines[6]!.position, chainHash: wholeLines[6]!.chainHash });
    const lines = await eventLines(file);
    expect(lines.map((line) => line.previousStreamHash)).toEqual([wholeLines[6]!.hash, wholeLines[5]!.hash]);
    expect(await verify(file)).toMatchObject({ ok: true, eventsChecked: 2, anchoredSeal: { within: true } });
    const altered = await tampered(file, (edited) =>
      edited.map((line, i) => (i === 1 ? { ...line, previousStreamHash: wholeLines[2]!.hash } : line)),
    );
    expect(await verify(altered)).toMatchObject({ ok: false, position: BigInt(lines[1]!.position) });
  });

  it('an archive --to an earlier instant carries the signed seal of its own last event, from the seal log', async () => {
    await history();
    const early = await anchor();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cut = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.append('convention-92012', 4, [{ type: 'ConventionAmended', data: { sigOption: 2 } }]);
    await anchor();
    const { file, manifest } = await exportArchive({ to: cut });
    expect(manifest).toMatchObject({ eventCount: 7, lastPosition: early.position, anchoredSeal: early });
    expect(await verify(file)).toMatchObject({ ok: true, anchoredSeal: { seal: early, within: true } });
  });

  it('an empty range and an empty history give archives that verify', async () => {
    expect(await verify((await exportArchive()).file)).toMatchObject({ ok: true, eventsChecked: 0 });
    await history();
    await anchor();
    const { file, manifest } = await exportArchive({ from: new Date(Date.now() + 60_000) });
    expect(manifest).toMatchObject({ eventCount: 0, firstPosition: null });
    expect(await verify(file)).toMatchObject({ ok: true, eventsChecked: 0 });
  });

  it('a file that is not an archive, or an archive cut short, is refused', async () => {
    await history();
    const { file } = await exportArchive();
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 40));
    expect(await verify(file)).toMatchObject({ ok: false });
    await writeFile(file, 'not an archive');
    expect(await verify(file)).toMatchObject({ ok: false, position: undefined });
  });
});
