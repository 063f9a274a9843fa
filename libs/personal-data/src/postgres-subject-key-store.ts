import { sql } from 'kysely';
import type { Database, DatabaseTransaction } from '@digit/event-store';
import {
  assertSubjectId,
  decryptField,
  encryptField,
  generateSubjectKey,
  isEncryptedField,
  PersonalDataIntegrityError,
  subjectIdOf,
  type SubjectKey,
} from './field-envelope.js';
import { SubjectErasedError, type SubjectKeyStore } from './subject-key-store.js';

/**
 * The subject keys table, in a schema of its own (`personal_data`) so that no service's read
 * models sit next to it. A destroyed key leaves a tombstone row (key null, erased_at set):
 * envelopes carry no key version, so a subject must never get a second key.
 */
export const migrateSubjectKeys = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.subject_keys`)} (
    subject_id text primary key,
    key text,
    created_at timestamptz not null default now(),
    erased_at timestamptz,
    constraint subject_keys_key_or_tombstone check ((key is null) = (erased_at is not null))
  )`.execute(db);
};

/**
 * Subject keys in PostgreSQL. Keys are stored base64, or wrapped (AES-256-GCM) with a
 * key-encryption key kept outside the database when one is given, so that a dump or a backup
 * of the database alone opens nothing. `within(trx)` binds the store to a transaction, so a key
 * created for an append commits or rolls back with the events it sealed.
 */
export class PostgresSubjectKeyStore implements SubjectKeyStore {
  constructor(
    private readonly db: Database | DatabaseTransaction,
    readonly schema: string,
    private readonly keyEncryptionKey?: SubjectKey,
  ) {}

  within(trx: DatabaseTransaction): PostgresSubjectKeyStore {
    return new PostgresSubjectKeyStore(trx, this.schema, this.keyEncryptionKey);
  }

  private get table() {
    return sql.table(`${this.schema}.subject_keys`);
  }

  private encode(key: SubjectKey, subjectId: string): string {
    const base64 = Buffer.from(key).toString('base64');
    return this.keyEncryptionKey ? encryptField(base64, this.keyEncryptionKey, subjectId) : base64;
  }

  // A wrapped key is bound to its subject (AAD): a key row copied onto another subject fails.
  private decode(stored: string, subjectId: string): SubjectKey {
    if (!isEncryptedField(stored)) return Buffer.from(stored, 'base64');
    if (!this.keyEncryptionKey) throw new Error('subject keys are wrapped: the key-encryption key is required to read them');
    if (subjectIdOf(stored) !== subjectId) throw new PersonalDataIntegrityError(`the key stored for ${subjectId} belongs to another subject`);
    return Buffer.from(decryptField(stored, this.keyEncryptionKey), 'base64');
  }

  async get(subjectId: string): Promise<SubjectKey | undefined> {
    const rows = await sql<{ key: string | null }>`select key from ${this.table} where subject_id = ${subjectId}`.execute(this.db);
    const stored = rows.rows[0]?.key;
    return stored ? this.decode(stored, subjectId) : undefined;
  }

  async create(subjectId: string): Promise<SubjectKey> {
    assertSubjectId(subjectId);
    const fresh = generateSubjectKey();
    // A concurrent creator of the same subject wins or waits: both end up reading one key.
    await sql`insert into ${this.table} (subject_id, key) values (${subjectId}, ${this.encode(fresh, subjectId)})
      on conflict (subject_id) do nothing`.execute(this.db);
    const rows = await sql<{ key: string | null }>`select key from ${this.table} where subject_id = ${subjectId}`.execute(this.db);
    const stored = rows.rows[0]?.key;
    if (!stored) throw new SubjectErasedError(subjectId);
    return this.decode(stored, subjectId);
  }

  async destroy(subjectId: string): Promise<boolean> {
    assertSubjectId(subjectId);
    const current = await sql<{ key: string | null }>`select key from ${this.table} where subject_id = ${subjectId} for update`.execute(this.db);
    await sql`insert into ${this.table} (subject_id, key, erased_at) values (${subjectId}, null, now())
      on conflict (subject_id) do update set key = null, erased_at = coalesce(${this.table}.erased_at, now())`.execute(this.db);
    return Boolean(current.rows[0]?.key);
  }

  /** When the subject was erased, or undefined if it never was. */
  async erasedAt(subjectId: string): Promise<Date | undefined> {
    const rows = await sql<{ erased_at: Date | null }>`select erased_at from ${this.table} where subject_id = ${subjectId}`.execute(this.db);
    return rows.rows[0]?.erased_at ?? undefined;
  }
}
