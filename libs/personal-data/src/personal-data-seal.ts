import {
  decryptField,
  encryptField,
  isEncryptedField,
  PersonalDataIntegrityError,
  subjectIdOf,
  type SubjectKey,
} from './field-envelope.js';
import { jsonText } from '@digit/event-store';
import type { SubjectKeyStore } from './subject-key-store.js';

/** What an erased field reads as, in replays and read models. */
export const ERASED = 'pd:erased';

export const isErased = (value: unknown): value is typeof ERASED => value === ERASED;

export type Leaf = (value: unknown) => Promise<unknown>;

/** Sets a property as data, even `__proto__` (JSON's own key, which an assignment would not set). */
const setOwn = (record: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
};

/**
 * Applies `leaf` at one path of a JSON value, returning a copy. Paths are dotted:
 * `contact.email`, `people.*.name` (`*` = every array element or object property),
 * `people.0.name`. A path that does not exist is left alone (optional fields). It recurses
 * along the path's segments only (the catalogue's few), never into the data below them.
 */
export const mapAtPath = async (value: unknown, segments: readonly string[], leaf: Leaf): Promise<unknown> => {
  const [head, ...rest] = segments;
  if (head === undefined) return leaf(value);
  if (Array.isArray(value)) {
    if (head === '*') return Promise.all(value.map((item) => mapAtPath(item, rest, leaf)));
    const index = Number(head);
    if (!Number.isInteger(index) || index < 0 || index >= value.length) return value;
    const copy: unknown[] = [...(value as unknown[])];
    copy[index] = await mapAtPath(value[index], rest, leaf);
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = head === '*' ? Object.keys(record) : Object.hasOwn(record, head) ? [head] : [];
    if (keys.length === 0) return value;
    const copy: Record<string, unknown> = { ...record };
    for (const key of keys) setOwn(copy, key, await mapAtPath(record[key], rest, leaf));
    return copy;
  }
  return value;
};

/** Every string of a JSON value that `select` picks, found with a stack of its own (any depth). */
export const stringsIn = (value: unknown, select: (text: string) => boolean): string[] => {
  const found: string[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string') {
      if (select(current)) found.push(current);
    } else if (Array.isArray(current)) {
      for (const item of current) pending.push(item);
    } else if (typeof current === 'object' && current !== null) {
      for (const item of Object.values(current)) pending.push(item);
    }
  }
  return found;
};

/** Whether a JSON value holds an envelope anywhere (any depth). */
export const holdsEnvelope = (value: unknown): boolean => stringsIn(value, isEncryptedField).length > 0;

/**
 * A copy of a JSON value with each string replaced by `replace(string)`, built with a stack of
 * its own (any depth). Containers are copied; key order and `__proto__` keys are kept.
 */
export const replaceStrings = (value: unknown, replace: (text: string) => unknown): unknown => {
  const copyOf = (source: unknown): unknown => {
    if (typeof source === 'string') return replace(source);
    if (Array.isArray(source)) return new Array<unknown>(source.length);
    if (typeof source === 'object' && source !== null) return {};
    return source;
  };
  const root = copyOf(value);
  const pending: { source: unknown; target: unknown }[] = [{ source: value, target: root }];
  while (pending.length > 0) {
    const { source, target } = pending.pop()!;
    if (Array.isArray(source)) {
      source.forEach((item, index) => {
        const copy = copyOf(item);
        (target as unknown[])[index] = copy;
        pending.push({ source: item, target: copy });
      });
    } else if (typeof source === 'object' && source !== null) {
      for (const [key, item] of Object.entries(source)) {
        const copy = copyOf(item);
        setOwn(target as Record<string, unknown>, key, copy);
        pending.push({ source: item, target: copy });
      }
    }
  }
  return root;
};

/**
 * Encrypts the values found at `paths` of an event's data with the subject's key (created on
 * first use). Values are JSON-encoded first, so numbers and objects survive the round trip.
 * Null, absent, already sealed and erased values are left as they are. Never mutates `data`.
 */
export const sealPersonalData = async <T>(data: T, paths: readonly string[], subjectId: string, keyStore: SubjectKeyStore): Promise<T> => {
  let key: SubjectKey | undefined;
  const seal: Leaf = async (value) => {
    if (value === undefined || value === null || isEncryptedField(value) || isErased(value)) return value;
    key ??= await keyStore.create(subjectId);
    return encryptField(jsonText(value), key, subjectId);
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

export interface OpenOptions {
  /**
   * An envelope that fails authentication: an integrity error (`throw`, the default), or left as
   * the text it is (`keep`), for readers that must go on: a text that only looks like an
   * envelope, sent as such, stays what was sent; an altered one is the auditors' to find.
   */
  readonly unreadable?: 'throw' | 'keep';
}

/**
 * Decrypts every envelope anywhere in `data`, at any depth. A subject whose key is gone reads as
 * ERASED and never throws; an envelope that fails authentication throws PersonalDataIntegrityError
 * (or stays as it is: see OpenOptions).
 */
export const openPersonalData = async <T>(data: T, keyStore: SubjectKeyStore, options: OpenOptions = {}): Promise<T> => {
  const envelopes = stringsIn(data, isEncryptedField);
  if (envelopes.length === 0) return data;
  const keys = new Map<string, SubjectKey | undefined>();
  for (const envelope of envelopes) {
    const subjectId = subjectIdOf(envelope);
    if (!keys.has(subjectId)) keys.set(subjectId, await keyStore.get(subjectId));
  }
  const open = (text: string): unknown => {
    if (!isEncryptedField(text)) return text;
    const key = keys.get(subjectIdOf(text));
    if (!key) return ERASED;
    try {
      return parseSealed(decryptField(text, key));
    } catch (error) {
      if (options.unreadable === 'keep' && error instanceof PersonalDataIntegrityError) return text;
      throw error;
    }
  };
  return replaceStrings(data, open) as T;
};
