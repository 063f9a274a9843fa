import { headers as natsHeaders } from '@nats-io/transport-node';
import { domainEventSubject, toPublishedEvent, type StoredEvent } from '@digit/contracts';
import {
  jsonText,
  readCheckpoint,
  saveCheckpoint,
  startFollower,
  type EventStore,
  type FollowStep,
  type Subscription,
} from '@digit/event-store';
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
  /** Told of every failed batch (the default logs it); the batch is published again. */
  readonly onError?: (error: unknown) => void;
}

/** `caughtUp()` resolves once every event up to the store's head is published and acknowledged. */
export type EventRelay = Subscription;

/** Room left in a message for its headers (trace context, Nats-Msg-Id). */
const HEADERS_ROOM = 4096;

/**
 * Consumers take an event's content from the store (see checkPublishedEvents), so an event too
 * large for one NATS message goes out without its data (`Digit-Event-Data: in-store`) instead of
 * stopping the relay for good.
 */
const publish = (bus: Bus, context: string, event: StoredEvent) =>
  inSpan('@digit/messaging', `publish ${event.type}`, SpanKind.PRODUCER, traceContextOf(event.metadata), async () => {
    const headers = injectTraceContext(natsHeaders());
    headers.set('Content-Type', 'application/json');
    const published = toPublishedEvent(event);
    let body = jsonText(published);
    if (Buffer.byteLength(body) > (bus.nc.info?.max_payload ?? 1024 * 1024) - HEADERS_ROOM) {
      body = jsonText({ ...published, data: null });
      headers.set('Digit-Event-Data', 'in-store');
    }
    await bus.js.publish(bus.subject(domainEventSubject(context, event.type)), body, { msgID: event.eventId, headers });
  });

/**
 * The store is the outbox: publish by position, then move the checkpoint. A crash after
 * the append loses nothing (the checkpoint has not moved); a crash after the publish
 * republishes with the same Nats-Msg-Id, which JetStream drops as a duplicate. A batch of
 * other contexts' events only moves the checkpoint when `persistIdle` says so (`seenUpTo`
 * remembers it meanwhile), so that an idle relay does not commit on every poll.
 */
const relayNext = async (options: EventRelayOptions, seenUpTo: bigint, persistIdle: boolean): Promise<FollowStep> => {
  const { store, bus, context } = options;
  const name = `relay:${context}`;
  const stored = await readCheckpoint(store, name);
  const after = stored > seenUpTo ? stored : seenUpTo;
  // Sealed: personal data stays encrypted on the bus, so destroying a key erases it there too.
  const { events, scannedUpTo } = await store.readPage({
    after,
    limit: options.batchSize ?? 200,
    streamPrefixes: options.streamPrefixes,
    sealed: true,
  });
  for (const event of events) await publish(bus, context, event);
  if (scannedUpTo > stored && (events.length > 0 || persistIdle)) await saveCheckpoint(store.db, name, scannedUpTo);
  return { applied: events.length, position: scannedUpTo };
};

export const startEventRelay = (options: EventRelayOptions): EventRelay =>
  startFollower(options.store, {
    name: `relay:${options.context}`,
    idleMs: options.idleMs,
    retryMs: 500,
    onError: options.onError,
    step: (seenUpTo, persistIdle) => relayNext(options, seenUpTo, persistIdle),
  });
