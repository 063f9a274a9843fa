import { Map as PersistentMap } from 'immutable';
import type { ErrorDetail, Insee } from '@digit/contracts';
import type { OrderLink, RoadRegistryEvent } from './road-registry.events.js';
import type { RoadNumber, RoadType, TrafficDirection } from './voirie-order.js';

/** A name a road took, from its order's effective date; the creation is the first one. */
export interface NameChange {
  readonly name: string;
  readonly roadType: RoadType;
  readonly previousName: string | null;
  readonly order: OrderLink;
}

export interface NumberChange extends RoadNumber {
  readonly order: OrderLink;
}

export interface DirectionChange {
  readonly direction: TrafficDirection;
  readonly order: OrderLink;
}

/** Everything the registry knows about one road, in the order the changes were recorded. */
export interface RoadHistory {
  readonly id: string;
  readonly names: readonly [NameChange, ...NameChange[]];
  readonly numbers: readonly NumberChange[];
  readonly directions: readonly DirectionChange[];
}

/** What became of an order the registry decided on; `reasons` is empty when it was accepted. */
export interface OrderDecision {
  readonly status: 'accepted' | 'rejected';
  readonly order: OrderLink;
  readonly reasons: readonly ErrorDetail[];
}

/**
 * One town's road registry (stream `road-registry-<insee>`). Holds the full history, so that the
 * same state answers both the decider's rules and "as of" queries. Its maps are persistent
 * (structural sharing): each order adds one entry without copying the others, so folding a town's
 * N orders costs N log N, not N² (a copied Map made each order slower than the last).
 */
export interface RoadRegistryState {
  readonly insee: Insee | null;
  /** Every order decided on, by id: sent again, it is a duplicate (R-DX-2). */
  readonly decidedOrders: PersistentMap<string, OrderDecision>;
  readonly roads: PersistentMap<string, RoadHistory>;
}

export const initialRoadRegistryState: RoadRegistryState = { insee: null, decidedOrders: PersistentMap(), roads: PersistentMap() };

/** The day a road starts to exist: the effective date of its creation order. */
export const roadCreatedOn = (road: RoadHistory): string => road.names[0].order.effectiveAt;

const decided = (state: RoadRegistryState, decision: OrderDecision): RoadRegistryState => ({
  ...state,
  insee: state.insee ?? decision.order.insee,
  decidedOrders: state.decidedOrders.set(decision.order.orderId, decision),
});

const withRoad = (state: RoadRegistryState, road: RoadHistory, order: OrderLink): RoadRegistryState => ({
  ...decided(state, { status: 'accepted', order, reasons: [] }),
  roads: state.roads.set(road.id, road),
});

/** Folds one event; events of a road the state does not know are ignored (they cannot be produced). */
export const evolveRoadRegistry = (state: RoadRegistryState, event: RoadRegistryEvent): RoadRegistryState => {
  // The baseline is decided once, like an order: its link is how the registry knows it was imported.
  if (event.type === 'RoadRegistryBaselineImported') return decided(state, { status: 'accepted', order: event.data.order, reasons: [] });
  const { order, roadId } = event.data;
  if (event.type === 'VoirieOrderRejected') return decided(state, { status: 'rejected', order, reasons: event.data.reasons });
  if (event.type === 'RoadCreated') {
    const creation: NameChange = { name: event.data.name, roadType: event.data.roadType, previousName: null, order };
    return withRoad(state, { id: roadId, names: [creation], numbers: [], directions: [] }, order);
  }
  const road = state.roads.get(roadId);
  if (!road) return state;
  switch (event.type) {
    case 'RoadRenamed': {
      const { name, roadType, previousName } = event.data;
      return withRoad(state, { ...road, names: [...road.names, { name, roadType, previousName, order }] }, order);
    }
    case 'RoadNumbered': {
      const added = event.data.numbers.map((number) => ({ ...number, order }));
      return withRoad(state, { ...road, numbers: [...road.numbers, ...added] }, order);
    }
    case 'TrafficDirectionSet':
      return withRoad(state, { ...road, directions: [...road.directions, { direction: event.data.direction, order }] }, order);
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};
