import { createHmac, hkdfSync, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database, DatabaseTransaction } from '@digit/event-store';

/**
 * The person index (issue 15): which data subject a person's identifiers belong to, so that the
 * same person found twice (a contact, then a name in a support request) shares one key, and the
 * DPD finds every piece of data about a person by e-mail, phone or name. Identifiers are kept
 * only as keyed hashes (HMAC-SHA-256 under a key derived from the key-encryption key, which
 * never enters the database): a dump of the index opens nothing and cannot be searched by
 * guessing without that key.
 */
export type PersonIdentifierKind = 'email' | 'phone' | 'name';

export const PERSON_IDENTIFIER_KINDS: readonly PersonIdentifierKind[] = ['email', 'phone', 'name'];

export interface PersonIdentifiers {
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly name?: string | null;
}

export interface PersonIndexMatch {
  readonly subjectId: string;
  readonly kind: PersonIdentifierKind;
  /** Where it was seen: the event type (or read model) that holds it. */
  readonly source: string;
  readonly firstSeen: Date;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * A phone number in E.164, French numbers first: `06 12 34 56 78`, `06.12.34.56.78`,
 * `+33 (0)6 12 34 56 78` and `0033612345678` all read `+33612345678`. Other international
 * numbers keep their country code; what is not a phone number reads as its digits.
 */
export const normalizePhone = (phone: string): string => {
  const compact = phone
    .trim()
    .replace(/\(0\)/g, '')
    .replace(/[^\d+]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (international.startsWith('+')) return `+${international.slice(1).replace(/\+/g, '')}`;
  if (/^0[1-9]\d{8}$/.test(international)) return `+33${international.slice(1)}`;
  return international;
};

/**
 * A person's name however written: case, accents, hyphens, apostrophes, extra spaces and the
 * order of first and last names do not matter (`Marie-Hélène DUPONT` = `dupont marie helene`).
 * Civilities are dropped (`Mme Dupont` = `Dupont`).
 */
export const normalizeName = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '' && !CIVILITIES.has(word))
    .sort()
    .join(' ');

const CIVILITIES = new Set(['m', 'mm', 'mme', 'mmes', 'mlle', 'monsieur', 'madame', 'mademoiselle', 'dr', 'docteur', 'me', 'maitre']);

const NORMALIZERS: Readonly<Record<PersonIdentifierKind, (value: string) => string>> = {
  email: normalizeEmail,
  phone: normalizePhone,
  name: normalizeName,
};

/** The index's own key, derived from the key-encryption key (HKDF-SHA-256), never stored. */
export const personIndexKeyOf = (keyEncryptionKey: Uint8Array): Buffer =>
  Buffer.from(hkdfSync('sha256', keyEncryptionKey, Buffer.from('digit-person-index'), Buffer.from('person-index:hmac-sha256:v1'), 32));

/**
 * The index hash of one identifier, as stored in every service's index (all share the
 * key-encryption key): for callers that search across services. Empty after normalisation: undefined.
 */
export const personIndexHashOf = (kind: PersonIdentifierKind, value: string, keyEncryptionKey: Uint8Array): string | undefined => {
  const normalized = NORMALIZERS[kind](value);
  if (normalized === '') return undefined;
  return createHmac('sha256', personIndexKeyOf(keyEncryptionKey)).update(`${kind}:${normalized}`).digest('base64url');
};

/**
 * Creates the index table beside `subject_keys` (its migration helper calls this). One row per
 * identifier and place seen: the hash, its kind, the subject it belongs to, where and since when.
 */
export const migratePersonIndex = async (db: Database | DatabaseTransaction, schema: string): Promise<void> => {
  const { rows } = await sql<{
    found: boolean;
  }>`select to_regclass(${`"${schema.replace(/"/g, '""')}".person_index`}) is not null as found`.execute(db);
  if (rows[0]?.found) return;
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.person_index`)} (
    hash text not null,
    kind text not null check (kind in ('email', 'phone', 'name')),
    subject_id text not null,
    source text not null,
    first_seen timestamptz not null default now(),
    primary key (hash, kind, source, subject_id)
  )`.execute(db);
  await sql`create index if not exists person_index_subject on ${sql.table(`${schema}.person_index`)} (subject_id)`.execute(db);
};

interface IndexRow {
  hash: string;
  kind: PersonIdentifierKind;
  subject_id: string;
  source: string;
  first_seen: Date;
}

/** A new opaque subject id for a person first found through the index (never built from what identifies them). */
const newSubjectId = (): string => `p-${randomUUID()}`;

/**
 * The person index of one schema (`personal_data`, prefixed in tests). `within(trx)` binds it to
 * a transaction, so an index row commits or rolls back with the events it sealed.
 */
export class PersonIndex {
  private readonly key: Buffer;

  constructor(
    private readonly db: Database | DatabaseTransaction,
    readonly schema: string,
    private readonly keyEncryptionKey: Uint8Array,
  ) {
    this.key = personIndexKeyOf(keyEncryptionKey);
  }

  within(trx: DatabaseTransaction): PersonIndex {
    return new PersonIndex(trx, this.schema, this.keyEncryptionKey);
  }

  private get table() {
    return sql.table(`${this.schema}.person_index`);
  }

  private get keysTable() {
    return sql.table(`${this.schema}.subject_keys`);
  }

  private hashesOf(identifiers: PersonIdentifiers): { kind: PersonIdentifierKind; hash: string }[] {
    const hashes: { kind: PersonIdentifierKind; hash: string }[] = [];
    for (const kind of PERSON_IDENTIFIER_KINDS) {
      const value = identifiers[kind];
      if (typeof value !== 'string') continue;
      const normalized = NORMALIZERS[kind](value);
      if (normalized !== '')
        hashes.push({ kind, hash: createHmac('sha256', this.key).update(`${kind}:${normalized}`).digest('base64url') });
    }
    return hashes;
  }

  /**
   * The subject of the person these identifiers name: the one any of them was already seen with
   * (the earliest, if they were seen with several), else a new one; every identifier is then
   * recorded for it at `source`. Subjects erased since are not reused (their key is gone for good):
   * the person, seen again, starts a new subject. Holds a transaction lock per identifier, so two
   * appends naming the same new person at once share one subject. Undefined when no identifier is given.
   */
  async subjectFor(identifiers: PersonIdentifiers, source: string, trx?: DatabaseTransaction): Promise<string | undefined> {
    const db = trx ?? this.db;
    const hashes = this.hashesOf(identifiers);
    if (hashes.length === 0) return undefined;
    for (const { kind, hash } of [...hashes].sort((left, right) => left.hash.localeCompare(right.hash))) {
      await sql`select pg_advisory_xact_lock(hashtext(${`person-index:${kind}:${hash}`}))`.execute(db);
    }
    const known = await sql<{ subject_id: string }>`select i.subject_id from ${this.table} i
      left join ${this.keysTable} k on k.subject_id = i.subject_id
      where (i.hash, i.kind) in (${sql.join(hashes.map(({ hash, kind }) => sql`(${hash}, ${kind})`))}) and k.erased_at is null
      order by i.first_seen, i.subject_id limit 1`.execute(db);
    const subjectId = known.rows[0]?.subject_id ?? newSubjectId();
    for (const { kind, hash } of hashes) {
      await sql`insert into ${this.table} (hash, kind, subject_id, source) values (${hash}, ${kind}, ${subjectId}, ${source})
        on conflict do nothing`.execute(db);
    }
    return subjectId;
  }

  /** Which of these names the index already holds for a person not erased (a name found again in a free text). */
  async knownNames(names: readonly string[]): Promise<Set<string>> {
    const hashes = new Map<string, string>();
    for (const name of names) {
      const [entry] = this.hashesOf({ name });
      if (entry) hashes.set(entry.hash, name);
    }
    if (hashes.size === 0) return new Set();
    const { rows } = await sql<{ hash: string }>`select distinct i.hash from ${this.table} i
      left join ${this.keysTable} k on k.subject_id = i.subject_id
      where i.kind = 'name' and i.hash in (${sql.join([...hashes.keys()])}) and k.erased_at is null`.execute(this.db);
    return new Set(rows.map((row) => hashes.get(row.hash)!));
  }

  /** Records identifiers of a person whose subject is already known (a contact with its own id). */
  async record(subjectId: string, identifiers: PersonIdentifiers, source: string): Promise<void> {
    for (const { kind, hash } of this.hashesOf(identifiers)) {
      await sql`insert into ${this.table} (hash, kind, subject_id, source) values (${hash}, ${kind}, ${subjectId}, ${source})
        on conflict do nothing`.execute(this.db);
    }
  }

  /** Everything the index holds for these identifiers (any of them): subject, kind, where, first seen. */
  async find(identifiers: PersonIdentifiers): Promise<PersonIndexMatch[]> {
    const hashes = this.hashesOf(identifiers);
    if (hashes.length === 0) return [];
    return this.findHashes(hashes);
  }

  /** The same, from hashes computed elsewhere (`personIndexHashOf`). */
  async findHashes(hashes: readonly { kind: PersonIdentifierKind; hash: string }[]): Promise<PersonIndexMatch[]> {
    if (hashes.length === 0) return [];
    const { rows } = await sql<IndexRow>`select hash, kind, subject_id, source, first_seen from ${this.table}
      where (hash, kind) in (${sql.join(hashes.map(({ hash, kind }) => sql`(${hash}, ${kind})`))})
      order by first_seen, subject_id, kind, source`.execute(this.db);
    return rows.map((row) => ({ subjectId: row.subject_id, kind: row.kind, source: row.source, firstSeen: row.first_seen }));
  }

  /** Every identifier recorded for a subject (kind, where, first seen), e.g. for a subject access export. */
  async entriesOf(subjectId: string): Promise<PersonIndexMatch[]> {
    const { rows } = await sql<IndexRow>`select hash, kind, subject_id, source, first_seen from ${this.table}
      where subject_id = ${subjectId} order by first_seen, kind, source`.execute(this.db);
    return rows.map((row) => ({ subjectId: row.subject_id, kind: row.kind, source: row.source, firstSeen: row.first_seen }));
  }
}
