import { setTimeout as sleep } from 'node:timers/promises';
import type { JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { TOWN_VOIRIE_ORDERS_STREAM } from '@digit/contracts';
import { startPullLoop, type Bus } from '@digit/messaging';
import { currentTraceMetadata, extractTraceContext, injectTraceContext, inSpan, SpanKind } from '@digit/telemetry';
import type { RoadRegistryWriter } from './road-registry.writer.js';
import { answerVoirieMessages, type VoirieOrderMessage } from './voirie-message.handler.js';
import { ORDERS_BATCH, ORDERS_CONSUMER } from './voirie-streams.js';

export interface VoirieOrderConsumer {
  /** Finishes the messages in hand, then stops pulling: nothing is left half-done. */
  stop(): Promise<void>;
}

export interface VoirieOrderConsumerOptions {
  readonly bus: Bus;
  readonly writer: RoadRegistryWriter;
  readonly retryDelayMs?: number;
  /** Told of every failure (the default logs it); the messages are retried. */
  readonly onError?: (error: unknown) => void;
}

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
    const message = { subject: bus.logicalSubject(msg.subject), data: msg.data, headers, sequence: msg.seq, storedAtNanos: msg.timestampNanos, trace: currentTraceMetadata() };
    return { msg, message, outcomeHeaders };
  });
};

/**
 * The towns' road orders, in stream order (R-DX-1..3). The messages that have arrived are taken
 * together: answered (parse, decide, record: one append per town), outcomes published, then
 * acked. A crash anywhere loses nothing (no ack: JetStream delivers again) and applies nothing
 * twice (the registry knows each order id and recognises a redelivered message by its reception
 * time; the outcome's Nats-Msg-Id is the message's). Bad input never throws; a failing database
 * or NATS is retried on the same messages, so later orders cannot overtake them.
 */
export const startVoirieOrderConsumer = async (options: VoirieOrderConsumerOptions): Promise<VoirieOrderConsumer> => {
  const { bus, writer } = options;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const onError = options.onError ?? ((error: unknown) => console.error('voirie orders:', error));

  const answerAndPublish = async (batch: readonly Received[]): Promise<void> => {
    const answers = await answerVoirieMessages(writer, batch.map(({ message }) => message));
    await Promise.all(
      answers.map((answer, index) =>
        answer ? bus.js.publish(bus.subject(answer.subject), JSON.stringify(answer.outcome), { msgID: answer.messageId, headers: batch[index]!.outcomeHeaders }) : undefined,
      ),
    );
  };

  // A failing database or NATS is retried on the same messages (kept in hand), so later orders cannot overtake them.
  const settle = async (messages: readonly JsMsg[], running: () => boolean): Promise<void> => {
    const batch = await Promise.all(messages.map((msg) => receive(bus, msg)));
    for (;;) {
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

  return startPullLoop({ bus, stream: TOWN_VOIRIE_ORDERS_STREAM, durable: ORDERS_CONSUMER, batchSize: ORDERS_BATCH, retryDelayMs, onError, settle });
};
