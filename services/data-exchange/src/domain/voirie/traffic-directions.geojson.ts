import type { Insee } from '@digit/contracts';
import { roadRegistryAsOf, type RoadAsOf } from './road-registry-as-of.js';
import type { RoadRegistryState } from './road-registry.state.js';
import type { RoadType, TrafficDirection, VoirieMentions } from './voirie-order.js';

/**
 * Traffic directions as GeoJSON (RFC 7946: WGS84 `[lon, lat]`).
 *
 * The registry knows address points, not road centre lines, so a road's geometry is drawn through
 * its numbered points in the order of increasing numbers (then suffix): a `LineString` when there
 * are at least two distinct points, a `Point` for one, `null` for none (allowed by RFC 7946).
 * The line runs in the direction of increasing numbers, which is what `ONE_WAY_FORWARD` means, so
 * a map can draw the arrows from the line's orientation. The line is schematic: it zigzags between
 * the odd and even sides of the street.
 * Only roads with a traffic direction in force on `asOf` are listed.
 */
export type RoadGeometry =
  | { readonly type: 'LineString'; readonly coordinates: readonly (readonly [number, number])[] }
  | { readonly type: 'Point'; readonly coordinates: readonly [number, number] }
  | null;

export interface TrafficDirectionFeature {
  readonly type: 'Feature';
  readonly id: string;
  readonly geometry: RoadGeometry;
  readonly properties: {
    readonly roadId: string;
    readonly name: string;
    readonly roadType: RoadType;
    readonly direction: TrafficDirection;
    /** Effective date, order id and reference of the traffic direction order. */
    readonly effectiveAt: string;
    readonly orderId: string;
    readonly reference: string;
    /** The town's mentions for that order, to show with the data (R-DX-4). */
    readonly mentions: VoirieMentions;
  };
}

export interface TrafficDirectionCollection {
  readonly type: 'FeatureCollection';
  readonly features: readonly TrafficDirectionFeature[];
  /** Foreign members (RFC 7946 §6.1): which town and which day. */
  readonly insee: Insee;
  readonly asOf: string;
}

const geometryOf = (road: RoadAsOf): RoadGeometry => {
  const points: [number, number][] = [];
  for (const { lon, lat } of road.numbers) {
    const last = points[points.length - 1];
    if (!last || last[0] !== lon || last[1] !== lat) points.push([lon, lat]);
  }
  const [first] = points;
  if (!first) return null;
  return points.length === 1 ? { type: 'Point', coordinates: first } : { type: 'LineString', coordinates: points };
};

export const trafficDirectionsGeoJson = (state: RoadRegistryState, insee: Insee, asOf: string): TrafficDirectionCollection => ({
  type: 'FeatureCollection',
  insee,
  asOf,
  features: roadRegistryAsOf(state, asOf).flatMap((road): TrafficDirectionFeature[] => {
    if (!road.direction) return [];
    const { direction, order } = road.direction;
    return [
      {
        type: 'Feature',
        id: road.id,
        geometry: geometryOf(road),
        properties: {
          roadId: road.id,
          name: road.name,
          roadType: road.roadType,
          direction,
          effectiveAt: order.effectiveAt,
          orderId: order.orderId,
          reference: order.reference,
          mentions: order.mentions,
        },
      },
    ];
  }),
});
