import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import { generateSubjectKey, PersonalDataIntegrityError } from './field-envelope.js';
import { migrateSubjectKeys, PostgresSubjectKeyStore, WrongKeyEncryptionKeyError } from './postgres-subject-key-store.js';
import { SubjectErasedError } from './subject-key-store.js';

let database: TestDatabase;
let schema: string;
const kek = generateSubjectKey();

beforeEach(async () => {
  database = await createTestDatabase();
  schema = database.schema('personal_data');
  await migrateSubjectKeys(database.db, schema);
  await migrateSubjectKeys(database.db, schema);
});
afterEach(() => database.drop());

const storedKey = async (subjectId: string) =>
  (
    await sql<{ key: string | null }>`select key from ${sql.table(`${schema}.subject_keys`)} where subject_id = ${subjectId}`.execute(
      database.db,
    )
  ).rows[0]?.key;

describe('PostgreSQL subject key store (R-GDPR-1 erasure, crypto-shredding)', () => {
  it('R-GDPR-1: creates one key per subject, even for concurrent first uses, and gives it back', async () => {
    const store = new PostgresSubjectKeyStore(database.db, schema, kek);
    const keys = await Promise.all(Array.from({ length: 5 }, () => store.create('person-1')));
    for (const key of keys) expect(Buffer.from(key).equals(Buffer.from(keys[0]!))).toBe(true);
    expect(Buffer.from((await store.get('person-1'))!).equals(Buffer.from(keys[0]!))).toBe(true);
    expect(await store.get('person-2')).toBeUndefined();
  });

  it('R-GDPR-1: destroy deletes the key and leaves a tombstone: the subject never gets a key again', async () => {
    const store = new PostgresSubjectKeyStore(database.db, schema, kek);
    await store.create('person-1');
    expect(await store.destroy('person-1')).toBe(true);
    expect(await storedKey('person-1')).toBeNull();
    expect(await store.get('person-1')).toBeUndefined();
    await expect(store.create('person-1')).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await store.destroy('person-1')).toBe(false);
    expect(await store.erasedAt('person-1')).toBeInstanceOf(Date);
  });

  it('R-GDPR-1: erasing a subject that never had a key still forbids one later', async () => {
    const store = new PostgresSubjectKeyStore(database.db, schema, kek);
    expect(await store.destroy('person-9')).toBe(false);
    await expect(store.create('person-9')).rejects.toBeInstanceOf(SubjectErasedError);
  });

  it('R-GDPR-1: a key created inside a transaction that rolls back is gone with it', async () => {
    const store = new PostgresSubjectKeyStore(database.db, schema, kek);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await store.within(trx).create('person-1');
        throw new Error('append refused');
      }),
    ).rejects.toThrow('append refused');
    expect(await store.get('person-1')).toBeUndefined();
  });

  it('R-GDPR-1, R-SEC-5: keys are wrapped at rest with the key-encryption key and bound to their subject', async () => {
    const store = new PostgresSubjectKeyStore(database.db, schema, kek);
    const key = await store.create('person-1');
    const atRest = (await storedKey('person-1'))!;
    expect(atRest).toMatch(/^pd:v1:person-1:/);
    expect(atRest).not.toContain(Buffer.from(key).toString('base64'));
    expect(Buffer.from((await store.get('person-1'))!).equals(Buffer.from(key))).toBe(true);
    await expect(new PostgresSubjectKeyStore(database.db, schema, generateSubjectKey()).get('person-1')).rejects.toBeInstanceOf(
      PersonalDataIntegrityError,
    );
    await sql`insert into ${sql.table(`${schema}.subject_keys`)} (subject_id, key) values ('person-2', ${atRest})`.execute(database.db);
    await expect(store.get('person-2')).rejects.toBeInstanceOf(PersonalDataIntegrityError);
  });

  it('R-SEC-5: keys an earlier version stored in clear are wrapped on start, once, and still open', async () => {
    const clear = generateSubjectKey();
    const table = sql.table(`${schema}.subject_keys`);
    await sql`insert into ${table} (subject_id, key) values ('person-1', ${Buffer.from(clear).toString('base64')})`.execute(database.db);
    await sql`insert into ${table} (subject_id, key, erased_at) values ('person-2', null, now())`.execute(database.db);
    const store = new PostgresSubjectKeyStore(database.db, schema, kek);
    const [first, second] = await Promise.all([store.wrapClearKeys(1), store.wrapClearKeys(1)]);
    expect(first! + second!).toBe(1);
    expect(await storedKey('person-1')).toMatch(/^pd:v1:person-1:/);
    expect(Buffer.from((await store.get('person-1'))!).equals(Buffer.from(clear))).toBe(true);
    expect(await store.wrapClearKeys()).toBe(0);
  });

  it('R-SEC-5: a key-encryption key that does not open the stored keys is refused before anything runs', async () => {
    await new PostgresSubjectKeyStore(database.db, schema, kek).create('person-1');
    await expect(new PostgresSubjectKeyStore(database.db, schema, kek).assertOpensStoredKeys()).resolves.toBeUndefined();
    await expect(new PostgresSubjectKeyStore(database.db, schema, generateSubjectKey()).assertOpensStoredKeys()).rejects.toBeInstanceOf(
      WrongKeyEncryptionKeyError,
    );
  });
});
