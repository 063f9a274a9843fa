import { AckPolicy, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { extractTraceContext, injectTraceContext, inSpan, SpanKind } from '@digit/telemetry';
import type { Bus } from './bus.js';
import { DEAD_LETTERS_STREAM, deadLetterSubject } from './streams.js';

export interface InboundMessage {
  readonly subject: string;
  /** The publisher's Nats-Msg-Id when there is one, else the stream sequence. */
  readonly id: string;
  readonly data: Uint8Array;
  readonly headers: ReadonlyMap<string, string>;
  readonly deliveryCount: number;
  text(): string;
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
  error instanceof Error ? error.message : typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : JSON.stringify(error) ?? String(error);

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

/** Creates the durable pull consumer if needed; N service copies share it. */
export const ensureDurableConsumer = async (options: Omit<DurableConsumerOptions, 'handle'>): Promise<void> => {
  const { bus } = options;
  const subjects = options.filterSubjects.map((subject) => bus.subject(subject));
  const config = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    max_deliver: options.maxDeliver ?? 5,
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    ...(subjects.length === 1 ? { filter_subject: subjects[0] } : { filter_subjects: subjects }),
  };
  await bus.jsm.consumers.add(bus.streamName(options.stream), config);
};

/**
 * Explicit-ack pull consumption. A handler that throws is retried later; at the last allowed
 * delivery the message is recorded as a dead letter (with the reason) and terminated.
 * Handlers must be idempotent (see `processOnce`): JetStream delivers at least once.
 */
export const startDurableConsumer = async (options: DurableConsumerOptions): Promise<DurableConsumer> => {
  const { bus } = options;
  const maxDeliver = options.maxDeliver ?? 5;
  await ensureDurableConsumer(options);
  const consumer = await bus.js.consumers.get(bus.streamName(options.stream), options.durable);
  const messages = await consumer.consume({ max_messages: 64 });
  const loop = (async () => {
    for await (const msg of messages) {
      const message = toInbound(bus, msg);
      const parent = extractTraceContext({ get: (key) => message.headers.get(key), set: () => undefined });
      await inSpan('@digit/messaging', `consume ${message.subject}`, SpanKind.CONSUMER, parent, async () => {
        try {
          await options.handle(message);
          msg.ack();
        } catch (error) {
          const reason = reasonOf(error);
          if (message.deliveryCount >= maxDeliver) {
            await deadLetter(bus, options.durable, message, reason);
            msg.term(reason);
          } else {
            msg.nak(options.retryDelayMs ?? 1000);
          }
        }
      }).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      await messages.close();
      await loop;
    },
  };
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
