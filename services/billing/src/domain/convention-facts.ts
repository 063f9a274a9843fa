import { addDays, compareDates, type CalendarDate } from '@digit/calendar';
import type { ConventionEvent, ConventionTermsTimeline, Party } from '@digit/contracts';
import type { Investment, TerminationDepreciationInput } from './depreciation.js';
import { SHARE_CHANGES, type ShareAmendment } from './rate-review.decider.js';

/**
 * What billing reads from the conventions' events (received on NATS; shapes in libs/contracts
 * events/conventions.events.ts). The terms in force on each day come from the one shared pure
 * function `conventionTermsTimeline` (libs/contracts), which the conventions service uses too:
 * billing computes them from the events it holds, in its own transactions, rather than asking
 * conventions while it bills (a mémoire, a reconciliation or a depreciation share never depends on
 * another service being up, and replays from history alone).
 */

/** An amendment of the town's share (R-CON-7) read from its `ConventionAmended` event; null for any other event. */
export const shareAmendmentOf = (event: ConventionEvent): ShareAmendment | null => {
  if (event.type !== 'ConventionAmended') return null;
  const { amendmentNumber, signedOn, effectiveFrom, changes } = event.data;
  return { amendmentNumber, signedOn, effectiveFrom, changes: SHARE_CHANGES.filter((key) => changes[key] !== undefined) };
};

/**
 * What the depreciation share needs when a town's termination takes effect (R-BIL-7): its usage
 * share is its resources share on its last day in force. Null when the convention never started.
 */
export const depreciationInputOf = (
  insee: string,
  timeline: ConventionTermsTimeline,
  termination: { readonly on: CalendarDate; readonly requestedBy: Party },
  register: readonly Investment[],
): TerminationDepreciationInput | null => {
  if (!timeline.entryIntoForce) return null;
  const lastDay = addDays(termination.on, -1);
  const lastPeriod = [...timeline.periods].reverse().find((period) => compareDates(period.from, lastDay) <= 0);
  if (!lastPeriod) return null;
  return {
    insee,
    requestedBy: termination.requestedBy,
    conventionStart: timeline.entryIntoForce,
    terminationDate: termination.on,
    usageShare: lastPeriod.resourcesShare,
    register,
  };
};
