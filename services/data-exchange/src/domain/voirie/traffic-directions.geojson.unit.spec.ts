import type { RoadRegistryState } from './road-registry.state.js';
import { trafficDirectionsGeoJson } from './traffic-directions.geojson.js';
import { BOULOGNE_ORDER_SEQUENCE, BOULOGNE_RECEIVED_AT, boulogneOrders, registryOf } from './voirie.fixtures.js';

let boulogne: RoadRegistryState;
beforeAll(async () => {
  boulogne = await registryOf(BOULOGNE_ORDER_SEQUENCE, BOULOGNE_RECEIVED_AT);
});

describe('traffic directions as GeoJSON', () => {
  it('R-DX-1 d: before any direction takes effect the collection is empty', () => {
    expect(trafficDirectionsGeoJson(boulogne, '92012', '2024-05-31')).toEqual({
      type: 'FeatureCollection',
      insee: '92012',
      asOf: '2024-05-31',
      features: [],
    });
  });

  it('R-DX-1 d: a road with a direction is a LineString through its numbers in increasing order (the FORWARD way)', () => {
    const { features } = trafficDirectionsGeoJson(boulogne, '92012', '2024-12-31');
    expect(features).toHaveLength(1);
    const [feature] = features;
    expect(feature?.geometry).toEqual({
      type: 'LineString',
      coordinates: boulogneOrders.numbering.numbers.map(({ lon, lat }) => [lon, lat]),
    });
    expect(feature?.properties).toEqual({
      roadId: '92012_0042',
      name: 'Allée Marie et Pierre Curie',
      roadType: 'voie',
      direction: 'ONE_WAY_FORWARD',
      effectiveAt: '2024-06-01',
      orderId: boulogneOrders.trafficDirection.orderId,
      reference: 'AR-2024-0201',
      mentions: boulogneOrders.trafficDirection.mentions,
    });
  });

  it('R-DX-1 d: one numbered point gives a Point, no numbers a null geometry', async () => {
    const onePoint = await registryOf([
      boulogneOrders.roadCreated,
      { ...boulogneOrders.numbering, numbers: [boulogneOrders.numbering.numbers[0]] },
      boulogneOrders.trafficDirection,
    ]);
    expect(trafficDirectionsGeoJson(onePoint, '92012', '2024-12-31').features[0]?.geometry).toEqual({
      type: 'Point',
      coordinates: [2.2401, 48.8352],
    });
    const noNumber = await registryOf([boulogneOrders.roadCreated, boulogneOrders.trafficDirection]);
    expect(trafficDirectionsGeoJson(noNumber, '92012', '2024-12-31').features[0]?.geometry).toBeNull();
  });

  it('R-DX-1 d: the collection is plain JSON', () => {
    const collection = trafficDirectionsGeoJson(boulogne, '92012', '2024-12-31');
    expect(JSON.parse(JSON.stringify(collection))).toEqual(collection);
  });
});
