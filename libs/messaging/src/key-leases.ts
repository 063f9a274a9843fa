import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kvm, type KV } from '@nats-io/kv';
import type { Bus } from './bus.js';

/** This copy's hold on one key. */
export interface Lease {
  readonly key: string;
  /** The fencing token: the bucket's revision when the lease was taken; a later holder's is higher. */
  readonly token: number;
  /**
   * True while no other copy can hold the key: the lease was renewed recently enough that the
   * bucket has not expired it. Work done for the key checks it before every effect.
   */
  valid(): boolean;
}

export interface KeyLeasesOptions {
  readonly bus: Bus;
  /** Logical name of the key-value bucket (namespaced by the bus). */
  readonly bucket: string;
  /** What is shared out among the copies: one lease per key. */
  readonly keys: readonly string[];
  /** This copy's name in the bucket; unique per process by default. */
  readonly holder?: string;
  /** A lease not renewed for this long expires (the bucket's TTL): the longest a dead copy's keys wait. */
  readonly ttlMs?: number;
  readonly renewEveryMs?: number;
  /** NATS_REPLICAS of the bucket. */
  readonly replicas: number;
  /** Starts the work of a key this copy has just leased. A failure gives the lease up. */
  acquired(lease: Lease): Promise<void>;
  /** Stops the work of a key (settling what is in hand): the lease is given up or was lost. */
  released(key: string): Promise<void>;
  readonly onError?: (error: unknown) => void;
}

export interface KeyLeases {
  readonly holder: string;
  /** The keys this copy holds now. */
  held(): string[];
  /** Stops the work of every key held, then gives the leases up so a sibling takes them at once. */
  stop(): Promise<void>;
}

interface Held {
  revision: number;
  renewedAt: number;
  /** Being given up: still renewed until its work has stopped. */
  releasing: boolean;
  readonly lease: Lease;
}

const leaseKey = (key: string): string => `lease.${key}`;
const presenceKey = (holder: string): string => `copy.${holder}`;
const safeKeyPart = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '_');

/** Where a copy starts looking for free keys: copies starting together reach for different ones. */
const rotation = (holder: string, count: number): number =>
  [...holder].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) >>> 0, 7) % Math.max(count, 1);

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Shares keys (the towns) out among the live copies of a service through a JetStream key-value
 * bucket, so that each key's work is done by one copy at a time:
 * - a copy takes a free key with a create (only one create of a key succeeds) and renews it with
 *   a revision-checked update every `renewEveryMs`; a copy that stops renewing (killed, frozen,
 *   cut off) loses its keys when the bucket's TTL expires them, and a sibling takes them;
 * - the copy considers a lease valid only for `ttlMs - renewEveryMs` after the start of its last
 *   successful renewal, so it stops acting before the bucket can give the key to anyone else;
 *   a renewal refused on its revision means another copy has the key: the work stops at once;
 * - each copy announces itself (`copy.<holder>`, same TTL) and holds at most its fair share
 *   (keys / live copies, rounded up), giving one key up per round when it holds more.
 */
export const startKeyLeases = async (options: KeyLeasesOptions): Promise<KeyLeases> => {
  const holder = safeKeyPart(options.holder ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`);
  const ttlMs = options.ttlMs ?? 3000;
  const renewEveryMs = options.renewEveryMs ?? 500;
  const onError = options.onError ?? ((error: unknown) => console.error(`leases ${options.bucket}:`, error));
  const kv: KV = await new Kvm(options.bus.js).create(options.bus.streamName(options.bucket), {
    ttl: ttlMs,
    history: 1,
    replicas: options.replicas,
  });
  const held = new Map<string, Held>();
  const start = rotation(holder, options.keys.length);
  const inTurn = [...options.keys.slice(start), ...options.keys.slice(0, start)];

  /** Work being stopped after a lease was lost: awaited at stop, never by the renewals. */
  const stopping = new Set<Promise<void>>();

  // Lost (refused or expired): the work is told to stop; its lease is already invalid.
  const lose = (key: string): void => {
    held.delete(key);
    const release = options.released(key).catch(onError);
    stopping.add(release);
    void release.finally(() => stopping.delete(release));
  };

  // Given up: the lease is still renewed while the work settles what it has in hand, then deleted.
  const giveUp = async (key: string): Promise<void> => {
    const lease = held.get(key);
    if (!lease || lease.releasing) return;
    lease.releasing = true;
    await options.released(key).catch(onError);
    if (held.get(key) === lease) held.delete(key);
    await kv.delete(leaseKey(key), { previousSeq: lease.revision }).catch(() => undefined);
  };

  const renew = async (key: string, lease: Held): Promise<void> => {
    const sentAt = Date.now();
    try {
      lease.revision = await kv.update(leaseKey(key), holder, lease.revision);
      lease.renewedAt = sentAt;
    } catch (error) {
      // Refused on its revision: the key expired and may be someone else's. Otherwise (NATS out of
      // reach) the lease holds until its validity runs out.
      onError(new Error(`lease of ${key}: renewal failed`, { cause: error }));
      if (held.get(key) === lease && (/wrong last sequence/i.test(errorText(error)) || !lease.lease.valid())) lose(key);
    }
  };

  const take = async (key: string): Promise<void> => {
    const sentAt = Date.now();
    const entry = await kv.get(leaseKey(key));
    let revision: number;
    if (!entry || entry.operation !== 'PUT') revision = await kv.create(leaseKey(key), holder);
    // Ours from before a renewal failed (NATS was out of reach): taken back by revision.
    else if (entry.string() === holder) revision = await kv.update(leaseKey(key), holder, entry.revision);
    else return;
    const state: Held = {
      revision,
      renewedAt: sentAt,
      releasing: false,
      lease: { key, token: revision, valid: () => held.get(key) === state && Date.now() < state.renewedAt + ttlMs - renewEveryMs },
    };
    held.set(key, state);
    try {
      await options.acquired(state.lease);
    } catch (error) {
      onError(error);
      await giveUp(key);
    }
  };

  const stream = `KV_${options.bus.streamName(options.bucket)}`;
  const presenceSubject = (name: string) => `$KV.${options.bus.streamName(options.bucket)}.${presenceKey(name)}`;
  // One request to the stream (no consumer): the subjects holding a presence are the live copies.
  const liveCopies = async (): Promise<number> => {
    const info = await options.bus.jsm.streams.info(stream, { subjects_filter: presenceSubject('*') });
    return Math.max(Object.keys(info.state.subjects ?? {}).length, 1);
  };

  // Renewals run on their own, side by side (one round trip however many keys are held): starting
  // or stopping a key's work, however slow, never delays them.
  const renewAll = async (): Promise<void> => {
    await Promise.all([...held].map(([key, lease]) => renew(key, lease)));
    await kv.put(presenceKey(holder), String(Date.now()));
  };

  const balance = async (): Promise<void> => {
    const share = Math.ceil(options.keys.length / (await liveCopies()));
    if (held.size > share) {
      await giveUp([...held.keys()].at(-1)!);
      return;
    }
    for (const key of inTurn) {
      if (held.size >= share) break;
      if (held.has(key)) continue;
      // Another copy created it first: it is theirs.
      await take(key).catch((error: unknown) => (/wrong last sequence/i.test(errorText(error)) ? undefined : onError(error)));
    }
  };

  let running = true;
  const pause = new AbortController();
  const every = (step: () => Promise<void>) =>
    (async () => {
      while (running) {
        const began = Date.now();
        await step().catch(onError);
        await sleep(Math.max(0, renewEveryMs - (Date.now() - began)), undefined, { signal: pause.signal }).catch(() => undefined);
      }
    })();
  const renewing = every(renewAll);
  const balancing = every(balance);

  return {
    holder,
    held: () => [...held.keys()],
    async stop() {
      running = false;
      pause.abort();
      await balancing;
      // Renewed until each key's work has stopped, then given up.
      const renewals = setInterval(() => void renewAll().catch(onError), renewEveryMs);
      try {
        await Promise.all([...held.keys()].map(giveUp));
        await Promise.all(stopping);
      } finally {
        clearInterval(renewals);
      }
      await renewing;
      // Purged, not deleted: no marker is left to count as a live copy.
      await options.bus.jsm.streams.purge(stream, { filter: presenceSubject(holder) }).catch(() => undefined);
    },
  };
};
