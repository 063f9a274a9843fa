import { foldEvents, isDomainError, voirieOrdersSubject } from '@digit/contracts';
import type { VoirieMessage } from './parse-voirie-order.js';
import { roadRegistryDecider } from './road-registry.decider.js';
import type { RoadRegistryState } from './road-registry.state.js';
import { validateVoirieOrder } from './validate-voirie-order.js';
import type { RoadType, TrafficDirection, VoirieMentions, VoirieOrderKind } from './voirie-order.js';

/** A road order body as a DSI writes it (CONTRACT.md), before any validation. */
export interface VoirieOrderBody {
  readonly orderId: string;
  readonly insee: string;
  readonly reference: string;
  readonly signedAt: string;
  readonly effectiveAt: string;
  readonly kind: VoirieOrderKind;
  readonly road: { readonly id: string; readonly name: string; readonly type: RoadType };
  readonly previousName?: string;
  readonly numbers?: readonly { readonly number: number; readonly suffix?: string; readonly lon: number; readonly lat: number }[];
  readonly direction?: TrafficDirection;
  readonly mentions: VoirieMentions;
}

/**
 * Demo data (not from the seed): one valid order of each kind for Boulogne-Billancourt, dated so
 * that sent in `BOULOGNE_ORDER_SEQUENCE` order each one is accepted. Positions lie near the town
 * hall (2.2399 E, 48.8354 N).
 */
const BOULOGNE_MENTIONS: VoirieMentions = {
  source: 'Ville de Boulogne-Billancourt',
  copyright: '© Ville de Boulogne-Billancourt',
  year: 2024,
};

export const BOULOGNE_ROAD_ID = '92012_0042';
export const BOULOGNE_SQUARE_ID = '92012_0108';

export const boulogneOrders = {
  roadCreated: {
    orderId: '3b0f8a52-6c1d-4e8f-9a27-5d4c3b2a1f01',
    insee: '92012',
    reference: 'AR-2024-0153',
    signedAt: '2024-03-02',
    effectiveAt: '2024-04-01',
    kind: 'ROAD_CREATED',
    road: { id: BOULOGNE_ROAD_ID, name: 'Allée Marie Curie', type: 'voie' },
    mentions: BOULOGNE_MENTIONS,
  },
  numbering: {
    orderId: '3b0f8a52-6c1d-4e8f-9a27-5d4c3b2a1f02',
    insee: '92012',
    reference: 'AR-2024-0187',
    signedAt: '2024-04-15',
    effectiveAt: '2024-05-01',
    kind: 'NUMBERING',
    road: { id: BOULOGNE_ROAD_ID, name: 'Allée Marie Curie', type: 'voie' },
    numbers: [
      { number: 1, lon: 2.2401, lat: 48.8352 },
      { number: 2, lon: 2.24022, lat: 48.83528 },
      { number: 2, suffix: 'bis', lon: 2.24026, lat: 48.83532 },
      { number: 3, lon: 2.24041, lat: 48.83541 },
      { number: 4, lon: 2.2405, lat: 48.8355 },
    ],
    mentions: BOULOGNE_MENTIONS,
  },
  trafficDirection: {
    orderId: '3b0f8a52-6c1d-4e8f-9a27-5d4c3b2a1f03',
    insee: '92012',
    reference: 'AR-2024-0201',
    signedAt: '2024-05-20',
    effectiveAt: '2024-06-01',
    kind: 'TRAFFIC_DIRECTION',
    road: { id: BOULOGNE_ROAD_ID, name: 'Allée Marie Curie', type: 'voie' },
    direction: 'ONE_WAY_FORWARD',
    mentions: BOULOGNE_MENTIONS,
  },
  roadRenamed: {
    orderId: '3b0f8a52-6c1d-4e8f-9a27-5d4c3b2a1f04',
    insee: '92012',
    reference: 'AR-2024-0311',
    signedAt: '2024-09-10',
    effectiveAt: '2024-10-01',
    kind: 'ROAD_RENAMED',
    road: { id: BOULOGNE_ROAD_ID, name: 'Allée Marie et Pierre Curie', type: 'voie' },
    previousName: 'Allée Marie Curie',
    mentions: BOULOGNE_MENTIONS,
  },
  squareCreated: {
    orderId: '3b0f8a52-6c1d-4e8f-9a27-5d4c3b2a1f05',
    insee: '92012',
    reference: 'AR-2024-0322',
    signedAt: '2024-09-16',
    effectiveAt: '2024-10-15',
    kind: 'ROAD_CREATED',
    road: { id: BOULOGNE_SQUARE_ID, name: 'Place des Tilleuls', type: 'place' },
    mentions: BOULOGNE_MENTIONS,
  },
} as const satisfies Record<string, VoirieOrderBody>;

/** The order a DSI sends them in: creation, numbering, direction, renaming, a square without numbers. */
export const BOULOGNE_ORDER_SEQUENCE: readonly VoirieOrderBody[] = [
  boulogneOrders.roadCreated,
  boulogneOrders.numbering,
  boulogneOrders.trafficDirection,
  boulogneOrders.roadRenamed,
  boulogneOrders.squareCreated,
];

/** When the demo DSI sent each order of the sequence, in step (ISO instants, Paris time). */
export const BOULOGNE_RECEIVED_AT: readonly string[] = [
  '2024-03-04T09:15:00+01:00',
  '2024-04-16T10:00:00+02:00',
  '2024-05-21T11:30:00+02:00',
  '2024-09-11T14:00:00+02:00',
  '2024-09-17T16:45:00+02:00',
];

/**
 * The message a DSI publishes for `body`, as CONTRACT.md says: subject of the body's town (or
 * `insee`), JSON in UTF-8, `Nats-Msg-Id` = orderId and `Content-Type: application/json`.
 */
export const voirieMessageOf = (
  body: unknown,
  options: { readonly insee?: string; readonly headers?: Readonly<Record<string, string>> } = {},
): VoirieMessage => {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const insee = options.insee ?? (typeof fields.insee === 'string' ? fields.insee : '92012');
  const msgId: Record<string, string> = typeof fields.orderId === 'string' ? { 'Nats-Msg-Id': fields.orderId } : {};
  return {
    subject: voirieOrdersSubject(insee),
    headers: { 'Content-Type': 'application/json', ...msgId, ...options.headers },
    data: new TextEncoder().encode(JSON.stringify(body)),
  };
};

/**
 * The registry after applying order bodies in turn (each received at `receivedAt[i]`, default end
 * of 2024), for tests and demos. Throws on the first refused order: fixtures must be valid.
 */
export const registryOf = async (bodies: readonly unknown[], receivedAt: readonly string[] = []): Promise<RoadRegistryState> => {
  let state = roadRegistryDecider.initialState;
  for (const [index, body] of bodies.entries()) {
    const validation = await validateVoirieOrder(body);
    if (!validation.ok) throw new Error(`order ${index} is invalid: ${JSON.stringify(validation.errors)}`);
    const command = {
      type: 'ApplyVoirieOrder',
      order: validation.order,
      receivedAt: receivedAt[index] ?? '2024-12-31T12:00:00+01:00',
    } as const;
    const decision = roadRegistryDecider.decide(command, state);
    if (isDomainError(decision)) throw new Error(`order ${index} is refused: ${decision.code} ${decision.message}`);
    const rejected = decision.find((event) => event.type === 'VoirieOrderRejected');
    if (rejected) throw new Error(`order ${index} is rejected: ${JSON.stringify(rejected.data.reasons)}`);
    state = foldEvents(roadRegistryDecider, decision, state);
  }
  return state;
};
