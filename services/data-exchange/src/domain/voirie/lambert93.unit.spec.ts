import { toLambert93 } from './lambert93.js';

describe('Lambert-93 for the BAL x/y columns', () => {
  it('R-DX-1: the projection origin (3° E, 46.5° N) is (700 000, 6 600 000)', () => {
    const { x, y } = toLambert93(3, 46.5);
    expect(x).toBeCloseTo(700_000, 6);
    expect(y).toBeCloseTo(6_600_000, 6);
  });

  it('R-DX-1: on the central meridian x is the false easting', () => {
    expect(toLambert93(3, 49).x).toBeCloseTo(700_000, 6);
  });

  // Expected values from proj4 (EPSG:2154) via @etalab/project-legal 0.6.0, the projection the
  // BAL validator uses, rounded to the centimetre.
  it.each([
    [2.2401, 48.8352, 644_221.25, 6_859_729.14],
    [2.2398, 48.8349, 644_198.91, 6_859_695.99],
    [2.18, 48.78, 639_746.17, 6_853_635.9],
    [2.3, 48.83, 648_612.83, 6_859_110.31],
    [-4.5, 48.4, 145_709.79, 6_837_422.08],
    [7.7, 48.58, 1_046_482.38, 6_841_402.15],
  ])('R-DX-1: (%f, %f) projects to (%f, %f) within a centimetre', (lon, lat, x, y) => {
    const projected = toLambert93(lon, lat);
    expect(Math.abs(projected.x - x)).toBeLessThanOrEqual(0.006);
    expect(Math.abs(projected.y - y)).toBeLessThanOrEqual(0.006);
  });
});
