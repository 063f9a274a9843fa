import { Temporal } from 'temporal-polyfill';
import { formatInstantFr } from '@digit/calendar';
import { DomainError, isDomainError, type Decider, type Decision } from '@digit/contracts';
import { formatInstant } from './business-time.js';
import { personalDataDeclaration } from './personal-data-declaration.js';
import type { RequestCommand } from './request.commands.js';
import { overdueClocks } from './request-deadlines.js';
import type { RequestEvent } from './request.events.js';
import { receiveRequest } from './request-intake.js';
import { evolveRequest, initialRequestState, type ReceivedRequestState, type RequestState } from './request.state.js';

/**
 * Support requests and first-level assistance tickets (R-SUP-1, R-SUP-3), with the privacy
 * cross-check of requests naming people (R-GDPR-2). Stream `request-<id>`.
 *
 * Breaches are facts: any dated command first records the breaches that had happened by its
 * time (a late reply records the first-response breach even if no scheduler saw it), and
 * `CheckDeadlines` records them for requests nobody touches. Each breach is recorded once.
 * Commands come checked from the edge (texts not blank, instants with an offset, closures known):
 * the decider keeps the rules that depend on the request's state.
 */

/** The command's instant, normalised to the calendar zone, if not before the request's history. */
const datedAt = (state: ReceivedRequestState, value: string, path: string): string | DomainError => {
  if (Temporal.Instant.compare(value, state.lastAt) < 0) {
    return new DomainError(
      'conflict',
      'instant_before_history',
      `Cette action est datée du ${formatInstantFr(value)}, avant le dernier fait enregistré ` +
        `sur la demande (${formatInstantFr(state.lastAt)}).`,
      [{ path, message: 'date antérieure au dernier événement de la demande' }],
    );
  }
  return formatInstant(value, state.serviceLevel.calendar.zone);
};

const breachesAt = (state: ReceivedRequestState, at: string): RequestEvent[] =>
  overdueClocks(state, at).map(({ clock, dueAt }) =>
    clock === 'firstResponse'
      ? { type: 'FirstResponseBreached', data: { dueAt, detectedAt: at } }
      : { type: 'ResolutionBreached', data: { dueAt, detectedAt: at } },
  );

const closedError = (state: ReceivedRequestState): DomainError =>
  new DomainError(
    'conflict',
    'request_closed',
    `La demande ${state.requestId} est close depuis le ${formatInstantFr(state.closedAt ?? state.lastAt)}.`,
  );

const privacyBlock = (state: ReceivedRequestState): DomainError | null => {
  if (state.privacyCheck === 'pending') {
    return new DomainError(
      'conflict',
      'privacy_check_pending',
      'La demande contient des données nominatives : attendez que le traitement soit vérifié ' +
        "dans le registre du DPD de la ville avant d'y répondre.",
    );
  }
  if (state.privacyCheck === 'not-registered') {
    return new DomainError(
      'conflict',
      'processing_not_registered',
      "Le traitement de ces données nominatives n'est pas inscrit au registre du DPD de la ville : " +
        'la demande ne peut pas être traitée.',
    );
  }
  return null;
};

/** A scheduler's clock may lag the last fact a little: it then has nothing new to record. */
const checkDeadlines = (state: ReceivedRequestState, now: string): Decision<RequestEvent> => {
  if (Temporal.Instant.compare(now, state.lastAt) < 0) return [];
  return breachesAt(state, formatInstant(now, state.serviceLevel.calendar.zone));
};

type OpenRequestCommand = Exclude<RequestCommand, { type: 'ReceiveRequest' | 'CheckDeadlines' }>;

const decideOnOpenRequest = (command: OpenRequestCommand, state: ReceivedRequestState): Decision<RequestEvent> => {
  const at = datedAt(state, command.at, 'at');
  if (isDomainError(at)) return at;
  const breaches = breachesAt(state, at);
  const withBreaches = (...events: RequestEvent[]): RequestEvent[] => [...breaches, ...events];
  switch (command.type) {
    case 'FlagPersonalData': {
      if (state.privacyCheck !== 'not-required') return withBreaches();
      const declaration = personalDataDeclaration(command.declaredProcessing, command.declaredCategories);
      return withBreaches({ type: 'RequestPersonalDataFlagged', data: { at, personalDataDeclaration: declaration } });
    }
    case 'RecordPrivacyCheck': {
      if (state.privacyCheck === 'not-required') {
        return new DomainError(
          'conflict',
          'privacy_check_not_required',
          "La demande n'est pas signalée comme contenant des données nominatives.",
        );
      }
      // Two copies of the service asking at once get the same answer: it is recorded once.
      if (command.outcome === state.privacyCheck) return withBreaches();
      return withBreaches({
        type: 'RequestPrivacyCheckRecorded',
        data: {
          outcome: command.outcome,
          checkedAt: at,
          registerReference: command.registerReference ?? null,
        },
      });
    }
    case 'AssignRequest': {
      const assignee = command.assignee.trim();
      if (assignee === state.assignee) return withBreaches();
      return withBreaches({
        type: 'RequestAssigned',
        data: { assignee, previousAssignee: state.assignee, at },
      });
    }
    case 'ReplyToRequest': {
      const blocked = privacyBlock(state);
      if (blocked) return blocked;
      return withBreaches({
        type: 'RequestReplied',
        data: {
          by: command.by,
          message: command.message,
          at,
          firstResponse: state.firstRepliedAt === null,
        },
      });
    }
    case 'StartWaitingOnTown': {
      if (state.waitingSince !== null) {
        return new DomainError(
          'conflict',
          'already_waiting_on_town',
          `La demande attend déjà la ville depuis le ${formatInstantFr(state.waitingSince)}.`,
        );
      }
      return withBreaches({
        type: 'RequestWaitingOnTownStarted',
        data: { at, reason: command.reason.trim() },
      });
    }
    case 'EndWaitingOnTown':
      if (state.waitingSince === null) {
        return new DomainError('conflict', 'not_waiting_on_town', "La demande n'est pas en attente de la ville.");
      }
      return withBreaches({ type: 'RequestWaitingOnTownEnded', data: { at } });
    case 'CloseRequest': {
      // Closing while waiting on the town ends the waiting: the town will not be waited for any more.
      const endWaiting: RequestEvent[] = state.waitingSince === null ? [] : [{ type: 'RequestWaitingOnTownEnded', data: { at } }];
      return withBreaches(...endWaiting, {
        type: 'RequestClosed',
        data: { at, closure: command.closure, summary: command.summary.trim() },
      });
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

const decideRequest = (command: RequestCommand, state: RequestState): Decision<RequestEvent> => {
  if (command.type === 'ReceiveRequest') {
    if (state.status !== 'none') {
      return new DomainError('conflict', 'request_already_received', `La demande ${state.requestId} est déjà enregistrée.`);
    }
    const received = receiveRequest(command);
    return isDomainError(received) ? received : [received];
  }
  if (state.status === 'none') return new DomainError('not_found', 'request_not_found', "Cette demande n'existe pas.");
  if (command.type === 'CheckDeadlines') return state.status === 'closed' ? [] : checkDeadlines(state, command.now);
  if (state.status === 'closed') return closedError(state);
  return decideOnOpenRequest(command, state);
};

export const requestDecider: Decider<RequestCommand, RequestEvent, RequestState> = {
  initialState: initialRequestState,
  decide: decideRequest,
  evolve: evolveRequest,
};
