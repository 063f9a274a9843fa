import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createEventStore, headSeal, migrateEventStore, type EventStore } from '@digit/event-store';
import { busFromConnection, type Bus } from '@digit/messaging';
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from '@digit/testing';
import { createSealBucket, latestInBucket } from './seal-bucket.js';
import { sealConfigFromEnv, type SealConfig } from './seal-config.js';
import { createSealAnchorer, startSealAnchor } from './seal-anchor.js';
import { loadPublicKey, loadSigningKey } from './seal-keys.js';
import { latestInSealLog, sealLogFile } from './seal-log.js';
import { isSignedBy, type SignedSeal } from './signed-seal.js';

let database: TestDatabase;
let nats: TestNats;
let bus: Bus;
let store: EventStore;
let dataDir: string;
let config: SealConfig;
const alarms: string[] = [];
const log = (line: string) => void alarms.push(line);

beforeEach(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  bus = await busFromConnection(nats.nc, nats.namespace);
  await migrateEventStore(database.db, database.schema('event_store'));
  store = createEventStore({ db: database.db, schema: database.schema('event_store') });
  dataDir = await mkdtemp(join(tmpdir(), 'digit-seal-'));
  config = sealConfigFromEnv({ DIGIT_DATA_DIR: dataDir });
  alarms.length = 0;
});
afterEach(async () => {
  await nats.close();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const append = async (streamId: string, count: number) => {
  for (let i = 0; i < count; i++) await store.append(streamId, 'any', [{ type: 'Noted', data: { n: i } }]);
};

/** What both anchors hold for this history. */
const anchors = async (): Promise<{ file: SignedSeal | undefined; bucket: SignedSeal | undefined }> => {
  const history = `postgres.${store.schema}`;
  const kv = await createSealBucket(bus, 1);
  return { file: (await latestInSealLog(sealLogFile(config, history))).seal, bucket: (await latestInBucket(kv, history)).seal };
};

const waitForBucketAt = async (position: bigint) => {
  for (let tries = 0; (await anchors()).bucket?.position !== position.toString(); tries++) {
    if (tries > 50) throw new Error(`the bucket did not reach position ${position} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/** As the database superuser would, past any trigger that forbids it. */
const asSuperuser = (statement: ReturnType<typeof sql>) =>
  database.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await statement.execute(trx);
  });

describe('seal key outside the database (R-SEC-5)', () => {
  it('R-SEC-5: the embedded default generates an Ed25519 key under DIGIT_DATA_DIR, mode 0600, once, with its public half beside it', async () => {
    const key = await loadSigningKey(config);
    const file = join(dataDir, 'history-seal', 'signing-key.pem');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await loadSigningKey(config)).keyId).toBe(key.keyId);
    expect((await loadPublicKey(config))?.keyId).toBe(key.keyId);
    expect(await readFile(join(dataDir, 'history-seal', 'signing-key.pub.pem'), 'utf8')).toBe(key.pem);
  });

  it('R-SEC-5: production (DIGIT_ENV, the one production setting) requires DIGIT_SEAL_KEY_FILE and a key others cannot read', async () => {
    expect(sealConfigFromEnv({ NODE_ENV: 'production' }).production).toBe(false);
    await expect(loadSigningKey(sealConfigFromEnv({ DIGIT_DATA_DIR: dataDir, DIGIT_ENV: 'production' }))).rejects.toThrow(
      /DIGIT_SEAL_KEY_FILE is required in production/,
    );
    await loadSigningKey(config);
    const file = join(dataDir, 'history-seal', 'signing-key.pem');
    const production = sealConfigFromEnv({ DIGIT_DATA_DIR: dataDir, DIGIT_ENV: 'production', DIGIT_SEAL_KEY_FILE: file });
    expect((await loadSigningKey(production)).keyId).toBe((await loadSigningKey(config)).keyId);
    await chmod(file, 0o644);
    await expect(loadSigningKey(production)).rejects.toThrow(/readable by others/);
  });
});

describe('seal anchor (R-SEC-5, CONTRACT.md v1.1: anchored at least every 60 s and at each stop)', () => {
  it('R-SEC-5: anchors the signed head in the file and the bucket at start, and again at stop', async () => {
    await append('a', 3);
    const anchor = await startSealAnchor({ store, bus, sealConfig: config, intervalMs: 60_000, log });
    await waitForBucketAt((await headSeal(store))!.position);
    await append('a', 2);
    await anchor.stop();
    const head = (await headSeal(store))!;
    const { file, bucket } = await anchors();
    expect(file).toEqual(bucket);
    expect(file).toMatchObject({ history: `postgres.${store.schema}`, position: head.position.toString(), chainHash: head.chainHash });
    expect(isSignedBy(file!, (await loadPublicKey(config))!)).toBe(true);
    const lines = (await readFile(sealLogFile(config, file!.history), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).position)).toEqual([String(head.position - 2n), String(head.position)]);
    expect(alarms).toEqual([]);
  });

  it('R-SEC-5: anchors again within the interval as the history grows', async () => {
    const anchor = await startSealAnchor({ store, bus, sealConfig: config, intervalMs: 200, log });
    await append('a', 2);
    await waitForBucketAt((await headSeal(store))!.position);
    await anchor.stop();
  });

  it('R-SEC-5: N anchorers racing as the history grows never move an anchor back; the latest position wins', async () => {
    const anchorers = await Promise.all(Array.from({ length: 6 }, () => createSealAnchorer({ store, bus, config, log })));
    const writers = Array.from({ length: 3 }, async (_, i) => append(`s-${i}`, 20));
    await Promise.all([
      ...writers,
      ...anchorers.map(async (anchorer) => {
        for (let round = 0; round < 8; round++) await anchorer.anchor();
      }),
    ]);
    await anchorers[0]!.anchor();
    const head = (await headSeal(store))!;
    const { file, bucket } = await anchors();
    expect(bucket?.position).toBe(head.position.toString());
    expect(file?.position).toBe(head.position.toString());
    expect(alarms).toEqual([]);
    // Every value the bucket ever held (it keeps 64 per key), in order: never a step back.
    const kv = await createSealBucket(bus, 1);
    const revisions: bigint[] = [];
    for await (const entry of await kv.history({ key: `history.postgres.${store.schema}` }))
      revisions.push(BigInt(entry.json<SignedSeal>().position));
    expect(revisions).toEqual([...revisions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it.each([
    [
      'the sealed last event is deleted (tail cut)',
      (table: string, position: string) => sql`delete from ${sql.table(table)} where position = ${position}`,
    ],
    [
      'the chain hash at the sealed position is rewritten',
      (table: string, position: string) => sql`update ${sql.table(table)} set chain_hash = ${'f'.repeat(64)} where position = ${position}`,
    ],
  ])('R-SEC-5: when %s, the anchorer signs nothing more, raises the alarm, and the anchors keep the last good seal', async (_, tamper) => {
    await append('a', 3);
    const anchorer = await createSealAnchorer({ store, bus, config, log });
    const anchored = await anchorer.anchor();
    if (anchored.status !== 'anchored') throw new Error('first anchoring failed');
    await asSuperuser(tamper(`${store.schema}.events`, anchored.seal.position));
    await append('a', 1);
    expect(await anchorer.anchor()).toMatchObject({ status: 'refused', position: BigInt(anchored.seal.position) });
    expect(alarms.join('\n')).toMatch(/ALERT: .* no longer reaches its anchored seal/);
    expect(await anchors()).toEqual({ file: anchored.seal, bucket: anchored.seal });
  });

  it('R-SEC-5: replicas of the bucket come from NATS_REPLICAS', async () => {
    await append('a', 1);
    const anchor = await startSealAnchor({
      store,
      bus,
      sealConfig: sealConfigFromEnv({ DIGIT_DATA_DIR: dataDir, NATS_REPLICAS: '1' }),
      log,
    });
    await anchor.stop();
    const info = await bus.jsm.streams.info(`KV_${bus.streamName('DIGIT_HISTORY_SEALS')}`);
    expect(info.config.num_replicas).toBe(1);
    expect(() => sealConfigFromEnv({ NATS_REPLICAS: 'three' })).toThrow(/NATS_REPLICAS/);
  });
});
