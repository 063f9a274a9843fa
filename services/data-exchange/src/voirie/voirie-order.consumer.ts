import { setTimeout as sleep } from 'node:timers/promises';
import type { JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { INSEE_CODES, TOWN_VOIRIE_ORDERS_STREAM } from '@digit/contracts';
import { natsReplicas, startKeyLeases, startPullLoop, type Bus, type Lease, type PullLoop } from '@digit/messaging';
import { currentTraceMetadata, extractTraceContext, injectTraceContext, inSpan, SpanKind } from '@digit/telemetry';
import type { RoadRegistryWriter } from './road-registry.writer.js';
import { answerVoirieMessages, type VoirieOrderMessage } from './voirie-message.handler.js';
import { ORDERS_BATCH, ordersConsumer, rewindOrdersInHand, TOWN_LEASES_BUCKET } from './voirie-streams.js';

export interface VoirieOrderConsumer {
  /** The towns whose orders this copy handles now. */
  towns(): string[];
  /** Finishes the messages in hand, then stops pulling and gives its towns up to the other copies. */
  stop(): Promise<void>;
}

export interface VoirieOrderConsumerOptions {
  readonly bus: Bus;
  readonly writer: RoadRegistryWriter;
  readonly retryDelayMs?: number;
  /** Must match the one ensureVoirieStreams was given (a rewind recreates the consumer). */
  readonly ackWaitMs: number;
  /** A dead copy's towns wait this long at most before a sibling takes them (default 3 s). */
  readonly leaseTtlMs?: number;
  /** This copy's name among the holders of towns (default: host, pid and a random part). */
  readonly holder?: string;
  /** Told of every failure (the default logs it); the messages are retried. */
  readonly onError?: (error: unknown) => void;
}

/** How often handling waiting for its lease's renewal looks again. */
const LEASE_WAIT_MS = 50;

interface Received {
  readonly msg: JsMsg;
  readonly message: VoirieOrderMessage;
  /** The outcome's headers, carrying the trace of the town's message. */
  readonly outcomeHeaders: MsgHdrs;
}

/** Each message joins the trace of the town's publish, when the DSI sent one (W3C traceparent). */
const receive = (bus: Bus, msg: JsMsg): Promise<Received> => {
  const headers: Record<string, string[]> = {};
  for (const [key, values] of msg.headers ?? []) headers[key] = values;
  const parent = extractTraceContext({ get: (key) => msg.headers?.get(key) || undefined, set: () => undefined });
  return inSpan('@digit/data-exchange', `receive voirie order ${msg.subject}`, SpanKind.CONSUMER, parent, async () => {
    const outcomeHeaders = injectTraceContext(natsHeaders());
    outcomeHeaders.set('Content-Type', 'application/json');
    const message = {
      subject: bus.logicalSubject(msg.subject),
      data: msg.data,
      headers,
      sequence: msg.seq,
      storedAtNanos: msg.timestampNanos,
      trace: currentTraceMetadata(),
    };
    return { msg, message, outcomeHeaders };
  });
};

/**
 * The towns' road orders (R-DX-1..3), each town in the order it published them, the towns side by
 * side. The copies of the service share the towns out through leases (startKeyLeases): a copy
 * handles a town's orders only while it holds the town's lease, with the town's own consumer; a
 * copy that dies loses its towns within the lease's TTL, and the copy that takes a town over first
 * rewinds its consumer to the ack floor, so the orders the dead copy had in hand come first.
 *
 * Within a town, the messages that have arrived are taken together: answered (parse, decide,
 * record: one append), outcomes published, then acked. A crash anywhere loses nothing (no ack:
 * they come again) and applies nothing twice (the registry knows each order id and recognises a
 * redelivered message by its reception time; the outcome's Nats-Msg-Id is the message's). Bad
 * input never throws; a failing database or NATS is retried on the same messages, so later orders
 * cannot overtake them. Nothing is recorded or answered once the lease may have passed to another copy.
 */
export const startVoirieOrderConsumer = async (options: VoirieOrderConsumerOptions): Promise<VoirieOrderConsumer> => {
  const { bus, writer, ackWaitMs } = options;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const onError = options.onError ?? ((error: unknown) => console.error('voirie orders:', error));

  const answerAndPublish = async (batch: readonly Received[]): Promise<void> => {
    const answers = await answerVoirieMessages(
      writer,
      batch.map(({ message }) => message),
    );
    await Promise.all(
      answers.map((answer, index) =>
        answer
          ? bus.js.publish(bus.subject(answer.subject), JSON.stringify(answer.outcome), {
              msgID: answer.messageId,
              headers: batch[index]!.outcomeHeaders,
            })
          : undefined,
      ),
    );
  };

  // A failing database or NATS is retried on the same messages (kept in hand), so later orders
  // cannot overtake them. Without a valid lease nothing is done: the town's next holder rewinds.
  const settleFor =
    (lease: Lease) =>
    async (messages: readonly JsMsg[], running: () => boolean): Promise<void> => {
      const batch = await Promise.all(messages.map((msg) => receive(bus, msg)));
      for (;;) {
        // Not renewed lately (NATS slow or out of reach): wait for the renewal, or for the loop to
        // stop once the lease is lost. The messages stay in hand, so none overtakes another.
        while (!lease.valid()) {
          if (!running()) return;
          await sleep(LEASE_WAIT_MS);
        }
        try {
          await answerAndPublish(batch);
          await Promise.all(batch.map(({ msg }) => msg.ackAck()));
          return;
        } catch (error) {
          onError(error);
          if (!running()) {
            for (const { msg } of batch) msg.nak();
            return;
          }
          for (const { msg } of batch) msg.working();
          await sleep(retryDelayMs);
        }
      }
    };

  const loops = new Map<string, PullLoop>();
  const leases = await startKeyLeases({
    bus,
    bucket: TOWN_LEASES_BUCKET,
    keys: INSEE_CODES,
    holder: options.holder,
    ttlMs: options.leaseTtlMs,
    replicas: natsReplicas(),
    onError,
    async acquired(lease) {
      await rewindOrdersInHand(bus, lease.key, ackWaitMs);
      const loop = await startPullLoop({
        bus,
        stream: TOWN_VOIRIE_ORDERS_STREAM,
        durable: ordersConsumer(lease.key),
        batchSize: ORDERS_BATCH,
        retryDelayMs,
        onError,
        settle: settleFor(lease),
      });
      loops.set(lease.key, loop);
    },
    async released(insee) {
      const loop = loops.get(insee);
      loops.delete(insee);
      await loop?.stop();
    },
  });
  return { towns: () => leases.held(), stop: () => leases.stop() };
};
