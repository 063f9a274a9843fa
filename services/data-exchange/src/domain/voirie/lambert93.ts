/**
 * WGS84 longitude/latitude (degrees) → Lambert-93 (EPSG:2154, metres), the legal projection of
 * metropolitan France that BAL's `x`/`y` columns use.
 *
 * Lambert Conformal Conic with two standard parallels on the GRS80 ellipsoid (formulas of the
 * IGN note NT/G 71 "Projection cartographique conique conforme de Lambert"; EPSG:2154 parameters):
 * parallels 44° N and 49° N, origin 46°30' N 3° E, false easting 700,000 m, false northing
 * 6,600,000 m. WGS84 and RGF93 differ by well under a metre, so no datum shift is applied.
 */
const GRS80_A = 6_378_137;
const GRS80_F = 1 / 298.257222101;
const E = Math.sqrt(2 * GRS80_F - GRS80_F * GRS80_F);

const LAT_1 = radians(44);
const LAT_2 = radians(49);
const LAT_0 = radians(46.5);
const LON_0 = radians(3);
const X_0 = 700_000;
const Y_0 = 6_600_000;

function radians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}

/** Isometric-latitude term t(φ) of the conic projection. */
const t = (lat: number): number => {
  const eSin = E * Math.sin(lat);
  return Math.tan(Math.PI / 4 - lat / 2) / Math.pow((1 - eSin) / (1 + eSin), E / 2);
};

/** Radius-of-parallel term m(φ). */
const m = (lat: number): number => Math.cos(lat) / Math.sqrt(1 - Math.pow(E * Math.sin(lat), 2));

const N = (Math.log(m(LAT_1)) - Math.log(m(LAT_2))) / (Math.log(t(LAT_1)) - Math.log(t(LAT_2)));
const F = m(LAT_1) / (N * Math.pow(t(LAT_1), N));
const RHO_0 = GRS80_A * F * Math.pow(t(LAT_0), N);

export interface Lambert93 {
  readonly x: number;
  readonly y: number;
}

export const toLambert93 = (lon: number, lat: number): Lambert93 => {
  const rho = GRS80_A * F * Math.pow(t(radians(lat)), N);
  const theta = N * (radians(lon) - LON_0);
  return { x: X_0 + rho * Math.sin(theta), y: Y_0 + RHO_0 - rho * Math.cos(theta) };
};
