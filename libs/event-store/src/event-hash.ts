import { createHash } from 'node:crypto';

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

/**
 * JSON with object keys sorted at every depth, so that what PostgreSQL's jsonb gives back
 * (keys reordered) hashes the same as what was appended.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

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
