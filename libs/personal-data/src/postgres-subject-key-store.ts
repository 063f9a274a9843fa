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
import { migratePersonIndex } from './person-index.js';
import { SubjectErasedError, type SubjectKeyStore } from './subject-key-store.js';

/**
 * The subject keys table and the person index beside it, in a schema of its own (`personal_data`) so that no service's read
 * models sit next to it. A destroyed key leaves a tombstone row (key null, erased_at set):
 * envelopes carry no key version, so a subject must never get a second key.
 */
export const migrateSubjectKeys = async (db: Database, schema: string): Promise<void> => {
  // Created by the owner once; a service's role, which may not create them, finds them there.
  const { rows } = await sql<{
    found: boolean;
  }>`select to_regclass(${`"${schema.replace(/"/g, '""')}".subject_keys`}) is not null as found`.execute(db);
  if (!rows[0]?.found) await createSubjectKeys(db, schema);
  await migratePersonIndex(db, schema);
};

const createSubjectKeys = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.subject_keys`)} (
    subject_id text primary key,
    key text,
    created_at timestamptz not null default now(),
    erased_at timestamptz,
    constraint subject_keys_key_or_tombstone check ((key is null) = (erased_at is not null))
  )`.execute(db);
};

/** The key-encryption key given does not open the keys the database holds. */
export class WrongKeyEncryptionKeyError extends Error {
  override readonly name = 'WrongKeyEncryptionKeyError';
}

/**
 * Subject keys in PostgreSQL, always wrapped (AES-256-GCM, bound to their subject) with a
 * key-encryption key kept outside the database, so that a dump or a backup of the database alone
 * opens nothing. Keys an earlier version stored in clear (base64) are still read, until
 * `wrapClearKeys` wraps them. `within(trx)` binds the store to a transaction, so a key created
 * for an append commits or rolls back with the events it sealed.
 */
export class PostgresSubjectKeyStore implements SubjectKeyStore {
  constructor(
    private readonly db: Database | DatabaseTransaction,
    readonly schema: string,
    private readonly keyEncryptionKey: SubjectKey,
  ) {}

  within(trx: DatabaseTransaction): PostgresSubjectKeyStore {
    return new PostgresSubjectKeyStore(trx, this.schema, this.keyEncryptionKey);
  }

  private get table() {
    return sql.table(`${this.schema}.subject_keys`);
  }

  private encode(key: SubjectKey, subjectId: string): string {
    return encryptField(Buffer.from(key).toString('base64'), this.keyEncryptionKey, subjectId);
  }

  // A wrapped key is bound to its subject (AAD): a key row copied onto another subject fails.
  private decode(stored: string, subjectId: string): SubjectKey {
    if (!isEncryptedField(stored)) return Buffer.from(stored, 'base64');
    if (subjectIdOf(stored) !== subjectId)
      throw new PersonalDataIntegrityError(`the key stored for ${subjectId} belongs to another subject`);
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
    const current = await sql<{ key: string | null }>`select key from ${this.table} where subject_id = ${subjectId} for update`.execute(
      this.db,
    );
    await sql`insert into ${this.table} (subject_id, key, erased_at) values (${subjectId}, null, now())
      on conflict (subject_id) do update set key = null, erased_at = coalesce(${this.table}.erased_at, now())`.execute(this.db);
    return Boolean(current.rows[0]?.key);
  }

  /**
   * Wraps the keys an earlier version stored in clear; run at every start (a migration of the
   * rows, in batches; a key another process wrapped meanwhile is left alone). Returns how many.
   */
  async wrapClearKeys(batchSize = 500): Promise<number> {
    let wrapped = 0;
    for (;;) {
      const { rows } = await sql<{ subject_id: string; key: string }>`select subject_id, key from ${this.table}
        where key is not null and key not like 'pd:v1:%' order by subject_id limit ${batchSize}`.execute(this.db);
      const clear = rows.filter((row) => !isEncryptedField(row.key));
      if (clear.length === 0) return wrapped;
      for (const row of clear) {
        const updated = await sql`update ${this.table} set key = ${this.encode(Buffer.from(row.key, 'base64'), row.subject_id)}
          where subject_id = ${row.subject_id} and key = ${row.key}`.execute(this.db);
        wrapped += Number(updated.numAffectedRows ?? 0);
      }
    }
  }

  /** Refuses a key-encryption key that does not open the wrapped keys already stored (one is tried). */
  async assertOpensStoredKeys(): Promise<void> {
    const { rows } = await sql<{ subject_id: string; key: string }>`select subject_id, key from ${this.table}
      where key like 'pd:v1:%' limit 1`.execute(this.db);
    const sample = rows[0];
    if (!sample || !isEncryptedField(sample.key)) return;
    try {
      this.decode(sample.key, sample.subject_id);
    } catch (cause) {
      throw new WrongKeyEncryptionKeyError(
        'la clé de chiffrement des clés (DIGIT_PERSONAL_DATA_KEK, ou personal-data.kek sous DIGIT_DATA_DIR) n’ouvre pas les clés enregistrées : est-ce la bonne ? ' +
          '/ the key-encryption key (DIGIT_PERSONAL_DATA_KEK, or personal-data.kek under DIGIT_DATA_DIR) does not open the stored keys: is it the right one?',
        { cause },
      );
    }
  }

  async isErased(subjectId: string): Promise<boolean> {
    return (await this.erasedAt(subjectId)) !== undefined;
  }

  /** When the subject was erased, or undefined if it never was. */
  async erasedAt(subjectId: string): Promise<Date | undefined> {
    const rows = await sql<{ erased_at: Date | null }>`select erased_at from ${this.table} where subject_id = ${subjectId}`.execute(
      this.db,
    );
    return rows.rows[0]?.erased_at ?? undefined;
  }
}
