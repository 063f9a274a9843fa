import type { OrderLink, RoadAsOf, RoadNumberAsOf } from '@digit/contracts';
import { roadCodeOf } from '@digit/contracts';
import { roadCreatedOn, type RoadHistory, type RoadRegistryState } from './road-registry.state.js';
import { roadNumberKey } from './voirie-order.js';

export type { RoadAsOf, RoadDirectionAsOf, RoadNameAsOf, RoadNumberAsOf } from '@digit/contracts';

/** The change in force on `asOf`: latest effective date not after it; ties go to the last recorded. */
export const latestAsOf = <Change extends { readonly order: OrderLink }>(changes: readonly Change[], asOf: string): Change | undefined => {
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

/**
 * The town's roads and squares in force on `asOf` (a valid `YYYY-MM-DD`), sorted by id: the
 * registry as it stands on a given day, for `GET /api/v1/voirie/{insee}/roads?asOf=YYYY-MM-DD`.
 *
 * "As of" reads the orders' effective dates, not when they arrived: an order received in March
 * that takes effect on 1 April changes nothing on 31 March and everything on 1 April. Two changes
 * effective the same day: the one recorded last wins. (Which orders DIGIT *knew* at an instant is
 * the event store's recorded time, used by the auditors' `replay --as-of`.)
 */
export const roadRegistryAsOf = (state: RoadRegistryState, asOf: string): readonly RoadAsOf[] =>
  [...state.roads.values()].flatMap((road) => roadAsOf(road, asOf) ?? []).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
