import { setTimeout as sleep } from 'node:timers/promises';
import type { EventMetadata, Insee } from '@digit/contracts';
import { isDomainError } from '@digit/contracts';
import { WrongExpectedVersionError, type EventStore, type NewEvent } from '@digit/event-store';
import {
  decisionOutcome,
  ORDER_PATH,
  ROAD_REGISTRY_ERRORS,
  roadRegistryDecider,
  roadRegistryStreamId,
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

/** The part of a town's registry that some orders need, as of a version of its stream. */
interface RegistrySlice {
  readonly state: RoadRegistryState;
  readonly version: number;
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
  errors: [{ path: ORDER_PATH, message: 'l’arrêté contient des caractères que le registre ne peut pas enregistrer (texte mal encodé) : vérifiez les noms et références en UTF-8' }],
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
 * The registry's command edge (R-DX-1, R-DX-2). It does what `handleCommand` does (load, decide,
 * append at the version read, decide again on a conflict), with two differences that keep a
 * large registry fast and small:
 * - it loads only the slice of the town's registry the orders need: the events of their roads and
 *   of their order ids (an order's decision depends on nothing else: its road's history, whether
 *   its id was decided). Memory and time per batch do not grow with the registry.
 * - the orders of one town that arrive together are decided in turn and appended at once; the
 *   towns' appends run side by side.
 */
export const createRoadRegistryWriter = (store: EventStore): RoadRegistryWriter => {
  // The version first: a slice read after it may hold later events, which the append then
  // refuses; never a slice older than the version it is appended at.
  const loadSlice = async (streamId: string, orders: readonly ReceivedOrder[]): Promise<RegistrySlice> => {
    const version = await store.streamVersion(streamId);
    if (version === 0) return { state: roadRegistryDecider.initialState, version };
    const events = await store.readStreamMatching(
      streamId,
      [
        { path: ['roadId'], values: [...new Set(orders.map(({ order }) => order.road.id))] },
        { path: ['order', 'orderId'], values: [...new Set(orders.map(({ order }) => order.orderId))] },
      ],
      version,
    );
    const state = events.reduce((folded, event) => roadRegistryDecider.evolve(folded, event as unknown as RoadRegistryEvent), roadRegistryDecider.initialState);
    return { state, version };
  };

  const decideAll = (state: RoadRegistryState, orders: readonly ReceivedOrder[]) => {
    let working = state;
    const events: NewEvent[] = [];
    const outcomes = orders.map(({ order, receivedAt, metadata }): VoirieOutcome => {
      const decision = roadRegistryDecider.decide({ type: 'ApplyVoirieOrder', order, receivedAt }, working);
      if (isDomainError(decision)) {
        const earlier = working.decidedOrders.get(order.orderId);
        // The same message delivered again (the service stopped after recording, before
        // answering): answer what was decided then, not "duplicate".
        if (decision.code === ROAD_REGISTRY_ERRORS.duplicate && earlier?.order.receivedAt === receivedAt) {
          return { orderId: order.orderId, status: earlier.status, errors: earlier.reasons };
        }
        return decisionOutcome(order.orderId, decision);
      }
      events.push(...decision.map((event) => ({ ...event, metadata })));
      working = decision.reduce(roadRegistryDecider.evolve, working);
      return decisionOutcome(order.orderId, decision);
    });
    return { events, outcomes };
  };

  const applyTown = async (streamId: string, orders: readonly ReceivedOrder[]): Promise<VoirieOutcome[]> => {
    for (let attempt = 1; ; attempt++) {
      const slice = await loadSlice(streamId, orders);
      const { events, outcomes } = decideAll(slice.state, orders);
      if (events.length === 0) return outcomes;
      try {
        await store.append(streamId, slice.version === 0 ? 'no_stream' : slice.version, events);
        return outcomes;
      } catch (error) {
        if (isRefusedData(error)) {
          if (orders.length === 1) return [unstorable(orders[0]!.order.orderId)];
          // Find the order PostgreSQL refuses: the others are recorded one by one.
          const one: VoirieOutcome[] = [];
          for (const order of orders) one.push(...(await applyTown(streamId, [order])));
          return one;
        }
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
        await backoff(attempt);
      }
    }
  };

  return {
    async applyAll(orders) {
      const outcomes: VoirieOutcome[] = new Array(orders.length);
      const byTown = new Map<string, number[]>();
      orders.forEach(({ order }, index) => {
        const streamId = roadRegistryStreamId(order.insee as Insee);
        byTown.set(streamId, [...(byTown.get(streamId) ?? []), index]);
      });
      // Towns' registries are separate streams: their appends go together, and the store's group
      // commit records them in one transaction (one flush for the batch, not one per town).
      const settled = await Promise.allSettled(
        [...byTown].map(async ([streamId, indices]) => {
          const decided = await applyTown(streamId, indices.map((index) => orders[index]!));
          indices.forEach((index, i) => (outcomes[index] = decided[i]!));
        }),
      );
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      return outcomes;
    },
  };
};
