import { setTimeout as sleep } from 'node:timers/promises';
import { context, propagation, trace, SpanKind } from '@opentelemetry/api';
import type { DatabaseTransaction } from './database.js';
import type { StoredEvent } from '@digit/contracts';
import type { EventStore } from './event-store.js';

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
  readonly onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves once the projection has applied everything up to `position` (the head by default). */
  caughtUp(position?: bigint): Promise<void>;
  stop(): Promise<void>;
}

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

/** Applies one batch after the checkpoint; returns how many events it applied. */
export const applyNextBatch = async (store: EventStore, projection: Projection, batchSize = 500): Promise<number> =>
  store.transaction(async (trx) => {
    const checkpoint = await trx
      .withSchema(store.schema)
      .selectFrom('checkpoints')
      .select('position')
      .where('subscriber', '=', projection.name)
      .forUpdate()
      .executeTakeFirst();
    const after = BigInt(checkpoint?.position ?? 0);
    // Only the projection's streams are read; the checkpoint still moves past other streams' events.
    const { events, scannedUpTo: last } = await store.readPage({ after, limit: batchSize, streamPrefixes: projection.streamPrefixes });
    for (const event of events) await applyTraced(projection, trx, event);
    if (last === after) return 0;
    await trx
      .withSchema(store.schema)
      .insertInto('checkpoints')
      .values({ subscriber: projection.name, position: last.toString(), updated_at: new Date() })
      .onConflict((oc) => oc.column('subscriber').doUpdateSet({ position: last.toString(), updated_at: new Date() }))
      .execute();
    return events.length;
  });

/** Applies everything there is now; for rebuilds, replays and tests. */
export const catchUp = async (store: EventStore, projection: Projection, batchSize = 500): Promise<void> => {
  while ((await applyNextBatch(store, projection, batchSize)) > 0);
};

export const startSubscription = (store: EventStore, projection: Projection, options: SubscriptionOptions = {}): Subscription => {
  const { batchSize = 500, idleMs = 50, retryMs = 1000, onError = () => undefined } = options;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        if ((await applyNextBatch(store, projection, batchSize)) === 0) await sleep(idleMs);
      } catch (error) {
        onError(error);
        await sleep(retryMs);
      }
    }
  })();
  return {
    async caughtUp(position) {
      const target = position ?? (await store.headPosition());
      while ((await readCheckpoint(store, projection.name)) < target) {
        if (!running) throw new Error(`subscription ${projection.name} stopped before catching up`);
        await sleep(Math.min(idleMs, 20));
      }
    },
    async stop() {
      running = false;
      await loop;
    },
  };
};
