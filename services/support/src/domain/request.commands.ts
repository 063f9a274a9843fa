import type { Insee } from '@digit/contracts';
import type { PrivacyCheckOutcome, RequestChannel, RequestClosure, RequestKind } from './request.events.js';
import type { SupportPolicy } from './support-policy.js';

/**
 * Commands on a support request. Every command carries its own time (`now`, `at`): ISO 8601
 * instants with an offset. Their shapes are checked at the service's edge (the requests of
 * libs/contracts support): the decider checks what depends on several fields or on the state.
 */
export interface ReceiveRequest {
  readonly type: 'ReceiveRequest';
  readonly requestId: string;
  readonly insee: Insee;
  readonly need: string;
  readonly targetUsers: string;
  readonly context: string;
  /** `YYYY-MM-DD`. */
  readonly deadline: string;
  /** Required for e-mails (their received time); defaults to `now` for the API. */
  readonly receivedAt?: string;
  readonly channel: RequestChannel;
  readonly kind?: RequestKind;
  readonly containsPersonalData: boolean;
  /** Only with personal data: the register processing the sender names (R-GDPR-2). */
  readonly declaredProcessing?: string;
  /** Only with personal data: the categories the sender declares. */
  readonly declaredCategories?: readonly string[];
  /** When the system records the request. */
  readonly now: string;
  /** Defaults to `DEFAULT_SUPPORT_POLICY`; pass the configured one. */
  readonly policy?: SupportPolicy;
}

/** An agent found names or contacts in a request received without the flag. */
export interface FlagPersonalData {
  readonly type: 'FlagPersonalData';
  readonly declaredProcessing?: string;
  readonly declaredCategories?: readonly string[];
  readonly at: string;
}

/** Outcome of the cross-check against the town DPD's register (R-GDPR-2), from the privacy service. */
export interface RecordPrivacyCheck {
  readonly type: 'RecordPrivacyCheck';
  readonly outcome: PrivacyCheckOutcome;
  readonly registerReference?: string;
  readonly at: string;
}

export interface AssignRequest {
  readonly type: 'AssignRequest';
  readonly assignee: string;
  readonly at: string;
}

export interface ReplyToRequest {
  readonly type: 'ReplyToRequest';
  readonly by: string;
  readonly message: string;
  readonly at: string;
}

export interface StartWaitingOnTown {
  readonly type: 'StartWaitingOnTown';
  readonly reason: string;
  readonly at: string;
}

export interface EndWaitingOnTown {
  readonly type: 'EndWaitingOnTown';
  readonly at: string;
}

export interface CloseRequest {
  readonly type: 'CloseRequest';
  readonly closure: RequestClosure;
  readonly summary: string;
  readonly at: string;
}

/** Sent by a scheduler: records the breaches that happened by `now`, each once. */
export interface CheckDeadlines {
  readonly type: 'CheckDeadlines';
  readonly now: string;
}

export type RequestCommand =
  | ReceiveRequest
  | FlagPersonalData
  | RecordPrivacyCheck
  | AssignRequest
  | ReplyToRequest
  | StartWaitingOnTown
  | EndWaitingOnTown
  | CloseRequest
  | CheckDeadlines;
