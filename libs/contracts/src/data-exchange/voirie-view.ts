import type { ErrorDetail } from '../decider.js';
import type { Insee } from '../towns.js';

/**
 * The public shapes of the territorial road registry (R-DX-1, CONTRACT.md "Towns' DSIs → DIGIT"):
 * the order kinds and values a town sends, and what `GET /api/v1/voirie/{insee}/…` answers.
 * The data-exchange service's domain builds them.
 */

/** The four kinds of order of the seed (art. 4.2): creation, renaming, numbering, traffic direction. */
export const VOIRIE_ORDER_KINDS = ['ROAD_CREATED', 'ROAD_RENAMED', 'NUMBERING', 'TRAFFIC_DIRECTION'] as const;
export type VoirieOrderKind = (typeof VOIRIE_ORDER_KINDS)[number];

/** `voie` (street, avenue, allée…) or `place` (square), as the seed says "voies et places". */
export const ROAD_TYPES = ['voie', 'place'] as const;
export type RoadType = (typeof ROAD_TYPES)[number];

/**
 * `ONE_WAY_FORWARD` means traffic flows in the order of increasing house numbers,
 * `ONE_WAY_BACKWARD` the other way; `CLOSED` means closed to traffic.
 */
export const TRAFFIC_DIRECTIONS = ['TWO_WAY', 'ONE_WAY_FORWARD', 'ONE_WAY_BACKWARD', 'CLOSED'] as const;
export type TrafficDirection = (typeof TRAFFIC_DIRECTIONS)[number];

/** Mandatory mentions the town states for what it sends (R-DX-4); kept as sent, never altered. */
export interface VoirieMentions {
  readonly source: string;
  readonly copyright: string;
  readonly year: number;
}

/** An address number with its position (WGS84 degrees); `suffix` is null when there is none. */
export interface RoadNumber {
  readonly number: number;
  readonly suffix: string | null;
  readonly lon: number;
  readonly lat: number;
}

/**
 * The order a change comes from, carried by every event of the road registry: its id, the town's
 * reference, its dates and the town's mandatory mentions, kept as sent (R-DX-1, R-DX-4).
 */
export interface OrderLink {
  readonly orderId: string;
  readonly insee: Insee;
  readonly reference: string;
  readonly kind: VoirieOrderKind;
  /** `YYYY-MM-DD` */
  readonly signedAt: string;
  /** `YYYY-MM-DD`: the registry changes from this day on, whenever the order arrived. */
  readonly effectiveAt: string;
  /** ISO instant with offset, when DIGIT received the order. */
  readonly receivedAt: string;
  readonly mentions: VoirieMentions;
  /** SHA-256 of the order's canonical JSON. */
  readonly digest: string;
}

export interface RoadNameAsOf {
  readonly name: string;
  readonly roadType: RoadType;
  readonly previousName: string | null;
  readonly order: OrderLink;
}

export interface RoadNumberAsOf extends RoadNumber {
  /** The order that gave this number its current position. */
  readonly order: OrderLink;
}

export interface RoadDirectionAsOf {
  readonly direction: TrafficDirection;
  readonly order: OrderLink;
}

/** A road or square as it stands on a day (its orders' effective dates, not their arrival). */
export interface RoadAsOf {
  readonly id: string;
  /** The 4-character code voie of the BAL key. */
  readonly code: string;
  readonly name: string;
  readonly roadType: RoadType;
  /** Effective date of the creation order. */
  readonly createdOn: string;
  /** Every name the road has had up to the day, oldest first; the last one is `name`. */
  readonly names: readonly RoadNameAsOf[];
  /** Sorted by number, then suffix (no suffix first). */
  readonly numbers: readonly RoadNumberAsOf[];
  /** Null when no traffic direction order has taken effect yet. */
  readonly direction: RoadDirectionAsOf | null;
}

/** `GET /api/v1/voirie/{insee}/roads?asOf=`: one page of the town's roads by id, `next` for the following one. */
export interface RoadsAsOfView {
  readonly insee: Insee;
  readonly name: string;
  readonly asOf: string;
  readonly roads: readonly RoadAsOf[];
  readonly next: string | null;
}

/** `GET /api/v1/voirie/{insee}/orders/{orderId}`: what the registry decided on one order (R-DX-2). */
export interface VoirieOrderView {
  readonly orderId: string;
  readonly status: 'accepted' | 'rejected';
  readonly errors: readonly ErrorDetail[];
  readonly reference: string;
  readonly kind: VoirieOrderKind;
  readonly signedAt: string;
  readonly effectiveAt: string;
  readonly receivedAt: string;
  /** One French sentence: reference, dates and verdict. */
  readonly summary: string;
}

/** A document a route serves as such (CSV, GeoJSON, JSON-LD): its text. */
export interface DocumentReply {
  readonly content: string;
}

/**
 * `POST /api/v1/voirie/{insee}/baseline` (R-DX-9, CONTRACT.md v1.1 `{ roads, numbers }`): what the
 * town's BAL gave the registry, and its provenance (also in the history, `RoadRegistryBaselineImported`).
 */
export interface BaselineImportView {
  readonly insee: Insee;
  readonly roads: number;
  readonly numbers: number;
  /** Lines of the file (header excluded). */
  readonly lines: number;
  readonly bytes: number;
  /** SHA-256 of the file as received. */
  readonly sha256: string;
  /** ISO instant with offset. */
  readonly importedAt: string;
  /** The caller's subject. */
  readonly importedBy: string;
  /** The day the baseline's roads and numbers are in force from (the file's latest `date_der_maj`). */
  readonly effectiveAt: string;
}
