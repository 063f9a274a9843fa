import type { Insee } from '../towns.js';

/** WGS84 degrees; a point is inside when min ≤ value ≤ max on both axes. */
export interface BoundingBox {
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
}

/**
 * Approximate bounding boxes of the eight towns (WGS84, EPSG:4326).
 *
 * Source and approximation: the extents of the communes' administrative limits (IGN Admin Express,
 * OpenStreetMap boundaries), read to about 0.005° and rounded outwards, then widened by a margin of
 * about 500 m on each side (0.005° of latitude ≈ 555 m, 0.007° of longitude ≈ 510 m at 48.8° N).
 * They are a plausibility guard for coordinates in road orders (a typo, swapped lon/lat, a point of
 * another town far away), not a point-in-polygon test: neighbouring boxes overlap. Replace them by
 * the official polygons if a stricter check is ever needed.
 */
export const TOWN_BOUNDING_BOXES: Readonly<Record<Insee, BoundingBox>> = {
  '92012': { minLon: 2.217, minLat: 48.816, maxLon: 2.268, maxLat: 48.856 }, // Boulogne-Billancourt
  '92022': { minLon: 2.162, minLat: 48.788, maxLon: 2.213, maxLat: 48.827 }, // Chaville
  '92040': { minLon: 2.234, minLat: 48.806, maxLon: 2.298, maxLat: 48.841 }, // Issy-les-Moulineaux
  '92047': { minLon: 2.138, minLat: 48.81, maxLon: 2.197, maxLat: 48.848 }, // Marnes-la-Coquette
  '92048': { minLon: 2.18, minLat: 48.776, maxLon: 2.272, maxLat: 48.835 }, // Meudon
  '92072': { minLon: 2.186, minLat: 48.806, maxLon: 2.238, maxLat: 48.839 }, // Sèvres
  '92075': { minLon: 2.272, minLat: 48.808, maxLon: 2.308, maxLat: 48.834 }, // Vanves
  '92077': { minLon: 2.162, minLat: 48.807, maxLon: 2.212, maxLat: 48.842 }, // Ville-d'Avray
};

export const isInsideBox = (box: BoundingBox, lon: number, lat: number): boolean =>
  lon >= box.minLon && lon <= box.maxLon && lat >= box.minLat && lat <= box.maxLat;

/** `lon 2,217 à 2,268, lat 48,816 à 48,856`: the box as a French reader checks it. */
export const describeBox = (box: BoundingBox): string => {
  const degrees = (value: number): string => value.toLocaleString('fr-FR', { maximumFractionDigits: 4 });
  return `lon ${degrees(box.minLon)} à ${degrees(box.maxLon)}, lat ${degrees(box.minLat)} à ${degrees(box.maxLat)}`;
};
