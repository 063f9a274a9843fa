import { AckPolicy, DeliverPolicy, type ConsumerConfig } from '@nats-io/jetstream';
import { INSEE_CODES, TOWN_VOIRIE_ORDERS_STREAM, TOWN_VOIRIE_OUTCOMES_STREAM, voirieOrdersSubject, voirieOutcomesSubject } from '@digit/contracts';
import { ensureStream, type Bus } from '@digit/messaging';
import { MAX_ORDER_BYTES } from '../domain/voirie/index.js';

/**
 * Largest message the orders stream stores: the parser's limit (64 KiB of body) plus 16 KiB for
 * headers and slack. A message between the two is stored and answered `rejected` (oversized);
 * only beyond this does the publish itself fail, so the DSI learns it from the publish ack.
 */
export const ORDERS_MAX_MESSAGE_BYTES = MAX_ORDER_BYTES + 16 * 1024;

/** The service's own durable consumer of every town's orders. */
export const ORDERS_CONSUMER = 'data-exchange-voirie-orders';

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

/**
 * CONTRACT.md's two town-facing streams, the orders consumer and the eight outcomes consumers.
 * Safe at every start; towns create nothing (NATS 2.9 cannot restrict consumer creation by filter).
 */
export const ensureVoirieStreams = async (bus: Bus, options: { ackWaitMs: number }): Promise<void> => {
  await ensureStream(bus, { name: TOWN_VOIRIE_ORDERS_STREAM, subjects: [voirieOrdersSubject('*')], maxMessageBytes: ORDERS_MAX_MESSAGE_BYTES });
  await ensureStream(bus, { name: TOWN_VOIRIE_OUTCOMES_STREAM, subjects: [voirieOutcomesSubject('*')] });
  const outcomes = bus.streamName(TOWN_VOIRIE_OUTCOMES_STREAM);
  for (const insee of INSEE_CODES) {
    await ensureConsumer(bus, outcomes, {
      durable_name: outcomesConsumer(insee),
      filter_subject: bus.subject(voirieOutcomesSubject(insee)),
      ack_policy: AckPolicy.Explicit,
    });
  }
  const orders: Partial<ConsumerConfig> & { durable_name: string } = {
    durable_name: ORDERS_CONSUMER,
    filter_subject: bus.subject(voirieOrdersSubject('*')),
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(options.ackWaitMs),
    // One copy decides the orders in the order towns published them (a numbering never overtakes
    // the creation of its road). Copies sharing this consumer split the load but may decide two
    // orders published within the same instant in either order.
    max_ack_pending: ORDERS_BATCH,
    max_deliver: -1,
  };
  await ensureConsumer(bus, bus.streamName(TOWN_VOIRIE_ORDERS_STREAM), orders);
  await rewindOrdersInHand(bus, orders);
};

/**
 * A copy that died (kill -9, power loss) leaves the orders it had taken unacknowledged: JetStream
 * would deliver them again only after the ack wait, behind the orders that came since, so a
 * numbering could overtake the creation of its road. Starting again, the service recreates the
 * consumer from its ack floor: the orders in hand come first, in stream order. Those already
 * decided get the answers recorded then (the registry recognises a message by its reception time).
 */
const rewindOrdersInHand = async (bus: Bus, config: Partial<ConsumerConfig> & { durable_name: string }): Promise<void> => {
  const stream = bus.streamName(TOWN_VOIRIE_ORDERS_STREAM);
  const info = await bus.jsm.consumers.info(stream, config.durable_name);
  if (info.num_ack_pending === 0) return;
  await bus.jsm.consumers.delete(stream, config.durable_name);
  await bus.jsm.consumers.add(stream, { ...config, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: info.ack_floor.stream_seq + 1 });
};
