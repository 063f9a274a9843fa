import { hash } from 'node:crypto';
import { canonicalJson } from './json-text.js';

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

export const chainHash = (previousChainHash: string, eventHashValue: string): string => sha256(`${previousChainHash}:${eventHashValue}`);
