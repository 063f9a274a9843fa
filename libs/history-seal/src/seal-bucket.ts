import { Kvm, type KV } from '@nats-io/kv';
import type { Bus } from '@digit/messaging';
import { safeHistoryName } from './seal-config.js';
import { parseSignedSeal, type SignedSeal } from './signed-seal.js';

/**
 * The JetStream anchor: a key-value bucket with one key per history holding its latest signed
 * seal, replaced by compare-and-set only with a higher position, so N anchorers racing
 * never move it back. The bucket keeps each key's last 64 seals.
 */
export const SEAL_BUCKET = 'DIGIT_HISTORY_SEALS';

const keyOf = (history: string): string => `history.${safeHistoryName(history)}`;

/** The anchorer's bucket, created when missing with `replicas` (NATS_REPLICAS). */
export const createSealBucket = (bus: Bus, replicas: number): Promise<KV> =>
  new Kvm(bus.js).create(bus.streamName(SEAL_BUCKET), { replicas, history: 64 });

/** A reader's bucket: undefined when no anchorer ever created it (readers never create it). */
export const openSealBucket = async (bus: Bus): Promise<KV | undefined> => {
  try {
    await bus.jsm.streams.info(`KV_${bus.streamName(SEAL_BUCKET)}`);
  } catch (error) {
    if (String(error).includes('stream not found')) return undefined;
    throw error;
  }
  return new Kvm(bus.js).open(bus.streamName(SEAL_BUCKET));
};

export interface BucketReading {
  readonly seal: SignedSeal | undefined;
  /** The key holds something that is not a signed seal. */
  readonly unreadable: boolean;
  readonly revision: number;
}

export const latestInBucket = async (kv: KV, history: string): Promise<BucketReading> => {
  const entry = await kv.get(keyOf(history));
  if (!entry || entry.operation !== 'PUT') return { seal: undefined, unreadable: false, revision: entry?.revision ?? 0 };
  let seal: SignedSeal | undefined;
  try {
    seal = parseSignedSeal(entry.json());
  } catch {
    seal = undefined;
  }
  return { seal, unreadable: seal === undefined, revision: entry.revision };
};

/**
 * Puts `seal` unless the bucket already holds one at a position as high (`kept`). A concurrent
 * anchorer's write between our read and our write makes the compare-and-set fail: read again
 * and decide again.
 */
export const advanceBucket = async (kv: KV, seal: SignedSeal, isTrusted: (seal: SignedSeal) => boolean): Promise<'advanced' | 'kept'> => {
  const key = keyOf(seal.history);
  for (let attempt = 0; ; attempt++) {
    const current = await latestInBucket(kv, seal.history);
    if (current.seal && isTrusted(current.seal) && BigInt(current.seal.position) >= BigInt(seal.position)) return 'kept';
    try {
      if (current.revision === 0) await kv.create(key, JSON.stringify(seal));
      else await kv.update(key, JSON.stringify(seal), current.revision);
      return 'advanced';
    } catch (error) {
      if (attempt >= 10) throw error;
    }
  }
};
