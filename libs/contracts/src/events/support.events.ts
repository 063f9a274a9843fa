import type { DomainEvent } from '../event-envelope.js';
import type { Insee } from '../towns.js';

/**
 * The support service's events that other services read, defined once for their producer
 * (services/support, committee.decider.ts) and their consumer (billing, R-BIL-8).
 */

/** A charge the follow-up committee approved: billing invoices it to the town (R-BIL-8). */
export type CommitteeChargeApproved = DomainEvent<
  'CommitteeChargeApproved',
  {
    readonly committeeId: string;
    readonly decisionId: string;
    readonly insee: Insee;
    readonly amountCents: number;
    readonly subject: string;
    readonly poolingOutcome: string;
    readonly approvedOn: string;
  }
>;
