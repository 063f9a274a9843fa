import { Temporal } from 'temporal-polyfill';
import { addServiceMinutes, type ClockPause } from './service-hours.js';
import type { ReceivedRequestState } from './request.state.js';

/**
 * Due times of a request (R-SUP-3): service minutes of its policy counted from receipt, the
 * clock stopped while waiting on the town.
 */
export type RequestClock = 'firstResponse' | 'resolution';

const budgetOf = (state: ReceivedRequestState, clock: RequestClock): number =>
  clock === 'firstResponse' ? state.serviceLevel.firstResponseServiceMinutes : state.serviceLevel.resolutionServiceMinutes;

/** When the clock stopped for good: the first reply, or the closure. */
const stoppedAt = (state: ReceivedRequestState, clock: RequestClock): string | null =>
  (clock === 'firstResponse' ? state.firstRepliedAt : null) ?? state.closedAt;

const isBefore = (a: string, b: string): boolean => Temporal.Instant.compare(a, b) < 0;

/**
 * The due time of `clock`. While a waiting period is open the due time is unknown (null) unless
 * it had already passed when the waiting started, or `asOf` is given: the waiting is then
 * counted up to `asOf`, which gives the due time if the town answered at that instant. Once the
 * clock has stopped (first reply, closure) the due time is final.
 */
export const requestDueAt = (state: ReceivedRequestState, clock: RequestClock, asOf?: string): string | null => {
  const stop = stoppedAt(state, clock);
  const dueWith = (pauses: readonly ClockPause[]): string =>
    addServiceMinutes(state.receivedAt, budgetOf(state, clock), state.serviceLevel.calendar, pauses);
  if (stop !== null) {
    // A stopped clock: only the waiting before the stop counts, whether it ended or not.
    const periods =
      state.waitingSince === null ? state.waitingPeriods : [...state.waitingPeriods, { start: state.waitingSince, end: stop }];
    return dueWith(
      periods
        .filter((period) => isBefore(period.start, stop))
        .map((period) => ({ start: period.start, end: isBefore(stop, period.end) ? stop : period.end })),
    );
  }
  const dueWithEndedWaiting = dueWith(state.waitingPeriods);
  const waitingSince = state.waitingSince;
  if (waitingSince === null || !isBefore(waitingSince, dueWithEndedWaiting)) return dueWithEndedWaiting;
  if (asOf === undefined) return null;
  const waitingEnd = isBefore(asOf, waitingSince) ? waitingSince : asOf;
  return dueWith([...state.waitingPeriods, { start: waitingSince, end: waitingEnd }]);
};

export const firstResponseDueAt = (state: ReceivedRequestState, asOf?: string): string | null => requestDueAt(state, 'firstResponse', asOf);

export const resolutionDueAt = (state: ReceivedRequestState, asOf?: string): string | null => requestDueAt(state, 'resolution', asOf);

/** The clocks overdue at `at` whose breach is not yet recorded, with their due time. */
export const overdueClocks = (
  state: ReceivedRequestState,
  at: string,
): readonly { readonly clock: RequestClock; readonly dueAt: string }[] => {
  const clocks: RequestClock[] = [];
  if (state.status === 'open' && state.firstRepliedAt === null && !state.firstResponseBreached) {
    clocks.push('firstResponse');
  }
  if (state.status === 'open' && !state.resolutionBreached) clocks.push('resolution');
  return clocks.flatMap((clock) => {
    const dueAt = requestDueAt(state, clock, at);
    return dueAt !== null && isBefore(dueAt, at) ? [{ clock, dueAt }] : [];
  });
};
