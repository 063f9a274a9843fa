import { setTimeout as sleep } from 'node:timers/promises';
import { context, propagation, trace, SpanKind } from '@opentelemetry/api';
import { sql } from 'kysely';
import type { DatabaseTransaction } from './database.js';
import type { StoredEvent } from '@digit/contracts';
import type { EventStore, EventStoreDb } from './event-store.js';

/**
 * A read model fed from the store. `apply` runs in the transaction that also moves the
 * checkpoint, so a projection is never half-applied and can be rebuilt from position 0.
 */
export interface Projection {
  /** The checkpoint's key: change it to rebuild from scratch. */
  readonly name: string;
  readonly streamPrefixes?: readonly string[];
  apply(trx: DatabaseTransaction, event: StoredEvent): Promise<void>;
}

export interface SubscriptionOptions {
  readonly batchSize?: number;
  /** Pause between polls when nothing is new. */
  readonly idleMs?: number;
  /** Pause before retrying a batch whose projection failed. */
  readonly retryMs?: number;
  /** Told of every failed batch (the default logs it); the batch is retried. */
  readonly onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves once the projection has applied everything up to `position` (the head by default). */
  caughtUp(position?: bigint): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Moves a follower's checkpoint forward (in its own transaction, or in the one given); never back,
 * so that a sibling copy's relay saving a lower position cannot rewind the one ahead of it.
 */
export const saveCheckpoint = async (db: EventStoreDb, subscriber: string, position: bigint): Promise<void> => {
  await db
    .insertInto('checkpoints')
    .values({ subscriber, position: position.toString(), updated_at: new Date() })
    .onConflict((oc) =>
      oc
        .column('subscriber')
        .doUpdateSet({ position: sql<string>`greatest(checkpoints.position, excluded.position)`, updated_at: new Date() }),
    )
    .execute();
};

export const readCheckpoint = async (store: EventStore, name: string): Promise<bigint> => {
  const row = await store.db.selectFrom('checkpoints').select('position').where('subscriber', '=', name).executeTakeFirst();
  return BigInt(row?.position ?? 0);
};

const tracer = trace.getTracer('@digit/event-store');

/** Each projection step joins the trace of the request that caused the event. */
const applyTraced = (projection: Projection, trx: DatabaseTransaction, event: StoredEvent): Promise<void> => {
  const parent = propagation.extract(context.active(), event.metadata);
  return tracer.startActiveSpan(`project ${projection.name} ${event.type}`, { kind: SpanKind.INTERNAL }, parent, async (span) => {
    try {
      await projection.apply(trx, event);
    } finally {
      span.end();
    }
  });
};

/**
 * One batch after the checkpoint (or after `seenUpTo`, when this process has looked further
 * through other streams' events than the stored checkpoint says). The checkpoint is written with
 * every applied batch; a batch of other streams' events only moves it when `persistIdle` says so,
 * so that idle followers do not commit on every poll while other contexts write.
 */
const followNextBatch = (
  store: EventStore,
  projection: Projection,
  batchSize: number,
  seenUpTo: bigint,
  persistIdle: boolean,
): Promise<FollowStep> =>
  store.transaction(async (trx) => {
    const lockCheckpoint = () =>
      trx
        .withSchema(store.schema)
        .selectFrom('checkpoints')
        .select('position')
        .where('subscriber', '=', projection.name)
        .forUpdate()
        .executeTakeFirst();
    let checkpoint = await lockCheckpoint();
    if (!checkpoint) {
      // No row to lock yet: two copies of the service would both apply from the start. The row
      // is created first (one insert wins), then locked.
      await trx
        .withSchema(store.schema)
        .insertInto('checkpoints')
        .values({ subscriber: projection.name, position: '0', updated_at: new Date() })
        .onConflict((oc) => oc.column('subscriber').doNothing())
        .execute();
      checkpoint = await lockCheckpoint();
    }
    const stored = BigInt((checkpoint?.position as string | undefined) ?? 0);
    const after = stored > seenUpTo ? stored : seenUpTo;
    // Only the projection's streams are read; the checkpoint still moves past other streams' events.
    const { events, scannedUpTo } = await store.readPage({ after, limit: batchSize, streamPrefixes: projection.streamPrefixes });
    for (const event of events) await applyTraced(projection, trx, event);
    if (scannedUpTo > stored && (events.length > 0 || persistIdle))
      await saveCheckpoint(trx.withSchema(store.schema), projection.name, scannedUpTo);
    return { applied: events.length, position: scannedUpTo };
  });

/** Applies one batch after the checkpoint and moves it; returns how many events it applied. */
export const applyNextBatch = async (store: EventStore, projection: Projection, batchSize = 500): Promise<number> =>
  (await followNextBatch(store, projection, batchSize, 0n, true)).applied;

/** Applies everything there is now; for rebuilds, replays and tests. */
export const catchUp = async (store: EventStore, projection: Projection, batchSize = 500): Promise<void> => {
  while ((await applyNextBatch(store, projection, batchSize)) > 0);
};

/** A follower that only looked through other streams' events writes its checkpoint this often. */
const IDLE_CHECKPOINT_MS = 1000;

/**
 * For a follower's loop (a projection, a relay): says, at each poll, whether a page holding none
 * of its own events should still move its checkpoint (once a second), so that an idle follower
 * does not commit on every poll while other contexts write.
 */
const idleCheckpointClock = (): (() => boolean) => {
  let savedAt = 0;
  return () => {
    const now = Date.now();
    if (now - savedAt < IDLE_CHECKPOINT_MS) return false;
    savedAt = now;
    return true;
  };
};

/** One step of a follower: what it did, and how far it has now looked through the history. */
export interface FollowStep {
  /** Events it handled (0: nothing of its own was new, so it pauses before the next poll). */
  readonly applied: number;
  readonly position: bigint;
}

export interface FollowerOptions {
  /** The checkpoint's key (a projection's name, `relay:<context>`). */
  readonly name: string;
  /**
   * The next step after `seenUpTo` (how far this process has looked, perhaps past the stored
   * checkpoint); `persistIdle`: whether a page of other streams' events should move the checkpoint.
   */
  step(seenUpTo: bigint, persistIdle: boolean): Promise<FollowStep>;
  /** Pause between polls when nothing is new. */
  readonly idleMs?: number;
  /** Pause before retrying a step that failed (the same step: nothing is ever skipped). */
  readonly retryMs?: number;
  /** Told of every failed step (the default logs it); the follower retries it. */
  readonly onError?: (error: unknown) => void;
}

/**
 * The one loop of every follower of the store (projections, relays): step after step, a pause
 * when idle, a failed step told and retried after a pause, never skipped. `caughtUp` waits until
 * this process, or the stored checkpoint, has reached a position.
 */
export const startFollower = (store: EventStore, options: FollowerOptions): Subscription => {
  const {
    name,
    idleMs = 50,
    retryMs = 1000,
    onError = (error: unknown) => console.error(`follower ${name} failed (retrying):`, error),
  } = options;
  let running = true;
  let seenUpTo = 0n;
  const idleCheckpointDue = idleCheckpointClock();
  const loop = (async () => {
    while (running) {
      try {
        const step = await options.step(seenUpTo, idleCheckpointDue());
        seenUpTo = step.position;
        if (step.applied === 0) await sleep(idleMs);
      } catch (error) {
        onError(error);
        await sleep(retryMs);
      }
    }
  })();
  return {
    async caughtUp(position) {
      const target = position ?? (await store.headPosition());
      while (seenUpTo < target && (await readCheckpoint(store, name)) < target) {
        if (!running) throw new Error(`${name} stopped before catching up`);
        await sleep(Math.min(idleMs, 20));
      }
    },
    async stop() {
      running = false;
      await loop;
    },
  };
};

export const startSubscription = (store: EventStore, projection: Projection, options: SubscriptionOptions = {}): Subscription => {
  const { batchSize = 500 } = options;
  return startFollower(store, {
    ...options,
    name: projection.name,
    step: (seenUpTo, persistIdle) => followNextBatch(store, projection, batchSize, seenUpTo, persistIdle),
  });
};
