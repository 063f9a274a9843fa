import { Temporal } from 'temporal-polyfill';
import { townName, type TicketView } from '@digit/contracts';
import {
  initialRequestState,
  requestDecider,
  requestDueAt,
  type ReceivedRequestState,
  type RequestChannel,
  type RequestClock,
  type RequestClosure,
  type RequestEvent,
  type RequestKind,
} from '../domain/index.js';

/**
 * A support request as agents and towns read it (R-SUP-1, R-SUP-3): the domain's own state, from
 * which due times are computed exactly as the decider does, and what the state does not keep
 * (the need, the replies, the breaches).
 */
export interface TicketRecord {
  readonly request: ReceivedRequestState;
  readonly kind: RequestKind;
  readonly channel: RequestChannel;
  readonly need: string;
  readonly targetUsers: string;
  readonly context: string;
  readonly deadline: string;
  readonly replies: readonly { readonly by: string; readonly message: string; readonly at: string; readonly firstResponse: boolean }[];
  readonly breaches: readonly { readonly clock: RequestClock; readonly dueAt: string; readonly detectedAt: string }[];
  readonly waitingReason: string | null;
  readonly privacyCheckedAt: string | null;
  readonly registerReference: string | null;
  readonly closure: { readonly closure: RequestClosure; readonly summary: string; readonly at: string } | null;
}

const receivedState = (record: TicketRecord | undefined, event: RequestEvent): ReceivedRequestState => {
  const state = requestDecider.evolve(record?.request ?? initialRequestState, event);
  if (state.status === 'none') throw new Error(`${event.type} left the request unreceived`);
  return state;
};

export const evolveTicketRecord = (record: TicketRecord | undefined, event: RequestEvent): TicketRecord => {
  const request = receivedState(record, event);
  if (event.type === 'RequestReceived') {
    const { data } = event;
    return {
      request,
      kind: data.kind,
      channel: data.channel,
      need: data.need,
      targetUsers: data.targetUsers,
      context: data.context,
      deadline: data.deadline,
      replies: [],
      breaches: [],
      waitingReason: null,
      privacyCheckedAt: null,
      registerReference: null,
      closure: null,
    };
  }
  if (record === undefined) throw new Error(`${event.type} before RequestReceived`);
  const next = { ...record, request };
  switch (event.type) {
    case 'RequestReplied':
      return { ...next, replies: [...record.replies, event.data] };
    case 'RequestWaitingOnTownStarted':
      return { ...next, waitingReason: event.data.reason };
    case 'RequestWaitingOnTownEnded':
      return { ...next, waitingReason: null };
    case 'RequestPrivacyCheckRecorded':
      return { ...next, privacyCheckedAt: event.data.checkedAt, registerReference: event.data.registerReference };
    case 'RequestClosed':
      return { ...next, closure: event.data };
    case 'FirstResponseBreached':
      return { ...next, breaches: [...record.breaches, { clock: 'firstResponse', ...event.data }] };
    case 'ResolutionBreached':
      return { ...next, breaches: [...record.breaches, { clock: 'resolution', ...event.data }] };
    case 'RequestPersonalDataFlagged':
    case 'RequestAssigned':
      return next;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

/** The clocks still able to breach: not stopped (first reply, closure), not yet breached. */
const runningClocks = (request: ReceivedRequestState): RequestClock[] => {
  if (request.status !== 'open') return [];
  const clocks: RequestClock[] = [];
  if (request.firstRepliedAt === null && !request.firstResponseBreached) clocks.push('firstResponse');
  if (!request.resolutionBreached) clocks.push('resolution');
  return clocks;
};

/**
 * When the deadline check next has something to look at: the earliest due time of a running clock.
 * Null when none can breach, including while waiting on the town (the clocks are stopped, R-SUP-3).
 * A request is overdue at `now` exactly when this is before `now` (`overdueClocks` looks at the
 * same clocks): the ticket list's `breached` filter reads it from its column.
 */
export const nextDeadlineCheckAt = (record: TicketRecord): string | null =>
  runningClocks(record.request)
    .map((clock) => requestDueAt(record.request, clock))
    .filter((dueAt): dueAt is string => dueAt !== null)
    .reduce<string | null>(
      (earliest, dueAt) => (earliest === null || Temporal.Instant.compare(dueAt, earliest) < 0 ? dueAt : earliest),
      null,
    );

/** The JSON answer of `GET /api/v1/support/tickets/{id}`. Due times are null while the town is waited for. */
export const ticketAnswer = (record: TicketRecord): TicketView => {
  const { request } = record;
  return {
    id: request.requestId,
    insee: request.insee,
    town: townName(request.insee),
    kind: record.kind,
    channel: record.channel,
    need: record.need,
    targetUsers: record.targetUsers,
    context: record.context,
    deadline: record.deadline,
    receivedAt: request.receivedAt,
    status: request.status,
    assignee: request.assignee,
    serviceLevel: {
      firstResponseServiceMinutes: request.serviceLevel.firstResponseServiceMinutes,
      resolutionServiceMinutes: request.serviceLevel.resolutionServiceMinutes,
    },
    firstResponseDueAt: requestDueAt(request, 'firstResponse'),
    resolutionDueAt: requestDueAt(request, 'resolution'),
    firstRepliedAt: request.firstRepliedAt,
    waitingOnTown: request.waitingSince === null ? null : { since: request.waitingSince, reason: record.waitingReason },
    waitingPeriods: request.waitingPeriods,
    breaches: record.breaches,
    privacyCheck: {
      status: request.privacyCheck,
      checkedAt: record.privacyCheckedAt,
      registerReference: record.registerReference,
    },
    replies: record.replies,
    closure: record.closure,
  };
};
