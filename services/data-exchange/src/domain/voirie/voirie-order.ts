import type { ErrorDetail, Insee, RoadNumber, RoadType, TrafficDirection, VoirieMentions, VoirieOrderKind } from '@digit/contracts';

/**
 * A road order (arrêté de voirie) as the registry understands it once validated (R-DX-1, CONTRACT.md
 * "Towns' DSIs → DIGIT"). The four kinds of the seed (art. 4.2): creation of roads and squares,
 * renaming, new numbering, traffic direction.
 */
export { ROAD_TYPES, TRAFFIC_DIRECTIONS, VOIRIE_ORDER_KINDS } from '@digit/contracts';
export type { RoadNumber, RoadType, TrafficDirection, VoirieMentions, VoirieOrderKind } from '@digit/contracts';

export interface RoadDesignation {
  /** `<insee>_<code voie>`, e.g. `92012_0042` (see road-id.ts). */
  readonly id: string;
  readonly name: string;
  readonly type: RoadType;
}

interface VoirieOrderBase {
  readonly orderId: string;
  readonly insee: Insee;
  /** The town's own reference number of the order (R-DX-1). */
  readonly reference: string;
  /** `YYYY-MM-DD` */
  readonly signedAt: string;
  /** `YYYY-MM-DD`; may lie in the future when the order arrives. */
  readonly effectiveAt: string;
  readonly road: RoadDesignation;
  readonly mentions: VoirieMentions;
}

/** A creation may number the new road at once; `numbers` is then non-empty. */
export interface RoadCreationOrder extends VoirieOrderBase {
  readonly kind: 'ROAD_CREATED';
  readonly numbers: readonly RoadNumber[];
}

export interface RoadRenamingOrder extends VoirieOrderBase {
  readonly kind: 'ROAD_RENAMED';
  readonly previousName: string;
}

export interface NumberingOrder extends VoirieOrderBase {
  readonly kind: 'NUMBERING';
  readonly numbers: readonly RoadNumber[];
}

export interface TrafficDirectionOrder extends VoirieOrderBase {
  readonly kind: 'TRAFFIC_DIRECTION';
  readonly direction: TrafficDirection;
}

export type VoirieOrder = RoadCreationOrder | RoadRenamingOrder | NumberingOrder | TrafficDirectionOrder;

/** A kind added to VOIRIE_ORDER_KINDS without its order shape above (or the reverse) stops the build here. */
type SameKinds<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const EVERY_KIND_HAS_ITS_ORDER: SameKinds<VoirieOrder['kind'], VoirieOrderKind> = true;

/** `12`, `12 bis`: how a number reads in French messages. */
export const formatRoadNumber = (number: number, suffix: string | null): string =>
  suffix === null ? String(number) : `${number} ${suffix}`;

/** Two numbers are the same address when number and suffix match (suffix case ignored, like BAL keys). */
export const roadNumberKey = (number: number, suffix: string | null): string =>
  suffix === null ? String(number) : `${number}_${suffix.toLowerCase()}`;

/** Names match ignoring case, Unicode form and repeated spaces (the town's spelling is what is stored). */
export const sameRoadName = (a: string, b: string): boolean => {
  const plain = (name: string): string => name.normalize('NFC').toLocaleLowerCase('fr').replace(/\s+/g, ' ');
  return plain(a) === plain(b);
};

/**
 * An order cannot take effect before it is signed (R-DX-1, issue 5). Dates are valid `YYYY-MM-DD`,
 * so comparing the strings compares the days.
 */
export const takesEffectBeforeSignature = (order: Pick<VoirieOrder, 'signedAt' | 'effectiveAt'>): boolean =>
  order.effectiveAt < order.signedAt;

/**
 * Error paths name the field inside the order body, prefixed by `order` as CONTRACT.md's example
 * does (`order.road.name`, `order.numbers.0.lon`); `order` alone is the whole body.
 */
export const ORDER_PATH = 'order';
export const orderPath = (field: string): string => (field === '' ? ORDER_PATH : `${ORDER_PATH}.${field}`);

/** `07/12/2023`: how French readers see a date; tolerant, as an order refused for an impossible date is shown too. */
export const frenchDate = (date: string): string => date.split('-').reverse().join('/');

export const effectiveBeforeSignatureDetail = (order: Pick<VoirieOrder, 'signedAt' | 'effectiveAt'>): ErrorDetail => ({
  path: orderPath('effectiveAt'),
  message: `la date d’effet (${frenchDate(order.effectiveAt)}) précède la date de signature (${frenchDate(order.signedAt)}) : un arrêté ne peut prendre effet avant d’être signé`,
});
