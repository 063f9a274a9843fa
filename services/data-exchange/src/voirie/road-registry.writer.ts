import { setTimeout as sleep } from 'node:timers/promises';
import type { EventMetadata, Insee } from '@digit/contracts';
import { handleCommands, type CommandOutcome, type EventStore, type StreamCommands } from '@digit/event-store';
import {
  decisionOutcome,
  ORDER_PATH,
  ROAD_REGISTRY_ERRORS,
  roadRegistryDecider,
  roadRegistryStreamId,
  type ApplyVoirieOrder,
  type RoadRegistryEvent,
  type RoadRegistryState,
  type VoirieOrder,
  type VoirieOutcome,
} from '../domain/voirie/index.js';

/** An order to decide, received at `receivedAt` (the JetStream timestamp: the same on every redelivery). */
export interface ReceivedOrder {
  readonly order: VoirieOrder;
  readonly receivedAt: string;
  /** Recorded with the order's events (actor, correlation, trace). */
  readonly metadata: EventMetadata;
}

export interface RoadRegistryWriter {
  /** Decides and records the orders, in the order given; says what to answer each town. */
  applyAll(orders: readonly ReceivedOrder[]): Promise<VoirieOutcome[]>;
}

const MAX_ATTEMPTS = 10;
/** Two copies writing one town retry at random moments, so that they stop colliding. */
const backoff = (attempt: number) => sleep(Math.random() * 5 * attempt);

/**
 * PostgreSQL refused the data itself (class 22 "data exception": a lone UTF-16 surrogate in a
 * name, for instance): the same order would fail forever, so it is answered, not retried.
 */
const isRefusedData = (error: unknown): boolean => {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('22');
};

const unstorable = (orderId: string): VoirieOutcome => ({
  orderId,
  status: 'rejected',
  errors: [
    {
      path: ORDER_PATH,
      message:
        'l’arrêté contient des caractères que le registre ne peut pas enregistrer (texte mal encodé) : vérifiez les noms et références en UTF-8',
    },
  ],
});

/**
 * The indexes that find a slice of a town's registry among all the store's events (the paths the
 * writer reads: `readStreamMatching`). Created once, by the copies starting together.
 */
export const indexRoadRegistryEvents = async (store: EventStore): Promise<void> => {
  await store.indexDataPath('events_road_registry_by_road', ['roadId']);
  await store.indexDataPath('events_road_registry_by_order', ['order', 'orderId']);
};

/**
 * The registry's command edge (R-DX-1, R-DX-2), on the one command path (`handleCommands`):
 * - it loads only the slice of the town's registry the orders need: the events of their roads and
 *   of their order ids (an order's decision depends on nothing else: its road's history, whether
 *   its id was decided). Memory and time per batch do not grow with the registry.
 * - the orders of one town that arrive together are decided in turn and appended at once; the
 *   towns' appends run side by side.
 */
export const createRoadRegistryWriter = (store: EventStore): RoadRegistryWriter => {
  const commandsOf = (orders: readonly ReceivedOrder[]): StreamCommands<ApplyVoirieOrder> => ({
    streamId: roadRegistryStreamId(orders[0]!.order.insee as Insee),
    commands: orders.map(({ order, receivedAt, metadata }) => ({ command: { type: 'ApplyVoirieOrder', order, receivedAt }, metadata })),
    matching: [
      { path: ['roadId'], values: [...new Set(orders.map(({ order }) => order.road.id))] },
      { path: ['order', 'orderId'], values: [...new Set(orders.map(({ order }) => order.orderId))] },
    ],
  });

  const outcomeOf = (
    { order, receivedAt }: ReceivedOrder,
    outcome: CommandOutcome<RoadRegistryEvent, RoadRegistryState>,
  ): VoirieOutcome => {
    if (outcome.ok) return decisionOutcome(order.orderId, outcome.decided);
    const earlier = outcome.state.decidedOrders.get(order.orderId);
    // The same message delivered again (the service stopped after recording, before answering):
    // answer what was decided then, not "duplicate".
    if (outcome.error.code === ROAD_REGISTRY_ERRORS.duplicate && earlier?.order.receivedAt === receivedAt) {
      return { orderId: order.orderId, status: earlier.status, errors: earlier.reasons };
    }
    return decisionOutcome(order.orderId, outcome.error);
  };

  /** Each town's orders (one list per town), decided and recorded: what to answer, in the same order. */
  const applyTowns = async (towns: readonly (readonly ReceivedOrder[])[]): Promise<VoirieOutcome[][]> => {
    const results = await handleCommands(store, roadRegistryDecider, towns.map(commandsOf), { attempts: MAX_ATTEMPTS, backoff });
    return Promise.all(
      results.map(async (result, index) => {
        const orders = towns[index]!;
        if (result.ok) return result.outcomes.map((outcome, i) => outcomeOf(orders[i]!, outcome));
        if (!isRefusedData(result.error)) throw result.error;
        if (orders.length === 1) return [unstorable(orders[0]!.order.orderId)];
        // Find the order PostgreSQL refuses: the others are recorded one by one.
        const one: VoirieOutcome[] = [];
        for (const order of orders) one.push(...(await applyTowns([[order]]))[0]!);
        return one;
      }),
    );
  };

  return {
    async applyAll(orders) {
      const outcomes = new Array<VoirieOutcome>(orders.length);
      const byTown = new Map<string, number[]>();
      orders.forEach(({ order }, index) => byTown.set(order.insee, [...(byTown.get(order.insee) ?? []), index]));
      // Towns' registries are separate streams: their appends go together, and the store's group
      // commit records them in one transaction (one flush for the batch, not one per town).
      const towns = [...byTown.values()];
      const decided = await applyTowns(towns.map((indices) => indices.map((index) => orders[index]!)));
      towns.forEach((indices, town) => indices.forEach((index, i) => (outcomes[index] = decided[town]![i]!)));
      return outcomes;
    },
  };
};
