import { AckPolicy, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { DOMAIN_EVENTS_STREAM, type PublishedEvent } from '@digit/contracts';
import type { EventStore } from '@digit/event-store';
import { extractTraceContext, injectTraceContext, inSpan, SpanKind } from '@digit/telemetry';
import type { Bus } from './bus.js';
import { checkPublishedEvents, type EventCheck } from './published-event-check.js';
import { startPullLoop } from './pull-loop.js';
import { DEAD_LETTERS_STREAM, deadLetterSubject } from './streams.js';

export interface InboundMessage {
  readonly subject: string;
  /** The publisher's Nats-Msg-Id when there is one, else the stream sequence. */
  readonly id: string;
  readonly data: Uint8Array;
  readonly headers: ReadonlyMap<string, string>;
  readonly deliveryCount: number;
  text(): string;
  /** The event as the store holds it, when the consumer checks domain events against the store. */
  readonly event?: PublishedEvent;
}

export interface DurableConsumerOptions {
  readonly bus: Bus;
  /** Logical stream name (namespaced by the bus). */
  readonly stream: string;
  readonly durable: string;
  /** Logical subjects (namespaced by the bus). */
  readonly filterSubjects: readonly string[];
  /** After this many failed deliveries the message goes to the dead letters with its reason. */
  readonly maxDeliver?: number;
  readonly ackWaitMs?: number;
  readonly retryDelayMs?: number;
  /**
   * The event store that domain events must come from: required on the domain events stream.
   * A message the store does not hold as it claims (forged) becomes a dead letter at once, never
   * handled; the others are handled with `event` set to the store's event.
   */
  readonly events?: EventStore;
  /** Told of what cannot be settled now (a dead letter not stored); the message is delivered again. */
  readonly onError?: (error: unknown) => void;
  handle(message: InboundMessage): Promise<void>;
}

export interface DurableConsumer {
  stop(): Promise<void>;
}

export interface DeadLetter {
  readonly consumer: string;
  readonly subject: string;
  readonly messageId: string;
  readonly deliveries: number;
  readonly reason: string;
  readonly failedAt: string;
  readonly body: string;
}

const nanos = (ms: number): number => ms * 1_000_000;

/** What a dead letter says went wrong: Nest's RPC layer rethrows a plain `{ status, message }`, not an Error. */
const reasonOf = (error: unknown): string =>
  error instanceof Error
    ? error.message
    : typeof (error as { message?: unknown })?.message === 'string'
      ? (error as { message: string }).message
      : (JSON.stringify(error) ?? String(error));

const toInbound = (bus: Bus, msg: JsMsg): InboundMessage => {
  const headers = new Map<string, string>();
  for (const [key, values] of msg.headers ?? []) if (values[0] !== undefined) headers.set(key, values[0]);
  return {
    subject: bus.logicalSubject(msg.subject),
    id: headers.get('Nats-Msg-Id') ?? String(msg.seq),
    data: msg.data,
    headers,
    deliveryCount: msg.info.deliveryCount,
    text: () => msg.string(),
  };
};

const deadLetter = async (bus: Bus, durable: string, message: InboundMessage, reason: string): Promise<void> => {
  const letter: DeadLetter = {
    consumer: durable,
    subject: message.subject,
    messageId: message.id,
    deliveries: message.deliveryCount,
    reason,
    failedAt: new Date().toISOString(),
    body: Buffer.from(message.data).toString('utf8'),
  };
  const headers = injectTraceContext(natsHeaders());
  await bus.js.publish(bus.subject(deadLetterSubject(durable)), JSON.stringify(letter), {
    msgID: `${durable}:${message.id}`,
    headers,
  });
};

/**
 * Creates the durable pull consumer if needed, or brings its settings up to date; N service copies
 * share it. JetStream itself never gives up on a message (max_deliver -1): the consumer counts the
 * deliveries and ends a message only once its dead letter is stored.
 */
export const ensureDurableConsumer = async (options: Omit<DurableConsumerOptions, 'handle'>): Promise<void> => {
  const { bus } = options;
  const subjects = options.filterSubjects.map((subject) => bus.subject(subject));
  const config = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    max_deliver: -1,
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    ...(subjects.length === 1 ? { filter_subject: subjects[0] } : { filter_subjects: subjects }),
  };
  await bus.jsm.consumers.add(bus.streamName(options.stream), config);
};

/** Messages taken together: one lookup in the store checks them all. */
const BATCH = 64;

/**
 * Explicit-ack pull consumption, on the one pull loop. A handler that throws is retried later; at
 * the last allowed delivery the message is recorded as a dead letter (with the reason) and
 * terminated; a forged domain event is a dead letter at once. A message whose dead letter could
 * not be stored is never acked nor terminated: it is told to `onError` and delivered again.
 * Handlers must be idempotent (see `processOnce`): JetStream delivers at least once.
 */
export const startDurableConsumer = async (options: DurableConsumerOptions): Promise<DurableConsumer> => {
  const { bus } = options;
  const maxDeliver = options.maxDeliver ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const onError = options.onError ?? ((error: unknown) => console.error(`consumer ${options.durable}:`, error));
  if (options.stream === DOMAIN_EVENTS_STREAM && !options.events) {
    throw new Error(
      `consumer ${options.durable}: domain events are applied only as the event store holds them; give it the store (events)`,
    );
  }
  await ensureDurableConsumer(options);

  const endAsDeadLetter = async (msg: JsMsg, message: InboundMessage, reason: string): Promise<void> => {
    try {
      await deadLetter(bus, options.durable, message, reason);
    } catch (error) {
      onError(
        new Error(`the dead letter of message ${message.id} (${reason}) could not be stored; it will be delivered again`, { cause: error }),
      );
      msg.nak(retryDelayMs);
      return;
    }
    msg.term(reason);
  };

  const failed = (msg: JsMsg, message: InboundMessage, error: unknown): Promise<void> | void => {
    const reason = reasonOf(error);
    if (message.deliveryCount >= maxDeliver) return endAsDeadLetter(msg, message, reason);
    msg.nak(retryDelayMs);
  };

  const consumeOne = (msg: JsMsg, message: InboundMessage, check: EventCheck | undefined): Promise<void> => {
    const parent = extractTraceContext({ get: (key) => message.headers.get(key), set: () => undefined });
    return inSpan('@digit/messaging', `consume ${message.subject}`, SpanKind.CONSUMER, parent, async () => {
      if (check && !check.ok) return endAsDeadLetter(msg, message, check.reason);
      try {
        await options.handle(check ? { ...message, event: check.event } : message);
      } catch (error) {
        return failed(msg, message, error);
      }
      msg.ack();
    });
  };

  const loop = await startPullLoop({
    bus,
    stream: options.stream,
    durable: options.durable,
    batchSize: BATCH,
    retryDelayMs,
    onError,
    async settle(batch) {
      const messages = batch.map((msg) => toInbound(bus, msg));
      let checks: readonly (EventCheck | undefined)[] = [];
      if (options.events) {
        try {
          checks = await checkPublishedEvents(options.events, messages);
        } catch (error) {
          // The store did not answer: nothing is applied unchecked; the messages come again.
          onError(error);
          for (const [index, msg] of batch.entries()) await failed(msg, messages[index]!, error);
          return;
        }
      }
      for (const [index, msg] of batch.entries()) {
        try {
          await consumeOne(msg, messages[index]!, checks[index]);
        } catch (error) {
          // Not settled (the connection went, for one): JetStream delivers it again after ack_wait.
          onError(error);
        }
      }
    },
  });
  return { stop: () => loop.stop() };
};

/** The dead letters recorded so far (for the ops dashboard), newest last. */
export const readDeadLetters = async (bus: Bus, limit = 100): Promise<DeadLetter[]> => {
  const stream = bus.streamName(DEAD_LETTERS_STREAM);
  const info = await bus.jsm.streams.info(stream);
  const letters: DeadLetter[] = [];
  const first = Math.max(info.state.first_seq, info.state.last_seq - limit + 1);
  for (let seq = first; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const stored = await bus.jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (stored) letters.push(stored.json<DeadLetter>());
  }
  return letters;
};
