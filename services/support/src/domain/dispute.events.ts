import type { DomainEvent, Insee } from '@digit/contracts';

/**
 * Disputes over the convention (DOMAIN R-CON-10, convention article 8): either party brings a
 * difficulty to the town's follow-up committee, which analyses it, proposes solutions, decides and
 * follows the actions; if the amicable route fails, the dispute goes before the administrative court
 * of Cergy-Pontoise. Stream `dispute-<id>`; dates are calendar dates `YYYY-MM-DD`.
 */
export const disputeStreamId = (disputeId: string): string => `dispute-${disputeId}`;

/** Article 8: the only court the convention names. */
export const DISPUTE_COURT = 'Tribunal administratif de Cergy-Pontoise';

export type DisputeParty = 'town' | 'ept';

export type DisputeOpened = DomainEvent<
  'DisputeOpened',
  {
    readonly disputeId: string;
    readonly insee: Insee;
    readonly openedBy: DisputeParty;
    readonly subject: string;
    readonly description: string;
    readonly openedOn: string;
  }
>;
/** The follow-up committee's analysis of the difficulty; `committeeId` names its meeting in the support service. */
export type DisputeAnalysed = DomainEvent<
  'DisputeAnalysed',
  { readonly analysis: string; readonly analysedOn: string; readonly committeeId: string | null }
>;
export type DisputeSolutionProposed = DomainEvent<
  'DisputeSolutionProposed',
  { readonly proposalId: string; readonly proposal: string; readonly proposedOn: string; readonly committeeId: string | null }
>;
export type DisputeDecided = DomainEvent<
  'DisputeDecided',
  { readonly decision: string; readonly decidedOn: string; readonly proposalId: string | null; readonly committeeId: string | null }
>;
export type DisputeActionRecorded = DomainEvent<
  'DisputeActionRecorded',
  { readonly actionId: string; readonly description: string; readonly owner: string; readonly dueOn: string }
>;
export type DisputeActionCompleted = DomainEvent<'DisputeActionCompleted', { readonly actionId: string; readonly completedOn: string }>;
/** The amicable route succeeded: decided, every action done. */
export type DisputeSettled = DomainEvent<'DisputeSettled', { readonly settledOn: string; readonly summary: string }>;
/** The amicable route failed: a party takes the dispute before the court of article 8. */
export type DisputeReferredToCourt = DomainEvent<
  'DisputeReferredToCourt',
  { readonly referredOn: string; readonly referredBy: DisputeParty; readonly court: typeof DISPUTE_COURT; readonly reason: string }
>;

export type DisputeEvent =
  | DisputeOpened
  | DisputeAnalysed
  | DisputeSolutionProposed
  | DisputeDecided
  | DisputeActionRecorded
  | DisputeActionCompleted
  | DisputeSettled
  | DisputeReferredToCourt;

/** Commands come checked from the edge (a town, a party, texts not blank, real dates `YYYY-MM-DD`). */
export type DisputeCommand =
  | {
      readonly type: 'OpenDispute';
      readonly disputeId: string;
      readonly insee: Insee;
      readonly openedBy: DisputeParty;
      readonly subject: string;
      readonly description: string;
      readonly openedOn: string;
    }
  | { readonly type: 'RecordDisputeAnalysis'; readonly analysis: string; readonly analysedOn: string; readonly committeeId?: string }
  | {
      readonly type: 'ProposeDisputeSolution';
      readonly proposalId: string;
      readonly proposal: string;
      readonly proposedOn: string;
      readonly committeeId?: string;
    }
  | {
      readonly type: 'RecordDisputeDecision';
      readonly decision: string;
      readonly decidedOn: string;
      readonly proposalId?: string;
      readonly committeeId?: string;
    }
  | {
      readonly type: 'RecordDisputeAction';
      readonly actionId: string;
      readonly description: string;
      readonly owner: string;
      readonly dueOn: string;
    }
  | { readonly type: 'CompleteDisputeAction'; readonly actionId: string; readonly completedOn: string }
  | { readonly type: 'SettleDispute'; readonly settledOn: string; readonly summary: string }
  | { readonly type: 'ReferDisputeToCourt'; readonly referredOn: string; readonly referredBy: DisputeParty; readonly reason: string };
