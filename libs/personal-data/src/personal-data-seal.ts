import {
  decryptField,
  encryptField,
  isEncryptedField,
  PersonalDataIntegrityError,
  subjectIdOf,
  type SubjectKey,
} from './field-envelope.js';
import type { SubjectKeyStore } from './subject-key-store.js';

/** What an erased field reads as, in replays and read models. */
export const ERASED = 'pd:erased';

export const isErased = (value: unknown): value is typeof ERASED => value === ERASED;

type Leaf = (value: unknown) => Promise<unknown>;

/**
 * Applies `leaf` at one path of a JSON value, returning a copy. Paths are dotted:
 * `contact.email`, `people.*.name` (`*` = every array element or object property),
 * `people.0.name`. A path that does not exist is left alone (optional fields).
 */
const mapAtPath = async (value: unknown, segments: readonly string[], leaf: Leaf): Promise<unknown> => {
  const [head, ...rest] = segments;
  if (head === undefined) return leaf(value);
  if (Array.isArray(value)) {
    if (head === '*') return Promise.all(value.map((item) => mapAtPath(item, rest, leaf)));
    const index = Number(head);
    if (!Number.isInteger(index) || index < 0 || index >= value.length) return value;
    const copy = [...value];
    copy[index] = await mapAtPath(value[index], rest, leaf);
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = head === '*' ? Object.keys(record) : Object.hasOwn(record, head) ? [head] : [];
    if (keys.length === 0) return value;
    const copy: Record<string, unknown> = { ...record };
    for (const key of keys) copy[key] = await mapAtPath(record[key], rest, leaf);
    return copy;
  }
  return value;
};

/**
 * Encrypts the values found at `paths` of an event's data with the subject's key (created on
 * first use). Values are JSON-encoded first, so numbers and objects survive the round trip.
 * Null, absent, already sealed and erased values are left as they are. Never mutates `data`.
 */
export const sealPersonalData = async <T>(
  data: T,
  paths: readonly string[],
  subjectId: string,
  keyStore: SubjectKeyStore,
): Promise<T> => {
  let key: SubjectKey | undefined;
  const seal: Leaf = async (value) => {
    if (value === undefined || value === null || isEncryptedField(value) || isErased(value)) return value;
    key ??= await keyStore.create(subjectId);
    return encryptField(JSON.stringify(value), key, subjectId);
  };
  let sealed: unknown = data;
  for (const path of paths) sealed = await mapAtPath(sealed, path.split('.'), seal);
  return sealed as T;
};

const parseSealed = (plaintext: string): unknown => {
  try {
    return JSON.parse(plaintext) as unknown;
  } catch (cause) {
    throw new PersonalDataIntegrityError('envelope was not written by sealPersonalData', { cause });
  }
};

/**
 * Decrypts every envelope anywhere in `data`. A subject whose key is gone reads as ERASED and
 * never throws; an envelope that fails authentication throws PersonalDataIntegrityError.
 */
export const openPersonalData = async <T>(data: T, keyStore: SubjectKeyStore): Promise<T> => {
  const keys = new Map<string, SubjectKey | undefined>();
  const keyOf = async (subjectId: string): Promise<SubjectKey | undefined> => {
    if (!keys.has(subjectId)) keys.set(subjectId, await keyStore.get(subjectId));
    return keys.get(subjectId);
  };
  const open = async (value: unknown): Promise<unknown> => {
    if (isEncryptedField(value)) {
      const key = await keyOf(subjectIdOf(value));
      return key ? parseSealed(decryptField(value, key)) : ERASED;
    }
    if (Array.isArray(value)) return Promise.all(value.map(open));
    if (typeof value === 'object' && value !== null) {
      const entries = await Promise.all(
        Object.entries(value).map(async ([name, item]) => [name, await open(item)] as const),
      );
      return Object.fromEntries(entries);
    }
    return value;
  };
  return (await open(data)) as T;
};
