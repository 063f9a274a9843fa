import { setTimeout as sleep } from 'node:timers/promises';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { domainEventSubject, toPublishedEvent, type StoredEvent } from '@digit/contracts';
import { idleCheckpointClock, readCheckpoint, saveCheckpoint, type EventStore } from '@digit/event-store';
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

interface RelayStep {
  readonly published: number;
  /** Everything of the context up to here is published. */
  readonly position: bigint;
}

/**
 * The store is the outbox: publish by position, then move the checkpoint. A crash after
 * the append loses nothing (the checkpoint has not moved); a crash after the publish
 * republishes with the same Nats-Msg-Id, which JetStream drops as a duplicate. A batch of
 * other contexts' events only moves the checkpoint when `persistIdle` says so (`seenUpTo`
 * remembers it meanwhile), so that an idle relay does not commit on every poll.
 */
const relayNext = async (options: EventRelayOptions, seenUpTo: bigint, persistIdle: boolean): Promise<RelayStep> => {
  const { store, bus, context } = options;
  const name = `relay:${context}`;
  const stored = await readCheckpoint(store, name);
  const after = stored > seenUpTo ? stored : seenUpTo;
  // Sealed: personal data stays encrypted on the bus, so destroying a key erases it there too.
  const { events, scannedUpTo } = await store.readPage({ after, limit: options.batchSize ?? 200, streamPrefixes: options.streamPrefixes, sealed: true });
  for (const event of events) await publish(bus, context, event);
  if (scannedUpTo > stored && (events.length > 0 || persistIdle)) await saveCheckpoint(store.db, name, scannedUpTo);
  return { published: events.length, position: scannedUpTo };
};

export const startEventRelay = (options: EventRelayOptions): EventRelay => {
  let running = true;
  let seenUpTo = 0n;
  const idleCheckpointDue = idleCheckpointClock();
  const loop = (async () => {
    while (running) {
      try {
        const step = await relayNext(options, seenUpTo, idleCheckpointDue());
        seenUpTo = step.position;
        if (step.published === 0) await sleep(options.idleMs ?? 50);
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
