import { isDomainError, type Decision, type ErrorDetail } from '@digit/contracts';
import type { ParsedVoirieMessage } from './parse-voirie-order.js';
import { ROAD_REGISTRY_ERRORS } from './road-registry.decider.js';
import type { RoadRegistryEvent } from './road-registry.events.js';
import { ORDER_PATH } from './voirie-order.js';

/**
 * The answer on `digit.towns.<insee>.voirie.outcomes` (CONTRACT.md). `orderId` is null only when
 * nothing in the message (body or `Nats-Msg-Id`) carried a well-formed order id.
 */
export interface VoirieOutcome {
  readonly orderId: string | null;
  readonly status: 'accepted' | 'rejected' | 'duplicate';
  readonly errors: readonly ErrorDetail[];
}

/** A message that did not even make a valid order: rejected, nothing stored. */
export const rejectedMessageOutcome = (parsed: Extract<ParsedVoirieMessage, { ok: false }>): VoirieOutcome => ({
  orderId: parsed.orderId ?? null,
  status: 'rejected',
  errors: parsed.errors,
});

/**
 * What the registry decided: changes → accepted; `VoirieOrderRejected` → rejected with its reasons;
 * already decided → duplicate; any other refusal → rejected.
 */
export const decisionOutcome = (orderId: string, decision: Decision<RoadRegistryEvent>): VoirieOutcome => {
  if (!isDomainError(decision)) {
    const rejected = decision.find((event) => event.type === 'VoirieOrderRejected');
    return rejected ? { orderId, status: 'rejected', errors: rejected.data.reasons } : { orderId, status: 'accepted', errors: [] };
  }
  if (decision.code === ROAD_REGISTRY_ERRORS.duplicate) return { orderId, status: 'duplicate', errors: decision.details };
  const errors = decision.details.length > 0 ? decision.details : [{ path: ORDER_PATH, message: decision.message }];
  return { orderId, status: 'rejected', errors };
};
