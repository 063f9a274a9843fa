import { DomainError, townName, type Decider, type Decision, type Insee, type VoirieError, type VoirieErrorCode } from '@digit/contracts';
import { BASELINE_ORDER_PREFIX, isBaselineLink, type BalBaseline } from './bal-baseline.js';
import { Temporal } from 'temporal-polyfill';
import { latestAsOf } from './road-registry-as-of.js';
import type { OrderLink, RoadRegistryEvent } from './road-registry.events.js';
import {
  evolveRoadRegistry,
  initialRoadRegistryState,
  roadCreatedOn,
  type OrderDecision,
  type RoadHistory,
  type RoadRegistryState,
} from './road-registry.state.js';
import { voirieOrderDigest } from './voirie-order-digest.js';
import {
  effectiveBeforeSignatureDetail,
  frenchDate,
  orderPath,
  sameRoadName,
  takesEffectBeforeSignature,
  type VoirieOrder,
} from './voirie-order.js';

/** Apply a validated order to its town's registry; `receivedAt` is an ISO instant with offset. */
export interface ApplyVoirieOrder {
  readonly type: 'ApplyVoirieOrder';
  readonly order: VoirieOrder;
  readonly receivedAt: string;
}

/** Import the town's BAL as the registry's starting point (R-DX-9); `importedAt` is an ISO instant with offset. */
export interface ImportBalBaseline {
  readonly type: 'ImportBalBaseline';
  readonly insee: Insee;
  readonly baseline: BalBaseline;
  readonly file: { readonly sha256: string; readonly bytes: number };
  readonly importedAt: string;
}

export type RoadRegistryCommand = ApplyVoirieOrder | ImportBalBaseline;

/** The validator that passed the file, recorded with the baseline (package version pinned in package.json). */
export const BAL_VALIDATOR = '@ban-team/validateur-bal 3.5.2, profil 1.4';

/** Stable codes of the registry's refusals (each in the AsyncAPI document's list, VOIRIE_ERROR_CODES). */
export const ROAD_REGISTRY_ERRORS = {
  duplicate: 'VOIRIE_DUPLICATE_ORDER',
  rejected: 'VOIRIE_ORDER_REJECTED',
  otherTown: 'VOIRIE_OTHER_TOWN',
  badReceiptTime: 'VOIRIE_BAD_RECEIPT_TIME',
  roadExists: 'VOIRIE_ROAD_EXISTS',
  unknownRoad: 'VOIRIE_UNKNOWN_ROAD',
  beforeRoadCreation: 'VOIRIE_BEFORE_ROAD_CREATION',
  previousNameMismatch: 'VOIRIE_PREVIOUS_NAME_MISMATCH',
  effectiveBeforeSignature: 'VOIRIE_EFFECTIVE_BEFORE_SIGNATURE',
  signedAfterReceipt: 'VOIRIE_SIGNED_AFTER_RECEIPT',
  roadNameMismatch: 'VOIRIE_ROAD_NAME_MISMATCH',
} as const satisfies Record<string, VoirieErrorCode>;

type Problem = VoirieError;

/**
 * The territorial road registry of one town (R-DX-1, R-DX-2).
 *
 * - An order is decided once. Sent again under the same id, whatever the JetStream deduplication
 *   window, it is a duplicate and nothing changes (error `VOIRIE_DUPLICATE_ORDER`, reported as
 *   `duplicate`). So sending the same orders twice leaves the registry as sending them once.
 * - A well-formed order the registry refuses (unknown road, existing road, dates) is recorded as
 *   `VoirieOrderRejected` with every reason: the refusal depends on the registry's state at
 *   arrival, and recording it keeps the answer final and auditable. No road changes.
 * - A command the service should never send (order of another town, bad receipt time) is a
 *   `DomainError`: nothing is recorded.
 */
export const roadRegistryDecider: Decider<RoadRegistryCommand, RoadRegistryEvent, RoadRegistryState> = {
  initialState: initialRoadRegistryState,
  decide: (command, state) => (command.type === 'ImportBalBaseline' ? importBaseline(command, state) : applyVoirieOrder(command, state)),
  evolve: evolveRoadRegistry,
};

const applyVoirieOrder = ({ order, receivedAt }: ApplyVoirieOrder, state: RoadRegistryState): Decision<RoadRegistryEvent> => {
  const digest = voirieOrderDigest(order);
  const earlier = state.decidedOrders.get(order.orderId);
  if (earlier !== undefined) return duplicate(order, earlier, digest);
  if (state.insee !== null && order.insee !== state.insee) {
    return new DomainError(
      'forbidden',
      ROAD_REGISTRY_ERRORS.otherTown,
      `l’arrêté ${order.reference} de ${order.insee} ne peut pas modifier le registre de ${state.insee} (${townName(state.insee)})`,
    );
  }
  const receivedOn = parisDateOf(receivedAt);
  if (receivedOn === undefined) {
    return new DomainError(
      'invalid',
      ROAD_REGISTRY_ERRORS.badReceiptTime,
      `heure de réception invalide « ${receivedAt} » : un instant ISO 8601 avec décalage est attendu`,
    );
  }
  const link: OrderLink = {
    orderId: order.orderId,
    insee: order.insee,
    reference: order.reference,
    kind: order.kind,
    signedAt: order.signedAt,
    effectiveAt: order.effectiveAt,
    receivedAt,
    mentions: order.mentions,
    digest,
  };
  const problems = [...dateProblems(order, receivedOn), ...registryProblems(order, state)];
  return problems.length > 0 ? [rejection(order, link, problems)] : eventsOf(order, link);
};

/**
 * R-DX-9: once, on a registry no order has filled yet (later changes come as orders). Every road
 * and number of the file in one decision, so the baseline is all there or not at all.
 */
const importBaseline = (
  { insee, baseline, file, importedAt }: ImportBalBaseline,
  state: RoadRegistryState,
): Decision<RoadRegistryEvent> => {
  const earlier = [...state.decidedOrders.values()].find((decision) => isBaselineLink(decision.order));
  if (earlier) {
    return new DomainError(
      'conflict',
      'baseline_already_imported',
      `La Base Adresse Locale de ${townName(insee)} a déjà été importée le ${frenchDate(parisDateOf(earlier.order.receivedAt) ?? earlier.order.receivedAt)} (fichier ${earlier.order.digest.slice(0, 12)}…) : les changements suivants passent par des arrêtés.`,
    );
  }
  if (state.roads.size > 0) {
    return new DomainError(
      'conflict',
      'registry_not_empty',
      `Le registre de ${townName(insee)} a déjà ${state.roads.size} voie(s) venues d’arrêtés : une base adresse ne peut plus en être le point de départ.`,
    );
  }
  const importedOn = parisDateOf(importedAt);
  if (importedOn === undefined)
    return new DomainError('invalid', ROAD_REGISTRY_ERRORS.badReceiptTime, `heure d’import invalide « ${importedAt} »`);
  const effectiveAt = baseline.effectiveAt ?? importedOn;
  const source = baseline.source ?? `Base Adresse Locale de ${townName(insee)}`;
  const order: OrderLink = {
    orderId: `${BASELINE_ORDER_PREFIX}${file.sha256.slice(0, 32)}`,
    insee,
    reference: `BAL ${file.sha256.slice(0, 12)}`,
    kind: 'ROAD_CREATED',
    signedAt: effectiveAt,
    effectiveAt,
    receivedAt: importedAt,
    mentions: { source, copyright: source, year: Number(effectiveAt.slice(0, 4)) },
    digest: file.sha256,
  };
  const imported: RoadRegistryEvent = {
    type: 'RoadRegistryBaselineImported',
    data: {
      roadId: '',
      order,
      sha256: file.sha256,
      bytes: file.bytes,
      lines: baseline.lines,
      roads: baseline.roads.length,
      numbers: baseline.numbers,
      validator: BAL_VALIDATOR,
    },
  };
  return [
    imported,
    ...baseline.roads.flatMap((road): RoadRegistryEvent[] => [
      { type: 'RoadCreated', data: { roadId: road.id, name: road.name, roadType: road.roadType, order } },
      ...(road.numbers.length > 0
        ? [{ type: 'RoadNumbered' as const, data: { roadId: road.id, roadName: road.name, numbers: road.numbers, order } }]
        : []),
    ]),
  ];
};

const duplicate = (order: VoirieOrder, earlier: OrderDecision, digest: string): DomainError => {
  const message = `l’arrêté ${order.reference} (${order.orderId}) a déjà été traité : rien ne change`;
  if (earlier.order.digest !== digest) {
    return new DomainError('conflict', ROAD_REGISTRY_ERRORS.duplicate, message, [
      <VoirieError>{
        code: ROAD_REGISTRY_ERRORS.duplicate,
        path: orderPath('orderId'),
        message: `un arrêté au contenu différent (${earlier.order.reference}) a déjà été reçu sous l’identifiant ${order.orderId} ; si celui-ci est un nouvel arrêté, donnez-lui un nouvel orderId`,
      },
    ]);
  }
  if (earlier.status === 'rejected') {
    return new DomainError('conflict', ROAD_REGISTRY_ERRORS.duplicate, message, [
      <VoirieError>{
        code: ROAD_REGISTRY_ERRORS.duplicate,
        path: orderPath('orderId'),
        message: `cet arrêté a déjà été refusé à sa réception (${frenchDate(parisDateOf(earlier.order.receivedAt) ?? earlier.order.receivedAt)}) : ${earlier.reasons.map((reason) => reason.message).join(' ; ')}. Une fois corrigé, renvoyez-le sous un nouvel orderId`,
      },
    ]);
  }
  return new DomainError('conflict', ROAD_REGISTRY_ERRORS.duplicate, message);
};

const rejection = (order: VoirieOrder, link: OrderLink, problems: readonly Problem[]): RoadRegistryEvent => ({
  type: 'VoirieOrderRejected',
  data: {
    roadId: order.road.id,
    code: problems.length === 1 && problems[0] ? problems[0].code : ROAD_REGISTRY_ERRORS.rejected,
    reasons: problems.map(({ path, message, code }) => ({ path, message, code })),
    order: link,
  },
});

const parisDateOf = (instant: string): string | undefined => {
  try {
    return Temporal.Instant.from(instant).toZonedDateTimeISO('Europe/Paris').toPlainDate().toString();
  } catch {
    return undefined;
  }
};

const dateProblems = (order: VoirieOrder, receivedOn: string): Problem[] => [
  ...(takesEffectBeforeSignature(order)
    ? [{ code: ROAD_REGISTRY_ERRORS.effectiveBeforeSignature, ...effectiveBeforeSignatureDetail(order) }]
    : []),
  ...(order.signedAt > receivedOn
    ? [
        {
          code: ROAD_REGISTRY_ERRORS.signedAfterReceipt,
          path: orderPath('signedAt'),
          message: `la date de signature (${frenchDate(order.signedAt)}) est postérieure à la réception de l’arrêté (${frenchDate(receivedOn)}, heure de Paris) : vérifiez-la`,
        },
      ]
    : []),
];

const registryProblems = (order: VoirieOrder, state: RoadRegistryState): Problem[] => {
  const road = state.roads.get(order.road.id);
  if (order.kind === 'ROAD_CREATED') return road ? [roadExists(road)] : [];
  if (!road) {
    return [
      {
        code: ROAD_REGISTRY_ERRORS.unknownRoad,
        path: orderPath('road.id'),
        message: `la voie ${order.road.id} est inconnue du registre de ${townName(order.insee)} : envoyez d’abord son arrêté de création (ROAD_CREATED)`,
      },
    ];
  }
  const createdOn = roadCreatedOn(road);
  // A BAL knows no creation dates: a road of the baseline existed before it (R-DX-9).
  if (order.effectiveAt < createdOn && !isBaselineLink(road.names[0].order)) {
    return [
      {
        code: ROAD_REGISTRY_ERRORS.beforeRoadCreation,
        path: orderPath('effectiveAt'),
        message: `l’arrêté prend effet le ${frenchDate(order.effectiveAt)}, avant la création de la voie ${road.id} (effective le ${frenchDate(createdOn)})`,
      },
    ];
  }
  const current = latestAsOf(road.names, order.effectiveAt);
  // The name an order gives its road must be the registry's (a typo would go unseen); a rename gives the new one.
  if (order.kind !== 'ROAD_RENAMED' && current && !sameRoadName(current.name, order.road.name)) {
    return [
      {
        code: ROAD_REGISTRY_ERRORS.roadNameMismatch,
        path: orderPath('road.name'),
        message: `la voie ${road.id} s’appelle « ${current.name} » au registre au ${frenchDate(order.effectiveAt)} (arrêté ${current.order.reference}), pas « ${order.road.name} » : corrigez road.name`,
      },
    ];
  }
  if (order.kind === 'ROAD_RENAMED') {
    if (current && !sameRoadName(current.name, order.previousName)) {
      return [
        {
          code: ROAD_REGISTRY_ERRORS.previousNameMismatch,
          path: orderPath('previousName'),
          message: `l’ancien nom « ${order.previousName} » n’est pas celui de la voie ${road.id} au ${frenchDate(order.effectiveAt)} : « ${current.name} » (arrêté ${current.order.reference})`,
        },
      ];
    }
  }
  return [];
};

const roadExists = (road: RoadHistory): Problem => {
  const creation = road.names[0];
  return {
    code: ROAD_REGISTRY_ERRORS.roadExists,
    path: orderPath('road.id'),
    message: `la voie ${road.id} existe déjà (« ${creation.name} », créée par l’arrêté ${creation.order.reference} effectif le ${frenchDate(creation.order.effectiveAt)}) : pour la renommer, envoyez un ROAD_RENAMED`,
  };
};

const eventsOf = (order: VoirieOrder, link: OrderLink): RoadRegistryEvent[] => {
  const roadId = order.road.id;
  switch (order.kind) {
    case 'ROAD_CREATED': {
      const created: RoadRegistryEvent = {
        type: 'RoadCreated',
        data: { roadId, name: order.road.name, roadType: order.road.type, order: link },
      };
      return order.numbers.length === 0
        ? [created]
        : [created, { type: 'RoadNumbered', data: { roadId, roadName: order.road.name, numbers: order.numbers, order: link } }];
    }
    case 'ROAD_RENAMED':
      return [
        {
          type: 'RoadRenamed',
          data: { roadId, previousName: order.previousName, name: order.road.name, roadType: order.road.type, order: link },
        },
      ];
    case 'NUMBERING':
      return [{ type: 'RoadNumbered', data: { roadId, roadName: order.road.name, numbers: order.numbers, order: link } }];
    case 'TRAFFIC_DIRECTION':
      return [{ type: 'TrafficDirectionSet', data: { roadId, direction: order.direction, order: link } }];
    default: {
      const unknown: never = order;
      return unknown;
    }
  }
};
