import { Temporal } from 'temporal-polyfill';
import { isVoirieErrorCode, voirieOutcomesSubject, type EventMetadata, type VoirieOutcome as TownOutcome } from '@digit/contracts';
import { parseVoirieOrder, rejectedMessageOutcome, type SentIdentity, type VoirieOutcome } from '../domain/voirie/index.js';
import type { ReceivedOrder, RoadRegistryWriter } from './road-registry.writer.js';

/** A message of the orders stream, stripped of its transport. */
export interface VoirieOrderMessage {
  /** Logical subject (without the bus namespace). */
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** Its sequence in TOWN_VOIRIE_ORDERS: the same on every redelivery. */
  readonly sequence: number;
  /** When JetStream stored it (nanoseconds since the epoch): the order's reception time. */
  readonly storedAtNanos: bigint;
  /** The trace the town's message belongs to, recorded with the events it causes. */
  readonly trace?: Pick<EventMetadata, 'traceparent' | 'tracestate'>;
}

export interface VoirieAnswer {
  /** The town's outcomes subject (logical). */
  readonly subject: string;
  readonly outcome: TownOutcome;
  /**
   * `Nats-Msg-Id` of the outcome: one per order message, so a redelivery of the message does not
   * answer twice, while a later message with the same order id still gets its own answer
   * (`duplicate`, or `accepted` for an order corrected after a refusal at reception).
   */
  readonly messageId: string;
}

const ORDERS_SUBJECT = /^digit\.towns\.([^.]+)\.voirie\.orders$/;

/** ISO instant with the Paris offset, to the nanosecond, so that each message has its own. */
export const receptionInstant = (nanos: bigint): string =>
  Temporal.Instant.fromEpochNanoseconds(nanos).toZonedDateTimeISO('Europe/Paris').toString({ timeZoneName: 'never' });

const msgIdOf = (message: VoirieOrderMessage): string | null =>
  Object.entries(message.headers).find(([name]) => name.toLowerCase() === 'nats-msg-id')?.[1][0] ?? null;

/**
 * What the town reads (CONTRACT.md v1.1): the registry's verdict, with the order's `orderId` and
 * `reference` as sent (even invalid), the message's `Nats-Msg-Id` and stream sequence, and a code
 * on every error (a reason recorded before codes existed reads as VOIRIE_ORDER_REJECTED).
 */
const townOutcome = (message: VoirieOrderMessage, verdict: VoirieOutcome, sent: SentIdentity): TownOutcome => ({
  orderId: sent.orderId,
  reference: sent.reference,
  status: verdict.status,
  errors: verdict.errors.map((error) => {
    const code = (error as { code?: unknown }).code;
    return { path: error.path, message: error.message, code: isVoirieErrorCode(code) ? code : 'VOIRIE_ORDER_REJECTED' };
  }),
  msgId: msgIdOf(message),
  sequence: message.sequence,
});

const answerTo = (message: VoirieOrderMessage, verdict: VoirieOutcome, sent: SentIdentity): VoirieAnswer | null => {
  const token = ORDERS_SUBJECT.exec(message.subject)?.[1];
  if (token === undefined) return null;
  return {
    subject: voirieOutcomesSubject(token),
    outcome: townOutcome(message, verdict, sent),
    messageId: `outcome:${verdict.orderId ?? 'sans-identifiant'}:${message.sequence}`,
  };
};

/**
 * Messages of towns' DSIs, from bytes to answers, in order (R-DX-1..3): each is refused at
 * reception (nothing stored) or decided by the registry (accepted, rejected with its reasons,
 * duplicate). Null for a message on no town's orders subject (the consumer's filter excludes it).
 * Throws only when the infrastructure fails (database, NATS): the messages are then retried.
 */
export const answerVoirieMessages = async (
  writer: RoadRegistryWriter,
  messages: readonly VoirieOrderMessage[],
): Promise<(VoirieAnswer | null)[]> => {
  const answers: (VoirieAnswer | null)[] = [];
  const received: { index: number; order: ReceivedOrder; sent: SentIdentity }[] = [];
  for (const message of messages) {
    const parsed = await parseVoirieOrder({ subject: message.subject, data: message.data, headers: message.headers });
    if (parsed.ok) {
      const { order } = parsed;
      const metadata: EventMetadata = {
        ...message.trace,
        actor: `town:${order.insee}`,
        correlationId: order.orderId,
        causationId: `voirie-order-message:${message.sequence}`,
      };
      received.push({
        index: answers.length,
        order: { order, receivedAt: receptionInstant(message.storedAtNanos), metadata },
        sent: { orderId: order.orderId, reference: order.reference },
      });
      answers.push(null);
    } else {
      answers.push(answerTo(message, rejectedMessageOutcome(parsed), parsed.sent));
    }
  }
  const outcomes = await writer.applyAll(received.map(({ order }) => order));
  received.forEach(({ index, sent }, i) => (answers[index] = answerTo(messages[index]!, outcomes[i]!, sent)));
  return answers;
};
