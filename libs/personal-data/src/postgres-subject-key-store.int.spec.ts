import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import { generateSubjectKey, PersonalDataIntegrityError } from './field-envelope.js';
import { migrateSubjectKeys, PostgresSubjectKeyStore } from './postgres-subject-key-store.js';
import { SubjectErasedError } from './subject-key-store.js';

let database: TestDatabase;
let schema: string;

beforeEach(async () => {
  database = await createTestDatabase();
  schema = database.schema('personal_data');
  await migrateSubjectKeys(database.db, schema);
  await migrateSubjectKeys(database.db, schema);
});
afterEach(() => database.drop());

const storedKey = async (subjectId: string) =>
  (await sql<{ key: string | null }>`select key from ${sql.table(`${schema}.subject_keys`)} where subject_id = ${subjectId}`.execute(database.db)).rows[0]
    ?.key;

describe('PostgreSQL subject key store (R-GDPR-1 erasure, crypto-shredding)', () => {
  it('R-GDPR-1: creates one key per subject, even for concurrent first uses, and gives it back', async () => {
    const store = new PostgresSubjectKeyStore(database.db, schema);
    const keys = await Promise.all(Array.from({ length: 5 }, () => store.create('person-1')));
    for (const key of keys) expect(Buffer.from(key).equals(Buffer.from(keys[0]!))).toBe(true);
    expect(Buffer.from((await store.get('person-1'))!).equals(Buffer.from(keys[0]!))).toBe(true);
    expect(await store.get('person-2')).toBeUndefined();
  });

  it('R-GDPR-1: destroy deletes the key and leaves a tombstone: the subject never gets a key again', async () => {
    const store = new PostgresSubjectKeyStore(database.db, schema);
    await store.create('person-1');
    expect(await store.destroy('person-1')).toBe(true);
    expect(await storedKey('person-1')).toBeNull();
    expect(await store.get('person-1')).toBeUndefined();
    await expect(store.create('person-1')).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await store.destroy('person-1')).toBe(false);
    expect(await store.erasedAt('person-1')).toBeInstanceOf(Date);
  });

  it('R-GDPR-1: erasing a subject that never had a key still forbids one later', async () => {
    const store = new PostgresSubjectKeyStore(database.db, schema);
    expect(await store.destroy('person-9')).toBe(false);
    await expect(store.create('person-9')).rejects.toBeInstanceOf(SubjectErasedError);
  });

  it('R-GDPR-1: a key created inside a transaction that rolls back is gone with it', async () => {
    const store = new PostgresSubjectKeyStore(database.db, schema);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await store.within(trx).create('person-1');
        throw new Error('append refused');
      }),
    ).rejects.toThrow('append refused');
    expect(await store.get('person-1')).toBeUndefined();
  });

  it('R-GDPR-1: with a key-encryption key, keys are wrapped at rest and bound to their subject', async () => {
    const kek = generateSubjectKey();
    const store = new PostgresSubjectKeyStore(database.db, schema, kek);
    const key = await store.create('person-1');
    const atRest = (await storedKey('person-1'))!;
    expect(atRest).toMatch(/^pd:v1:person-1:/);
    expect(atRest).not.toContain(Buffer.from(key).toString('base64'));
    expect(Buffer.from((await store.get('person-1'))!).equals(Buffer.from(key))).toBe(true);
    await expect(new PostgresSubjectKeyStore(database.db, schema).get('person-1')).rejects.toThrow('key-encryption key');
    await sql`insert into ${sql.table(`${schema}.subject_keys`)} (subject_id, key) values ('person-2', ${atRest})`.execute(database.db);
    await expect(store.get('person-2')).rejects.toBeInstanceOf(PersonalDataIntegrityError);
  });
});
