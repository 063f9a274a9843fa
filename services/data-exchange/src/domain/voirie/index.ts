/** Road orders and the territorial road registry: the pure core (R-DX-1..4). */
export {
  VOIRIE_ORDER_KINDS,
  ROAD_TYPES,
  TRAFFIC_DIRECTIONS,
  ORDER_PATH,
  orderPath,
  formatRoadNumber,
  frenchDate,
  roadNumberKey,
  sameRoadName,
  takesEffectBeforeSignature,
} from './voirie-order.js';
export type {
  VoirieOrder,
  VoirieOrderKind,
  RoadCreationOrder,
  RoadRenamingOrder,
  NumberingOrder,
  TrafficDirectionOrder,
  RoadDesignation,
  RoadNumber,
  RoadType,
  TrafficDirection,
  VoirieMentions,
} from './voirie-order.js';
export { parseRoadId, roadIdProblem, roadCodeOf, TOWN_BOUNDING_BOXES, isInsideBox, describeBox } from '@digit/contracts';
export type { ParsedRoadId, BoundingBox } from '@digit/contracts';
export {
  VoirieOrderDto,
  RoadDto,
  RoadNumberDto,
  VoirieMentionsDto,
  MAX_NUMBERS_PER_ORDER,
  MAX_SUFFIX_LENGTH,
  calendarDateProblem,
} from '@digit/contracts';
export { validateVoirieOrder } from './validate-voirie-order.js';
export type { VoirieOrderValidation } from './validate-voirie-order.js';
export { parseVoirieOrder, MAX_ORDER_BYTES } from './parse-voirie-order.js';
export type { VoirieMessage, ParsedVoirieMessage, SentIdentity, VoirieRejectionReason } from './parse-voirie-order.js';
export { voirieOrderDigest } from './voirie-order-digest.js';
export { roadRegistryStreamId, ROAD_REGISTRY_EVENT_TYPES } from './road-registry.events.js';
export type {
  RoadRegistryEvent,
  RoadCreated,
  RoadRenamed,
  RoadNumbered,
  TrafficDirectionSet,
  VoirieOrderRejected,
  RoadRegistryBaselineImported,
  OrderLink,
} from './road-registry.events.js';
export { initialRoadRegistryState, evolveRoadRegistry } from './road-registry.state.js';
export type { RoadRegistryState, OrderDecision, RoadHistory, NameChange, NumberChange, DirectionChange } from './road-registry.state.js';
export { BAL_VALIDATOR, roadRegistryDecider, ROAD_REGISTRY_ERRORS } from './road-registry.decider.js';
export type { ApplyVoirieOrder, ImportBalBaseline, RoadRegistryCommand } from './road-registry.decider.js';
export { BASELINE_ORDER_PREFIX, isBaselineLink, MAX_REPORTED_LINE_ERRORS, parseBalBaseline } from './bal-baseline.js';
export type { BalBaseline, BalLineError, BaselineRoad } from './bal-baseline.js';
export { rejectedMessageOutcome, decisionOutcome } from './voirie-outcome.js';
export type { VoirieOutcome } from './voirie-outcome.js';
export { roadRegistryAsOf, latestAsOf } from './road-registry-as-of.js';
export type { RoadAsOf, RoadNameAsOf, RoadNumberAsOf, RoadDirectionAsOf } from './road-registry-as-of.js';
export { toLambert93 } from './lambert93.js';
export type { Lambert93 } from './lambert93.js';
export { balExport, BAL_VERSION, ROAD_WITHOUT_NUMBER } from './bal-export.js';
export { trafficDirectionsGeoJson } from './traffic-directions.geojson.js';
export type { TrafficDirectionCollection, TrafficDirectionFeature, RoadGeometry } from './traffic-directions.geojson.js';
export {
  boulogneOrders,
  BOULOGNE_ORDER_SEQUENCE,
  BOULOGNE_RECEIVED_AT,
  BOULOGNE_ROAD_ID,
  BOULOGNE_SQUARE_ID,
  voirieMessageOf,
  registryOf,
} from './voirie.fixtures.js';
export type { VoirieOrderBody } from './voirie.fixtures.js';
export { fuzzVoirieMessages, randomVoirieOrderBody } from './voirie-fuzz.js';
export type { FuzzedVoirieMessage } from './voirie-fuzz.js';
export { seededRandom, seededUuid } from './seeded-random.js';
export type { SeededRandom } from './seeded-random.js';
