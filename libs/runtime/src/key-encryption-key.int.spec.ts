import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createEventStore, migrateEventStore } from '@digit/event-store';
import {
  decryptField,
  encryptField,
  generateSubjectKey,
  isEncryptedField,
  migrateSubjectKeys,
  PostgresSubjectKeyStore,
  sealPersonalData,
  type SubjectKey,
} from '@digit/personal-data';
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from '@digit/testing';
import { KEY_ENCRYPTION_KEY_FILE, resolveKeyEncryptionKey } from './key-encryption-key.js';
import { serviceConfigFromEnv } from './service-config.js';
import { openServiceInfra } from './service-infra.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'digit-kek-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('the key-encryption key is never beside the data (issue 18, R-SEC-5)', () => {
  it('R-SEC-5: in development it is generated once under DIGIT_DATA_DIR (mode 0600), the same for services starting together', async () => {
    const config = serviceConfigFromEnv({ DIGIT_DATA_DIR: dataDir });
    const keys = await Promise.all(Array.from({ length: 6 }, () => resolveKeyEncryptionKey(config)));
    expect(new Set(keys.map((key) => Buffer.from(key).toString('hex'))).size).toBe(1);
    expect(keys[0]).toHaveLength(32);
    const file = join(dataDir, KEY_ENCRYPTION_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64').equals(Buffer.from(keys[0]!))).toBe(true);
    expect(Buffer.from(await resolveKeyEncryptionKey(config)).equals(Buffer.from(keys[0]!))).toBe(true);
  });

  it('R-SEC-5: DIGIT_PERSONAL_DATA_KEK wins, and no file is written', async () => {
    const given = randomBytes(32);
    const key = await resolveKeyEncryptionKey(
      serviceConfigFromEnv({ DIGIT_DATA_DIR: dataDir, DIGIT_PERSONAL_DATA_KEK: given.toString('base64') }),
    );
    expect(Buffer.from(key).equals(given)).toBe(true);
    await expect(stat(join(dataDir, KEY_ENCRYPTION_KEY_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('R-SEC-5: in production (DIGIT_ENV=production) it is required, in French and English', async () => {
    const config = serviceConfigFromEnv({ DIGIT_DATA_DIR: dataDir, DIGIT_ENV: 'production' });
    await expect(resolveKeyEncryptionKey(config)).rejects.toThrow(
      /DIGIT_PERSONAL_DATA_KEK est obligatoire en production.*DIGIT_PERSONAL_DATA_KEK is required in production/,
    );
    await expect(stat(join(dataDir, KEY_ENCRYPTION_KEY_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => serviceConfigFromEnv({ DIGIT_ENV: 'prod' })).toThrow(/DIGIT_ENV must be production or development/);
  });

  it('R-SEC-5: a key file others can read is refused', async () => {
    const config = serviceConfigFromEnv({ DIGIT_DATA_DIR: dataDir });
    await resolveKeyEncryptionKey(config);
    await chmod(join(dataDir, KEY_ENCRYPTION_KEY_FILE), 0o644);
    await expect(resolveKeyEncryptionKey(config)).rejects.toThrow(/chmod 600/);
  });
});

describe('a dump of the database alone decrypts nothing (issue 18, R-GDPR-1, R-SEC-5)', () => {
  let database: TestDatabase;
  let nats: TestNats;
  beforeEach(async () => {
    database = await createTestDatabase();
    nats = await createTestNats();
  });
  afterEach(async () => {
    await nats.close();
    await database.drop();
  });

  /** Every 32-byte candidate a thief could take from a stored key text: its base64, and the base64 parts of an envelope. */
  const candidateKeys = (stored: string): SubjectKey[] =>
    [stored, ...stored.split(':')].map((part) => Buffer.from(part, 'base64')).filter((bytes) => bytes.length === 32);

  it('R-SEC-5: keys an earlier version stored in clear are wrapped on start; no key of the dump opens an envelope of the dump', async () => {
    const storeSchema = database.schema('event_store');
    const keysSchema = database.schema('personal_data');
    // The earlier version: keys in clear in personal_data.subject_keys, events sealed with them.
    await migrateEventStore(database.db, storeSchema);
    await migrateSubjectKeys(database.db, keysSchema);
    const clearKeys = new Map([
      ['p-1', generateSubjectKey()],
      ['p-2', generateSubjectKey()],
    ]);
    for (const [subjectId, key] of clearKeys) {
      await sql`insert into ${sql.table(`${keysSchema}.subject_keys`)} (subject_id, key) values (${subjectId}, ${Buffer.from(key).toString('base64')})`.execute(
        database.db,
      );
    }
    const legacyKeys = {
      get: async (id: string) => clearKeys.get(id),
      create: async (id: string) => clearKeys.get(id)!,
      destroy: async () => false,
      isErased: async () => false,
    };
    const earlier = createEventStore({ db: database.db, schema: storeSchema });
    for (const [subjectId] of clearKeys) {
      const data = await sealPersonalData(
        { person: { personId: subjectId, name: `Nom ${subjectId}`, email: `${subjectId}@example.fr` } },
        ['person.name', 'person.email'],
        subjectId,
        legacyKeys,
      );
      await earlier.append(`convention-${subjectId}`, 'no_stream', [{ type: 'ContactAssigned', data }]);
    }

    const dump = async () => ({
      keyRows: (
        await sql<{ subject_id: string; key: string }>`select subject_id, key from ${sql.table(`${keysSchema}.subject_keys`)}`.execute(
          database.db,
        )
      ).rows,
      envelopes: (
        await sql<{ data: string }>`select data::text as data from ${sql.table(`${storeSchema}.events`)}`.execute(database.db)
      ).rows.flatMap((row) => row.data.match(/pd:v1:[^"]+/g) ?? []),
    });
    const opens = (envelope: string, key: SubjectKey) => {
      try {
        decryptField(envelope, key);
        return true;
      } catch {
        return false;
      }
    };
    // Before the start, the dump alone opens the e-mails: what issue 18 found.
    const before = await dump();
    expect(
      before.envelopes.some((envelope) => before.keyRows.some((row) => candidateKeys(row.key).some((key) => opens(envelope, key)))),
    ).toBe(true);

    const config = {
      databaseUrl: database.url,
      natsUrl: nats.url,
      natsNamespace: nats.namespace,
      schemaPrefix: database.prefix,
      port: 0,
      dataDir,
    };
    const infra = await openServiceInfra(config, 'conventions');
    try {
      // A new person after the start is wrapped from the first.
      await infra.store.append('convention-p-3', 'no_stream', [
        { type: 'ContactAssigned', data: { person: { personId: 'p-3', name: 'Nom p-3', email: 'p-3@example.fr' } } },
      ]);
      expect((await infra.store.readStream('convention-p-1'))[0]!.data).toEqual({
        person: { personId: 'p-1', name: 'Nom p-1', email: 'p-1@example.fr' },
      });
    } finally {
      await infra.close();
    }

    // The dump: the key table and the events, nothing else.
    const { keyRows, envelopes } = await dump();
    expect(keyRows).toHaveLength(3);
    expect(envelopes).toHaveLength(6);
    for (const row of keyRows) {
      expect(isEncryptedField(row.key)).toBe(true);
      for (const key of clearKeys.values()) expect(row.key).not.toContain(Buffer.from(key).toString('base64'));
    }
    for (const envelope of envelopes) expect(keyRows.some((row) => candidateKeys(row.key).some((key) => opens(envelope, key)))).toBe(false);
    // The table alone, read with any key-encryption key but the one outside the database, opens no key.
    const thief = new PostgresSubjectKeyStore(database.db, keysSchema, generateSubjectKey());
    for (const row of keyRows) await expect(thief.get(row.subject_id)).rejects.toThrow();
    // With it (the file under DIGIT_DATA_DIR), everything opens.
    const owner = new PostgresSubjectKeyStore(database.db, keysSchema, await resolveKeyEncryptionKey(config));
    expect(decryptField(envelopes[0]!, (await owner.get(envelopes[0]!.split(':')[2]!))!)).toMatch(/Nom p-|@example\.fr/);
    expect(encryptField('x', (await owner.get('p-1'))!, 'p-1')).toMatch(/^pd:v1:p-1:/);
  });
});
