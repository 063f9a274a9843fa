import { setTimeout as sleep } from 'node:timers/promises';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { domainEventSubject, toPublishedEvent, type StoredEvent } from '@digit/contracts';
import { readCheckpoint, type EventStore } from '@digit/event-store';
import { injectTraceContext, inSpan, SpanKind, traceContextOf } from '@digit/telemetry';
import type { Bus } from './bus.js';

export interface EventRelayOptions {
  readonly store: EventStore;
  readonly bus: Bus;
  /** The bounded context whose events this relay publishes: `digit.events.<context>.<type>`. */
  readonly context: string;
  readonly streamPrefixes: readonly string[];
  readonly batchSize?: number;
  readonly idleMs?: number;
  readonly onError?: (error: unknown) => void;
}

export interface EventRelay {
  /** Resolves once every event up to the store's head is published and acknowledged. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

const publish = (bus: Bus, context: string, event: StoredEvent) =>
  inSpan('@digit/messaging', `publish ${event.type}`, SpanKind.PRODUCER, traceContextOf(event.metadata), async () => {
    const headers = injectTraceContext(natsHeaders());
    headers.set('Content-Type', 'application/json');
    await bus.js.publish(bus.subject(domainEventSubject(context, event.type)), JSON.stringify(toPublishedEvent(event)), {
      msgID: event.eventId,
      headers,
    });
  });

/**
 * The store is the outbox: publish by position, then move the checkpoint. A crash after
 * the append loses nothing (the checkpoint has not moved); a crash after the publish
 * republishes with the same Nats-Msg-Id, which JetStream drops as a duplicate.
 */
export const relayBatch = async (options: EventRelayOptions): Promise<number> => {
  const { store, bus, context } = options;
  const name = `relay:${context}`;
  const after = await readCheckpoint(store, name);
  // Sealed: personal data stays encrypted on the bus, so destroying a key erases it there too.
  const { events, scannedUpTo } = await store.readPage({ after, limit: options.batchSize ?? 200, streamPrefixes: options.streamPrefixes, sealed: true });
  for (const event of events) await publish(bus, context, event);
  // Past the other contexts' events too: they are looked through once, not on every poll.
  if (scannedUpTo > after) {
    await store.db
      .insertInto('checkpoints')
      .values({ subscriber: name, position: scannedUpTo.toString(), updated_at: new Date() })
      .onConflict((oc) => oc.column('subscriber').doUpdateSet({ position: scannedUpTo.toString(), updated_at: new Date() }))
      .execute();
  }
  return events.length;
};

export const startEventRelay = (options: EventRelayOptions): EventRelay => {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        if ((await relayBatch(options)) === 0) await sleep(options.idleMs ?? 50);
      } catch (error) {
        options.onError?.(error);
        await sleep(500);
      }
    }
  })();
  return {
    async caughtUp() {
      const head = await options.store.headPosition();
      for (;;) {
        const after = await readCheckpoint(options.store, `relay:${options.context}`);
        const pending = await options.store.readAll({ after, limit: 1, upTo: head, streamPrefixes: options.streamPrefixes });
        if (pending.length === 0) return;
        if (!running) throw new Error(`relay ${options.context} stopped before catching up`);
        await sleep(10);
      }
    },
    async stop() {
      running = false;
      await loop;
    },
  };
};
