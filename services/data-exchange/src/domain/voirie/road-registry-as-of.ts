import { roadCodeOf } from './road-id.js';
import type { OrderLink } from './road-registry.events.js';
import { roadCreatedOn, type RoadHistory, type RoadRegistryState } from './road-registry.state.js';
import { roadNumberKey, type RoadType, type TrafficDirection } from './voirie-order.js';

/**
 * The registry as it stands on a given day, for `GET /api/v1/voirie/{insee}/roads?asOf=YYYY-MM-DD`.
 *
 * "As of" reads the orders' effective dates, not when they arrived: an order received in March
 * that takes effect on 1 April changes nothing on 31 March and everything on 1 April. Two changes
 * effective the same day: the one recorded last wins. (Which orders DIGIT *knew* at an instant is
 * the event store's recorded time, used by the auditors' `replay --as-of`.)
 */
export interface RoadNameAsOf {
  readonly name: string;
  readonly roadType: RoadType;
  readonly previousName: string | null;
  readonly order: OrderLink;
}

export interface RoadNumberAsOf {
  readonly number: number;
  readonly suffix: string | null;
  readonly lon: number;
  readonly lat: number;
  /** The order that gave this number its current position. */
  readonly order: OrderLink;
}

export interface RoadDirectionAsOf {
  readonly direction: TrafficDirection;
  readonly order: OrderLink;
}

export interface RoadAsOf {
  readonly id: string;
  /** The 4-character code voie of the BAL key. */
  readonly code: string;
  readonly name: string;
  readonly roadType: RoadType;
  /** Effective date of the creation order. */
  readonly createdOn: string;
  /** Every name the road has had up to the day, oldest first; the last one is `name`. */
  readonly names: readonly RoadNameAsOf[];
  /** Sorted by number, then suffix (no suffix first). */
  readonly numbers: readonly RoadNumberAsOf[];
  /** Null when no traffic direction order has taken effect yet. */
  readonly direction: RoadDirectionAsOf | null;
}

/** The change in force on `asOf`: latest effective date not after it; ties go to the last recorded. */
export const latestAsOf = <Change extends { readonly order: OrderLink }>(
  changes: readonly Change[],
  asOf: string,
): Change | undefined => {
  let latest: Change | undefined;
  for (const change of changes) {
    if (change.order.effectiveAt <= asOf && (!latest || change.order.effectiveAt >= latest.order.effectiveAt)) latest = change;
  }
  return latest;
};

/** Changes in force by `asOf`, oldest effective date first (recording order among equals). */
const inForceBy = <Change extends { readonly order: OrderLink }>(changes: readonly Change[], asOf: string): Change[] =>
  changes
    .filter((change) => change.order.effectiveAt <= asOf)
    .sort((a, b) => (a.order.effectiveAt < b.order.effectiveAt ? -1 : a.order.effectiveAt > b.order.effectiveAt ? 1 : 0));

const compareNumbers = (a: RoadNumberAsOf, b: RoadNumberAsOf): number => {
  if (a.number !== b.number) return a.number - b.number;
  if (a.suffix === b.suffix) return 0;
  if (a.suffix === null) return -1;
  if (b.suffix === null) return 1;
  return a.suffix.localeCompare(b.suffix, 'fr');
};

const numbersAsOf = (road: RoadHistory, asOf: string): RoadNumberAsOf[] => {
  const byAddress = new Map<string, RoadNumberAsOf>();
  for (const change of inForceBy(road.numbers, asOf)) {
    const { number, suffix, lon, lat, order } = change;
    byAddress.set(roadNumberKey(number, suffix), { number, suffix, lon, lat, order });
  }
  return [...byAddress.values()].sort(compareNumbers);
};

const roadAsOf = (road: RoadHistory, asOf: string): RoadAsOf | undefined => {
  if (roadCreatedOn(road) > asOf) return undefined;
  const names = inForceBy(road.names, asOf).map(({ name, roadType, previousName, order }) => ({ name, roadType, previousName, order }));
  const current = names[names.length - 1]!;
  const direction = latestAsOf(road.directions, asOf);
  return {
    id: road.id,
    code: roadCodeOf(road.id),
    name: current.name,
    roadType: current.roadType,
    createdOn: roadCreatedOn(road),
    names,
    numbers: numbersAsOf(road, asOf),
    direction: direction ? { direction: direction.direction, order: direction.order } : null,
  };
};

/** The town's roads and squares in force on `asOf` (a valid `YYYY-MM-DD`), sorted by id. */
export const roadRegistryAsOf = (state: RoadRegistryState, asOf: string): readonly RoadAsOf[] =>
  [...state.roads.values()]
    .flatMap((road) => roadAsOf(road, asOf) ?? [])
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
