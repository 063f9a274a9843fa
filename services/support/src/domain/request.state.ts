import type { Insee } from '@digit/contracts';
import type { PersonalDataDeclaration } from './personal-data-declaration.js';
import type { RequestEvent } from './request.events.js';
import type { SupportPolicy } from './support-policy.js';

/** Where the cross-check with the town DPD's register stands (R-GDPR-2). */
export type PrivacyCheckState = 'not-required' | 'pending' | 'registered' | 'not-registered';

export interface WaitingPeriod {
  readonly start: string;
  readonly end: string;
}

export interface ReceivedRequestState {
  readonly status: 'open' | 'closed';
  readonly requestId: string;
  readonly insee: Insee;
  readonly receivedAt: string;
  readonly serviceLevel: SupportPolicy;
  readonly privacyCheck: PrivacyCheckState;
  /** What to send to the privacy cross-check; null while the request holds no personal data. */
  readonly personalDataDeclaration: PersonalDataDeclaration | null;
  readonly assignee: string | null;
  readonly firstRepliedAt: string | null;
  /** Start of the waiting period in progress, if any. */
  readonly waitingSince: string | null;
  readonly waitingPeriods: readonly WaitingPeriod[];
  readonly firstResponseBreached: boolean;
  readonly resolutionBreached: boolean;
  readonly closedAt: string | null;
  /** Time of the latest fact: no command may be dated before it. */
  readonly lastAt: string;
}

export type RequestState = { readonly status: 'none' } | ReceivedRequestState;

export const initialRequestState: RequestState = { status: 'none' };

const afterReceipt = (state: RequestState): ReceivedRequestState => {
  if (state.status === 'none') throw new Error('a request event before RequestReceived');
  return state;
};

export const evolveRequest = (current: RequestState, event: RequestEvent): RequestState => {
  if (event.type === 'RequestReceived') {
    const { data } = event;
    return {
      status: 'open',
      requestId: data.requestId,
      insee: data.insee,
      receivedAt: data.receivedAt,
      serviceLevel: data.serviceLevel,
      privacyCheck: data.containsPersonalData || data.personalDataDetected === true ? 'pending' : 'not-required',
      personalDataDeclaration: data.personalDataDeclaration,
      assignee: null,
      firstRepliedAt: null,
      waitingSince: null,
      waitingPeriods: [],
      firstResponseBreached: false,
      resolutionBreached: false,
      closedAt: null,
      lastAt: data.receivedAt,
    };
  }
  const state = afterReceipt(current);
  switch (event.type) {
    case 'RequestPersonalDataFlagged':
      return {
        ...state,
        privacyCheck: 'pending',
        personalDataDeclaration: event.data.personalDataDeclaration,
        lastAt: event.data.at,
      };
    case 'RequestPrivacyCheckRecorded':
      return { ...state, privacyCheck: event.data.outcome, lastAt: event.data.checkedAt };
    case 'RequestAssigned':
      return { ...state, assignee: event.data.assignee, lastAt: event.data.at };
    case 'RequestReplied':
      return { ...state, firstRepliedAt: state.firstRepliedAt ?? event.data.at, lastAt: event.data.at };
    case 'RequestWaitingOnTownStarted':
      return { ...state, waitingSince: event.data.at, lastAt: event.data.at };
    case 'RequestWaitingOnTownEnded':
      return {
        ...state,
        waitingSince: null,
        waitingPeriods: [...state.waitingPeriods, { start: state.waitingSince ?? event.data.at, end: event.data.at }],
        lastAt: event.data.at,
      };
    case 'RequestClosed':
      return { ...state, status: 'closed', closedAt: event.data.at, lastAt: event.data.at };
    case 'FirstResponseBreached':
      return { ...state, firstResponseBreached: true, lastAt: event.data.detectedAt };
    case 'ResolutionBreached':
      return { ...state, resolutionBreached: true, lastAt: event.data.detectedAt };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};
