/**
 * The read models an auditor can rebuild, each from its streams alone, with the services' own
 * pure deciders (their `domain/` folders: no service runtime, no I/O). Each entry folds a stream
 * and presents what the service's read model shows on the business date.
 */
import { foldEvents, type Decider } from '@digit/contracts';
import { budgetDecider, rateReviewDecider, statementDecider, reconciliationDecider, townChargesDecider } from '@digit/billing-service/domain';
import { conventionDecider, conventionViewOn, type ConventionState } from '@digit/conventions-service/domain';
import { datasetDecider } from '@digit/data-exchange-service/domain/datasets';
import { roadRegistryAsOf, roadRegistryDecider, type RoadRegistryState } from '@digit/data-exchange-service/domain/voirie';
import { registerDecider, trainingDecider } from '@digit/privacy-service/domain';
import {
  committeeDecider,
  disputeDecider,
  firstResponseDueAt,
  maintenanceNoticeDecider,
  projectDecider,
  requestDecider,
  sessionDecider,
  type RequestState,
} from '@digit/support-service/domain';

interface ReadModelEntry {
  readonly context: string;
  readonly streamPrefix: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table for every decider's own types
  readonly decider: Decider<any, any, any>;
  present(state: unknown, businessDate: string): unknown;
}

const asItIs = (state: unknown) => state;

export const READ_MODELS: readonly ReadModelEntry[] = [
  { context: 'conventions', streamPrefix: 'convention-', decider: conventionDecider, present: (state, date) => conventionViewOn(state as ConventionState, date) },
  { context: 'billing', streamPrefix: 'budget-', decider: budgetDecider, present: asItIs },
  { context: 'billing', streamPrefix: 'statement-', decider: statementDecider, present: asItIs },
  { context: 'billing', streamPrefix: 'reconciliation-', decider: reconciliationDecider, present: asItIs },
  { context: 'billing', streamPrefix: 'town-charges-', decider: townChargesDecider, present: asItIs },
  { context: 'billing', streamPrefix: 'rate-review-', decider: rateReviewDecider, present: asItIs },
  { context: 'data-exchange', streamPrefix: 'road-registry-', decider: roadRegistryDecider, present: (state, date) => roadRegistryAsOf(state as RoadRegistryState, date) },
  { context: 'data-exchange', streamPrefix: 'dataset-', decider: datasetDecider, present: asItIs },
  { context: 'privacy', streamPrefix: 'dpd-register-', decider: registerDecider, present: asItIs },
  { context: 'privacy', streamPrefix: 'digit-gdpr-training', decider: trainingDecider, present: asItIs },
  {
    context: 'support',
    streamPrefix: 'request-',
    decider: requestDecider,
    present: (state) => {
      const request = state as RequestState;
      return request.status === 'none' ? request : { ...request, firstResponseDueAt: firstResponseDueAt(request) };
    },
  },
  { context: 'support', streamPrefix: 'project-', decider: projectDecider, present: asItIs },
  { context: 'support', streamPrefix: 'maintenance-', decider: maintenanceNoticeDecider, present: asItIs },
  { context: 'support', streamPrefix: 'session-', decider: sessionDecider, present: asItIs },
  { context: 'support', streamPrefix: 'committee-', decider: committeeDecider, present: asItIs },
  { context: 'support', streamPrefix: 'dispute-', decider: disputeDecider, present: asItIs },
];

export const readModelOf = (streamId: string): ReadModelEntry | undefined =>
  READ_MODELS.find((entry) => streamId.startsWith(entry.streamPrefix));

export const foldStream = (entry: ReadModelEntry, events: readonly { type: string; data: unknown }[]): unknown =>
  foldEvents(entry.decider, events);
