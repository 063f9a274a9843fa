import { INSEE_CODES } from '../towns.js';
import { isInsideBox, TOWN_BOUNDING_BOXES } from './town-bounding-boxes.js';

/** Town centres (town halls, approximately), WGS84. */
const CENTRES: Record<string, [number, number]> = {
  '92012': [2.2399, 48.8354],
  '92022': [2.1886, 48.8083],
  '92040': [2.2703, 48.8239],
  '92047': [2.1719, 48.8289],
  '92048': [2.2378, 48.8125],
  '92072': [2.2114, 48.8242],
  '92075': [2.29, 48.8214],
  '92077': [2.1931, 48.8236],
};

const KM_PER_DEGREE_LAT = 111.2;
const KM_PER_DEGREE_LON = 111.2 * Math.cos((48.82 * Math.PI) / 180);

describe('town bounding boxes', () => {
  it.each(INSEE_CODES)('R-DX-3: %s has a box around its centre, a few kilometres wide', (insee) => {
    const box = TOWN_BOUNDING_BOXES[insee];
    const [lon, lat] = CENTRES[insee]!;
    expect(isInsideBox(box, lon, lat)).toBe(true);
    const width = (box.maxLon - box.minLon) * KM_PER_DEGREE_LON;
    const height = (box.maxLat - box.minLat) * KM_PER_DEGREE_LAT;
    expect(width).toBeGreaterThan(1.5);
    expect(width).toBeLessThan(8);
    expect(height).toBeGreaterThan(1.5);
    expect(height).toBeLessThan(8);
  });

  it('R-DX-3: a point of Paris (Notre-Dame) is in no GPSO town', () => {
    expect(INSEE_CODES.filter((insee) => isInsideBox(TOWN_BOUNDING_BOXES[insee], 2.3499, 48.853))).toEqual([]);
  });

  it('R-DX-3: Boulogne’s town hall is not inside Marnes-la-Coquette or Vanves', () => {
    const [lon, lat] = CENTRES['92012']!;
    expect(isInsideBox(TOWN_BOUNDING_BOXES['92047'], lon, lat)).toBe(false);
    expect(isInsideBox(TOWN_BOUNDING_BOXES['92075'], lon, lat)).toBe(false);
  });
});
