import type { CheckReasonView } from '../privacy/privacy-views.js';
import type { Insee } from '../towns.js';

/**
 * The public shapes of the support service's answers [R-SUP-1..6, R-CON-10]: requests and
 * tickets, projects, maintenance notices, sessions, committees and disputes. Instants are ISO 8601
 * with the Paris offset, calendar dates `YYYY-MM-DD`. The service's domain types are assignable to
 * these.
 */

/** A town named by its code and its name, as lists of recipients and invited towns show it. */
export interface TownRef {
  readonly insee: Insee;
  readonly town: string;
}

// Requests and first-level assistance tickets [R-SUP-1, R-SUP-3, R-GDPR-2]

export const TICKET_KINDS = ['assistance', 'project'] as const;
export const TICKET_CHANNELS = ['api', 'email'] as const;
export const TICKET_CLOSURES = ['resolved', 'withdrawn', 'not-processable'] as const;
export type TicketClosure = (typeof TICKET_CLOSURES)[number];
export type TicketPrivacyStatus = 'not-required' | 'pending' | 'registered' | 'not-registered';

export interface TicketView {
  readonly id: string;
  readonly insee: Insee;
  readonly town: string;
  readonly kind: (typeof TICKET_KINDS)[number];
  readonly channel: (typeof TICKET_CHANNELS)[number];
  readonly need: string;
  readonly targetUsers: string;
  readonly context: string;
  readonly deadline: string;
  readonly receivedAt: string;
  readonly status: 'open' | 'closed';
  readonly assignee: string | null;
  readonly serviceLevel: { readonly firstResponseServiceMinutes: number; readonly resolutionServiceMinutes: number };
  /** Null while the town is waited for (the clocks are stopped) or once the clock stopped for good. */
  readonly firstResponseDueAt: string | null;
  readonly resolutionDueAt: string | null;
  readonly firstRepliedAt: string | null;
  readonly waitingOnTown: { readonly since: string; readonly reason: string | null } | null;
  readonly waitingPeriods: readonly { readonly start: string; readonly end: string }[];
  readonly breaches: readonly { readonly clock: 'firstResponse' | 'resolution'; readonly dueAt: string; readonly detectedAt: string }[];
  readonly privacyCheck: {
    readonly status: TicketPrivacyStatus;
    readonly checkedAt: string | null;
    readonly registerReference: string | null;
  };
  /** `by`: the subject of the DIGIT agent who replied (R-SEC-1). */
  readonly replies: readonly { readonly by: string; readonly message: string; readonly at: string; readonly firstResponse: boolean }[];
  readonly closure: { readonly closure: TicketClosure; readonly summary: string; readonly at: string } | null;
}

/** `POST /api/v1/support/tickets` (CONTRACT.md): the new request's id and due times, and where its privacy check stands. */
export interface ReceivedTicketView {
  readonly id: string;
  readonly firstResponseDueAt: string;
  readonly resolutionDueAt: string;
  readonly privacyCheck: { readonly status: TicketPrivacyStatus; readonly reasons: readonly CheckReasonView[] };
}

// Projects through the seven steps of annex 2 [R-SUP-2]

/** Annex 2's seven steps, in order. */
export const SUPPORT_PROJECT_STEPS = [
  'contact',
  'cadrage',
  'evaluation',
  'engagement-et-lancement',
  'echange-et-integration-des-donnees',
  'integration-dans-les-outils',
  'presentation-et-livraison',
] as const;
export type SupportProjectStep = (typeof SUPPORT_PROJECT_STEPS)[number];
export const PROJECT_KINDS = ['sig', 'open-data'] as const;

export interface ProjectView {
  readonly id: string;
  readonly insee: Insee;
  readonly town: string;
  readonly kind: (typeof PROJECT_KINDS)[number];
  readonly title: string;
  readonly requestId: string | null;
  readonly status: 'in-progress' | 'delivered' | 'abandoned';
  readonly openedAt: string;
  readonly currentStep: { readonly step: SupportProjectStep; readonly label: string } | null;
  readonly completedSteps: readonly { readonly step: SupportProjectStep; readonly label: string; readonly at: string }[];
  readonly waitingOnTown: { readonly since: string; readonly reason: string | null } | null;
  readonly waitingPeriods: readonly { readonly step: SupportProjectStep; readonly start: string; readonly end: string }[];
  /** Service minutes (R-SUP-3) between DIGIT and waiting on the town, up to `asOf`. */
  readonly timeSplit: {
    readonly asOf: string;
    readonly totalServiceMinutes: number;
    readonly waitingOnTownServiceMinutes: number;
    readonly digitServiceMinutes: number;
    readonly waitingOnTownByStep: Readonly<Partial<Record<SupportProjectStep, number>>>;
  };
  readonly delivery: { readonly openDataPreparationProposed: boolean; readonly at: string } | null;
  readonly abandonment: { readonly step: SupportProjectStep; readonly reason: string; readonly at: string } | null;
}

// Maintenance notices [R-SUP-4]

export const MAINTAINED_SERVICES = ['web-map', 'database'] as const;

export interface MaintenanceNoticeView {
  readonly id: string;
  readonly status: 'announced' | 'cancelled' | 'interrupted' | 'restored';
  readonly services: readonly (typeof MAINTAINED_SERVICES)[number][];
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly description: string;
  /** Every town whose convention was in force when announced. */
  readonly recipients: readonly TownRef[];
  readonly announcedAt: string;
  readonly interruptedAt: string | null;
  readonly restoredAt: string | null;
  readonly interruptionMinutes: number | null;
  readonly cancellation: { readonly reason: string; readonly at: string } | null;
  readonly recordedAt: string;
}

// Workshops, training sessions and accompaniments [R-SUP-5]

export const SESSION_KINDS = ['workshop', 'training', 'accompaniment'] as const;

export interface SessionView {
  readonly id: string;
  readonly kind: (typeof SESSION_KINDS)[number];
  readonly title: string;
  readonly start: string;
  readonly end: string;
  readonly towns: readonly TownRef[];
  readonly meetingIntervalDays: number | null;
  readonly status: 'scheduled' | 'held' | 'cancelled';
  readonly registrations: readonly (TownRef & { readonly participants: number; readonly at: string })[];
  readonly registeredParticipants: number;
  readonly attendees: number | null;
  readonly heldAt: string | null;
  readonly cancellation: { readonly reason: string; readonly at: string } | null;
  readonly recordedAt: string;
}

// Follow-up and steering committees [R-SUP-6, R-BIL-8]

export const COMMITTEE_KINDS = ['follow-up', 'steering'] as const;
export const COMMITTEE_OUTCOMES = ['approved', 'rejected'] as const;

export interface CommitteeView {
  readonly id: string;
  readonly kind: (typeof COMMITTEE_KINDS)[number];
  readonly name: string;
  /** The town of a follow-up committee; null for the steering committee of all towns. */
  readonly insee: Insee | null;
  readonly town: string | null;
  readonly date: string;
  readonly exceptional: boolean;
  readonly status: 'scheduled' | 'held';
  readonly heldOn: string | null;
  readonly minutes: string | null;
  readonly decisions: readonly {
    readonly decisionId: string;
    readonly subject: string;
    readonly outcome: (typeof COMMITTEE_OUTCOMES)[number];
    readonly chargeCents: number | null;
    readonly poolingOutcome: string | null;
    /** An approved charge, sent to billing as `CommitteeChargeApproved` (R-BIL-8). */
    readonly chargeApproved: boolean;
  }[];
  readonly actions: readonly CommitteeActionView[];
}

export interface CommitteeActionView {
  readonly actionId: string;
  readonly description: string;
  readonly owner: string;
  readonly dueOn: string;
  readonly completedOn: string | null;
}

// Disputes over the convention [R-CON-10]

export const DISPUTE_PARTIES = ['town', 'ept'] as const;
export type DisputePartyView = (typeof DISPUTE_PARTIES)[number];

export interface DisputeView {
  readonly id: string;
  readonly insee: Insee;
  readonly town: string;
  readonly openedBy: DisputePartyView;
  readonly openedByLabel: string;
  readonly subject: string;
  readonly description: string;
  readonly openedOn: string;
  readonly status: 'open' | 'analysed' | 'decided' | 'settled' | 'referred-to-court';
  readonly statusLabel: string;
  readonly analysis: { readonly analysis: string; readonly analysedOn: string; readonly committeeId: string | null } | null;
  readonly proposals: readonly {
    readonly proposalId: string;
    readonly proposal: string;
    readonly proposedOn: string;
    readonly committeeId: string | null;
  }[];
  readonly decision: {
    readonly decision: string;
    readonly decidedOn: string;
    readonly proposalId: string | null;
    readonly committeeId: string | null;
  } | null;
  readonly actions: readonly CommitteeActionView[];
  readonly settlement: { readonly settledOn: string; readonly summary: string } | null;
  readonly courtReferral: {
    readonly referredOn: string;
    readonly referredBy: DisputePartyView;
    readonly court: string;
    readonly reason: string;
  } | null;
}
