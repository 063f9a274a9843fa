import { setTimeout as sleep } from 'node:timers/promises';
import { AckPolicy, DeliverPolicy, type ConsumerConfig } from '@nats-io/jetstream';
import {
  INSEE_CODES,
  TOWN_VOIRIE_ORDERS_STREAM,
  TOWN_VOIRIE_OUTCOMES_STREAM,
  voirieOrdersSubject,
  voirieOutcomesSubject,
} from '@digit/contracts';
import { ensureStream, type Bus } from '@digit/messaging';
import { MAX_ORDER_BYTES } from '../domain/voirie/index.js';

/**
 * Largest message the orders stream stores: the parser's limit (64 KiB of body) plus 16 KiB for
 * headers and slack. A message between the two is stored and answered `rejected` (oversized);
 * only beyond this does the publish itself fail, so the DSI learns it from the publish ack.
 */
export const ORDERS_MAX_MESSAGE_BYTES = MAX_ORDER_BYTES + 16 * 1024;

/** The consumer of every town's orders before issue 19: its position carries over to the towns' consumers. */
const SHARED_ORDERS_CONSUMER = 'data-exchange-voirie-orders';

/** Each town's orders consumer: one town's orders, in the order the town published them. */
export const ordersConsumer = (insee: string): string => `data-exchange-voirie-orders-${insee}`;

/** The bucket where the service's copies lease the towns (one copy handles a town's orders at a time). */
export const TOWN_LEASES_BUCKET = 'DIGIT_VOIRIE_TOWN_LEASES';

/** Orders taken together at most: one append per town for all of them. */
export const ORDERS_BATCH = 64;

/** The consumer each town reads its outcomes from (infra/nats/authorization.conf lets it, and only it). */
export const outcomesConsumer = (insee: string): string => `outcomes-${insee}`;

const nanos = (ms: number): number => ms * 1_000_000;

/** Creates a durable consumer, or brings an existing one to this configuration. */
const ensureConsumer = async (bus: Bus, stream: string, config: Partial<ConsumerConfig> & { durable_name: string }): Promise<void> => {
  try {
    await bus.jsm.consumers.add(stream, config);
  } catch (error) {
    if (!/already (exists|in use)/i.test(String(error))) throw error;
    await bus.jsm.consumers.update(stream, config.durable_name, config);
  }
};

type Config = Partial<ConsumerConfig> & { durable_name: string };

const ordersConsumerConfig = (bus: Bus, insee: string, ackWaitMs: number): Config => ({
  durable_name: ordersConsumer(insee),
  filter_subject: bus.subject(voirieOrdersSubject(insee)),
  ack_policy: AckPolicy.Explicit,
  ack_wait: nanos(ackWaitMs),
  // One batch in hand at a time: the town's next orders wait for its answers.
  max_ack_pending: ORDERS_BATCH,
  max_deliver: -1,
});

const consumerInfo = async (bus: Bus, stream: string, durable: string) => {
  try {
    return await bus.jsm.consumers.info(stream, durable);
  } catch (error) {
    if (/consumer not found/i.test(String(error))) return undefined;
    throw error;
  }
};

/**
 * A town's orders consumer, created where the shared consumer of earlier versions had got to (its
 * ack floor), else from the stream's start. An existing one keeps its start (a rewind sets it) and
 * takes the current limits.
 */
const ensureOrdersConsumer = async (bus: Bus, insee: string, ackWaitMs: number, sharedFloor: number | undefined): Promise<void> => {
  const stream = bus.streamName(TOWN_VOIRIE_ORDERS_STREAM);
  const config = ordersConsumerConfig(bus, insee, ackWaitMs);
  const existing = await consumerInfo(bus, stream, config.durable_name);
  if (existing) {
    await bus.jsm.consumers.update(stream, config.durable_name, { ...existing.config, ...config });
    return;
  }
  const start = sharedFloor === undefined ? {} : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: sharedFloor + 1 };
  await ensureConsumer(bus, stream, { ...config, ...start });
};

/**
 * CONTRACT.md's two town-facing streams, each town's orders consumer and the eight outcomes
 * consumers. Safe at every start, by several copies at once; towns create nothing (NATS 2.9
 * cannot restrict consumer creation by filter).
 */
export const ensureVoirieStreams = async (bus: Bus, options: { ackWaitMs: number }): Promise<void> => {
  // The towns' own subjects only (CONTRACT.md `digit.towns.<insee>.voirie.orders`): each has its
  // consumer, and a publish on any other subject fails at once instead of waiting unanswered.
  await ensureStream(bus, {
    name: TOWN_VOIRIE_ORDERS_STREAM,
    subjects: INSEE_CODES.map(voirieOrdersSubject),
    maxMessageBytes: ORDERS_MAX_MESSAGE_BYTES,
  });
  await ensureStream(bus, { name: TOWN_VOIRIE_OUTCOMES_STREAM, subjects: [voirieOutcomesSubject('*')] });
  const outcomes = bus.streamName(TOWN_VOIRIE_OUTCOMES_STREAM);
  for (const insee of INSEE_CODES) {
    await ensureConsumer(bus, outcomes, {
      durable_name: outcomesConsumer(insee),
      filter_subject: bus.subject(voirieOutcomesSubject(insee)),
      ack_policy: AckPolicy.Explicit,
    });
  }
  const stream = bus.streamName(TOWN_VOIRIE_ORDERS_STREAM);
  const shared = await consumerInfo(bus, stream, SHARED_ORDERS_CONSUMER);
  for (const insee of INSEE_CODES) await ensureOrdersConsumer(bus, insee, options.ackWaitMs, shared?.ack_floor.stream_seq);
  if (shared) await bus.jsm.consumers.delete(stream, SHARED_ORDERS_CONSUMER).catch(() => undefined);
};

/**
 * Taking a town over: the copy that held it before may have died (kill -9, power loss) with
 * orders taken and not acknowledged. JetStream would deliver them again only after the ack wait,
 * behind the orders that came since, so a numbering could overtake the creation of its road. The
 * new holder (and only it: the lease says no other copy acts for the town) recreates the town's
 * consumer from its ack floor: the orders in hand come first, in stream order. Those already
 * decided get the answers recorded then (the registry recognises a message by its reception time).
 */
export const rewindOrdersInHand = async (bus: Bus, insee: string, ackWaitMs: number): Promise<void> => {
  const stream = bus.streamName(TOWN_VOIRIE_ORDERS_STREAM);
  const config = ordersConsumerConfig(bus, insee, ackWaitMs);
  const info = await consumerInfo(bus, stream, config.durable_name);
  if (!info) {
    // A holder died between the delete and the add below: its ack floor is gone with the consumer.
    // The town's orders come again from the start; the registry recognises every one it decided
    // (answered as then; the outcomes' Nats-Msg-Id drops the repeats within the duplicate window).
    console.error(`data-exchange: the orders consumer of ${insee} was missing; recreated from the start of the stream`);
    await addUntilDone(bus, stream, config);
    return;
  }
  if (info.num_ack_pending === 0 && info.delivered.stream_seq <= info.ack_floor.stream_seq) return;
  await bus.jsm.consumers.delete(stream, config.durable_name);
  await addUntilDone(bus, stream, { ...config, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: info.ack_floor.stream_seq + 1 });
};

/**
 * Once its consumer is deleted, the town's position lives only here: the add is tried again until
 * JetStream takes it (a leader election, a node restarting, the delete not yet applied everywhere).
 */
const addUntilDone = async (bus: Bus, stream: string, config: Config): Promise<void> => {
  for (let attempt = 0; ; attempt++) {
    try {
      await bus.jsm.consumers.add(stream, config);
      return;
    } catch (error) {
      // An earlier try took effect though its answer was lost.
      if (await consumerInfo(bus, stream, config.durable_name).catch(() => undefined)) return;
      if (attempt % 20 === 0) console.error(`data-exchange: creating ${config.durable_name} again failed, retrying:`, error);
      await sleep(250);
    }
  }
};
