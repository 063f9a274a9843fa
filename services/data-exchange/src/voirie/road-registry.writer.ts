import type { EventMetadata, Insee, StoredEvent } from '@digit/contracts';
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
  /** Drops what it holds in memory: after a failure, an append may or may not have committed. */
  forget(): void;
}

interface CachedRegistry {
  readonly state: RoadRegistryState;
  readonly version: number;
  readonly position: bigint;
}

const EMPTY: CachedRegistry = { state: roadRegistryDecider.initialState, version: 0, position: 0n };
const PAGE = 1000;
const MAX_ATTEMPTS = 5;

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

const fold = (from: CachedRegistry, events: readonly StoredEvent[]): CachedRegistry =>
  events.reduce(
    (cached: CachedRegistry, event: StoredEvent) => ({
      state: roadRegistryDecider.evolve(cached.state, event as unknown as RoadRegistryEvent),
      version: event.streamVersion,
      position: event.position,
    }),
    from,
  );

/**
 * The registry's command edge (R-DX-1, R-DX-2). It does what `handleCommand` does (load, decide,
 * append at the version read, decide again on a conflict), with two differences that keep a
 * busy registry fast:
 * - each town's folded state stays in memory: refolding a history that grows with every order
 *   would make each order slower than the last. The cached state is trusted until an append
 *   conflicts (another copy of the service wrote meanwhile); it is then brought up to date and the
 *   orders decided again. A state missing some orders can only miss a duplicate, which the append
 *   reveals; it never invents one, so answers given without an append are right too.
 * - the orders of one town that arrive together are decided in turn and appended at once; the
 *   towns' appends run side by side.
 */
export const createRoadRegistryWriter = (store: EventStore): RoadRegistryWriter => {
  const cache = new Map<string, CachedRegistry>();

  const refresh = async (streamId: string): Promise<CachedRegistry> => {
    let current = cache.get(streamId) ?? EMPTY;
    for (;;) {
      // `road-registry-92012` is no other stream's prefix: INSEE codes all have five digits.
      const events = await store.readAll({ after: current.position, streamPrefixes: [streamId], limit: PAGE });
      current = fold(current, events);
      if (events.length < PAGE) break;
    }
    cache.set(streamId, current);
    return current;
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
      const cached = cache.get(streamId) ?? (await refresh(streamId));
      const { events, outcomes } = decideAll(cached.state, orders);
      if (events.length === 0) return outcomes;
      try {
        const appended = await store.append(streamId, cached.version === 0 ? 'no_stream' : cached.version, events);
        cache.set(streamId, fold(cached, appended.events));
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
        await refresh(streamId);
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
    forget() {
      cache.clear();
    },
  };
};
