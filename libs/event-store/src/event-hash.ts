import { hash } from 'node:crypto';

/** The fields of an event that its hash covers: everything but its position and hashes. */
export interface HashedFields {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: Date;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Events repeat the same few keys: each is quoted once (up to a bound, for data keyed by ids). */
const quotedKeys = new Map<string, string>();
const quotedKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
};

/**
 * JSON with object keys sorted at every depth, so that what PostgreSQL's jsonb gives back
 * (keys reordered) hashes the same as what was appended.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  // Keys in UTF-16 code unit order (sort's own), undefined fields left out, as JSON.stringify does.
  const record = value as Record<string, unknown>;
  let members = '';
  for (const key of Object.keys(record).sort()) {
    const field = record[key];
    if (field !== undefined) members += `${members === '' ? '' : ','}${quotedKey(key)}:${canonicalJson(field)}`;
  }
  return `{${members}}`;
};

const sha256 = (text: string): string => hash('sha256', text, 'hex');

export const eventHash = (previousStreamHash: string, event: HashedFields): string =>
  sha256(
    canonicalJson({
      previous: previousStreamHash,
      eventId: event.eventId,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      recordedAt: event.recordedAt.toISOString(),
    }),
  );

export const chainHash = (previousChainHash: string, eventHashValue: string): string =>
  sha256(`${previousChainHash}:${eventHashValue}`);
