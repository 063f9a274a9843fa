import type { DomainEvent, StoredEvent } from '@digit/contracts';
import type { Database, PersonalDataHook } from '@digit/event-store';
import { sealFreeText } from './free-text.js';
import type { PersonalDataCatalogue, PersonalDataFieldsOfEvent } from './personal-data-fields.js';
import { holdsEnvelope, mapAtPath, openPersonalData, sealPersonalData } from './personal-data-seal.js';
import { PersonIndex, type PersonIdentifiers } from './person-index.js';
import { migrateSubjectKeys, PostgresSubjectKeyStore } from './postgres-subject-key-store.js';

/** An event of a type that holds personal data came without the id of its person. */
export class MissingDataSubjectError extends Error {
  override readonly name = 'MissingDataSubjectError';
}

const valueAt = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (current, segment) => (typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[segment] : undefined),
      value,
    );

/**
 * The event store's personal-data hook over a PostgreSQL key store: seals the catalogue's
 * fields with the subject's key inside the append's transaction, opens envelopes on read
 * (ERASED once the key is destroyed). Reading never throws on what an event holds: a text that
 * only looks like an envelope (anyone may send one) is read as the text it is.
 * Free texts are sealed span by span, each person's under their key (the person index names the
 * subject, in the same transaction), and stay sealed on read: read models keep them sealed, and
 * a service opens them only in the replies it sends (`openSealedTexts`).
 */
export const personalDataHook = (
  keyStore: PostgresSubjectKeyStore,
  catalogue: PersonalDataCatalogue,
  personIndex?: PersonIndex,
): PersonalDataHook => ({
  async seal(event: DomainEvent, trx) {
    const fields = catalogue[event.type];
    if (!fields) return event;
    const keys = keyStore.within(trx);
    let data = event.data;
    const paths = fields.paths ?? [];
    if (fields.subjectIdPath && paths.length > 0) {
      const subjectId = valueAt(data, fields.subjectIdPath);
      if (typeof subjectId !== 'string' || subjectId === '') {
        const holdsPersonalData = paths.some((path) => !path.includes('*') && valueAt(data, path) != null);
        if (holdsPersonalData)
          throw new MissingDataSubjectError(`${event.type}: personal data without a subject id at ${fields.subjectIdPath}`);
      } else {
        if (fields.identifiers && personIndex)
          await personIndex.within(trx).record(subjectId, identifiersAt(data, fields.identifiers), event.type);
        data = await sealPersonalData(data, paths, subjectId, keys);
      }
    }
    for (const path of fields.freeText ?? []) {
      data = await mapAtPath(data, path.split('.'), async (value) => {
        if (typeof value !== 'string') return value;
        const sealed = await sealFreeText(
          value,
          async (person) => {
            if (!personIndex) throw new Error(`${event.type}: free text to seal without a person index`);
            return (await personIndex.within(trx).subjectFor(person.identifiers, event.type))!;
          },
          keys,
          async (candidates) => (personIndex ? personIndex.within(trx).knownNames(candidates) : new Set()),
        );
        return sealed.text;
      });
    }
    return data === event.data ? event : { ...event, data };
  },
  async open(event: StoredEvent, trx) {
    const keys = trx ? keyStore.within(trx) : keyStore;
    return holdsEnvelope(event.data) ? { ...event, data: await openPersonalData(event.data, keys, { unreadable: 'keep' }) } : event;
  },
});

const identifiersAt = (data: unknown, paths: NonNullable<PersonalDataFieldsOfEvent['identifiers']>): PersonIdentifiers => {
  const text = (path: string | undefined) => {
    const value = path === undefined ? undefined : valueAt(data, path);
    return typeof value === 'string' ? value : undefined;
  };
  return { name: text(paths.name), email: text(paths.email), phone: text(paths.phone) };
};

export interface PersonalDataProtection {
  readonly keyStore: PostgresSubjectKeyStore;
  /** Which subject a person's e-mail, phone or name belongs to (keyed hashes only). */
  readonly personIndex: PersonIndex;
  /** To pass to `createEventStore({ personalData })`. */
  readonly hook: PersonalDataHook;
}

/**
 * Creates the key table if needed (schema `personal_data`, prefixed in tests) and the hook.
 * `keyEncryptionKey`: 32 bytes kept outside the database, to wrap the subject keys at rest
 * (libs/runtime's resolveKeyEncryptionKey finds it).
 */
export const openPersonalDataProtection = async (options: {
  db: Database;
  schema: string;
  catalogue: PersonalDataCatalogue;
  keyEncryptionKey: Uint8Array;
}): Promise<PersonalDataProtection> => {
  await migrateSubjectKeys(options.db, options.schema);
  const keyStore = new PostgresSubjectKeyStore(options.db, options.schema, options.keyEncryptionKey);
  const personIndex = new PersonIndex(options.db, options.schema, options.keyEncryptionKey);
  return { keyStore, personIndex, hook: personalDataHook(keyStore, options.catalogue, personIndex) };
};

/** The key-encryption key from its base64 text (e.g. `DIGIT_PERSONAL_DATA_KEK`); undefined when unset. */
export const keyEncryptionKeyFromBase64 = (text: string | undefined): Uint8Array | undefined => {
  if (!text) return undefined;
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new RangeError(`the key-encryption key must be 32 bytes in base64, got ${key.length} bytes`);
  return key;
};
