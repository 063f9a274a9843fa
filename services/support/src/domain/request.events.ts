import type { DomainEvent, Insee } from '@digit/contracts';
import type { PersonalDataDeclaration } from './personal-data-declaration.js';
import type { SupportPolicy } from './support-policy.js';

/** Support requests (DOMAIN R-SUP-1, R-SUP-3, R-GDPR-2). Instants are ISO 8601 with the Paris offset. */
export const requestStreamId = (requestId: string): string => `request-${requestId}`;

/** `assistance`: first-level help on the tools; `project`: a need that may open a project (R-SUP-2). */
export type RequestKind = 'assistance' | 'project';
/** `email`: read from digit@seineouest.fr, keeping the e-mail's received time; `api`: posted. */
export type RequestChannel = 'email' | 'api';
export type PrivacyCheckOutcome = 'registered' | 'not-registered';
export type RequestClosure = 'resolved' | 'withdrawn' | 'not-processable';

export type RequestReceived = DomainEvent<
  'RequestReceived',
  {
    readonly requestId: string;
    readonly insee: Insee;
    readonly kind: RequestKind;
    readonly channel: RequestChannel;
    readonly need: string;
    readonly targetUsers: string;
    readonly context: string;
    /** `YYYY-MM-DD`, the town's deadline. */
    readonly deadline: string;
    readonly receivedAt: string;
    /** The request names people or gives their contacts: it waits for the privacy cross-check. */
    readonly containsPersonalData: boolean;
    /**
     * The request's words name a person or give their contacts (issue 15), whatever was declared:
     * it waits for the cross-check too. Absent from requests received before the detection.
     */
    readonly personalDataDetected?: boolean;
    /** What the sender declared about that personal data; null when none was declared nor detected. */
    readonly personalDataDeclaration: PersonalDataDeclaration | null;
    /** The policy in force at receipt, kept so that due times never move with configuration. */
    readonly serviceLevel: SupportPolicy;
    /** Due times as of receipt, before any waiting on the town. */
    readonly firstResponseDueAt: string;
    readonly resolutionDueAt: string;
  }
>;
export type RequestPersonalDataFlagged = DomainEvent<
  'RequestPersonalDataFlagged',
  { readonly at: string; readonly personalDataDeclaration: PersonalDataDeclaration }
>;
export type RequestPrivacyCheckRecorded = DomainEvent<
  'RequestPrivacyCheckRecorded',
  { readonly outcome: PrivacyCheckOutcome; readonly checkedAt: string; readonly registerReference: string | null }
>;
export type RequestAssigned = DomainEvent<
  'RequestAssigned',
  { readonly assignee: string; readonly previousAssignee: string | null; readonly at: string }
>;
export type RequestReplied = DomainEvent<
  'RequestReplied',
  { readonly by: string; readonly message: string; readonly at: string; readonly firstResponse: boolean }
>;
export type RequestWaitingOnTownStarted = DomainEvent<'RequestWaitingOnTownStarted', { readonly at: string; readonly reason: string }>;
export type RequestWaitingOnTownEnded = DomainEvent<'RequestWaitingOnTownEnded', { readonly at: string }>;
export type RequestClosed = DomainEvent<
  'RequestClosed',
  { readonly at: string; readonly closure: RequestClosure; readonly summary: string }
>;
export type FirstResponseBreached = DomainEvent<'FirstResponseBreached', { readonly dueAt: string; readonly detectedAt: string }>;
export type ResolutionBreached = DomainEvent<'ResolutionBreached', { readonly dueAt: string; readonly detectedAt: string }>;

export type RequestEvent =
  | RequestReceived
  | RequestPersonalDataFlagged
  | RequestPrivacyCheckRecorded
  | RequestAssigned
  | RequestReplied
  | RequestWaitingOnTownStarted
  | RequestWaitingOnTownEnded
  | RequestClosed
  | FirstResponseBreached
  | ResolutionBreached;
