import type { ErrorDetail, Insee, OrderLink, RoadNumber, RoadType, TrafficDirection } from '@digit/contracts';

export type { OrderLink } from '@digit/contracts';

/** A road or square was created (R-DX-1 a). */
export interface RoadCreated {
  readonly type: 'RoadCreated';
  readonly data: { readonly roadId: string; readonly name: string; readonly roadType: RoadType; readonly order: OrderLink };
}

/** A road or square was renamed (R-DX-1 b). */
export interface RoadRenamed {
  readonly type: 'RoadRenamed';
  readonly data: {
    readonly roadId: string;
    readonly previousName: string;
    readonly name: string;
    readonly roadType: RoadType;
    readonly order: OrderLink;
  };
}

/** Numbers were given to a road, with their positions; a number given again moves (R-DX-1 c). */
export interface RoadNumbered {
  readonly type: 'RoadNumbered';
  readonly data: {
    readonly roadId: string;
    /** The road's name as the order states it, kept for the record. */
    readonly roadName: string;
    readonly numbers: readonly RoadNumber[];
    readonly order: OrderLink;
  };
}

/** The traffic direction of a road was set (R-DX-1 d). */
export interface TrafficDirectionSet {
  readonly type: 'TrafficDirectionSet';
  readonly data: { readonly roadId: string; readonly direction: TrafficDirection; readonly order: OrderLink };
}

/**
 * A well-formed order the registry refused (unknown road, road already created, dates…). Such a
 * refusal depends on the registry's state when the order arrived, so it is recorded: sent again,
 * the order is a duplicate and gets the same answer, and the refusal stays on the audit trail.
 * No road changes. (Malformed or invalid messages are refused on their content alone, the same way
 * every time, and are not recorded.)
 */
export interface VoirieOrderRejected {
  readonly type: 'VoirieOrderRejected';
  readonly data: {
    readonly roadId: string;
    /** `VOIRIE_UNKNOWN_ROAD`, … or `VOIRIE_ORDER_REJECTED` when there are several reasons. */
    readonly code: string;
    /** Each reason's own code was added in v1.1 (issue 16): reasons recorded before it have none. */
    readonly reasons: readonly (ErrorDetail & { readonly code?: string })[];
    readonly order: OrderLink;
  };
}

/**
 * The town's Base Adresse Locale was imported as the registry's starting point (R-DX-9), once: its
 * provenance. Its roads and numbers follow as `RoadCreated` and `RoadNumbered` events carrying the
 * same `order` link (an id starting with `baseline-`, the file's hash as digest); the importer is
 * the event's actor.
 */
export interface RoadRegistryBaselineImported {
  readonly type: 'RoadRegistryBaselineImported';
  readonly data: {
    /** The baseline is of no one road: '' (readers of every registry event find the field). */
    readonly roadId: '';
    readonly order: OrderLink;
    /** SHA-256 of the file as received, its size and lines (header excluded). */
    readonly sha256: string;
    readonly bytes: number;
    readonly lines: number;
    readonly roads: number;
    readonly numbers: number;
    /** The official validator that passed the file first. */
    readonly validator: string;
  };
}

export type RoadRegistryEvent =
  RoadCreated | RoadRenamed | RoadNumbered | TrafficDirectionSet | VoirieOrderRejected | RoadRegistryBaselineImported;

export const ROAD_REGISTRY_EVENT_TYPES: readonly RoadRegistryEvent['type'][] = [
  'RoadCreated',
  'RoadRenamed',
  'RoadNumbered',
  'TrafficDirectionSet',
  'VoirieOrderRejected',
  'RoadRegistryBaselineImported',
];

/** One event stream per town. */
export const roadRegistryStreamId = (insee: Insee): string => `road-registry-${insee}`;
