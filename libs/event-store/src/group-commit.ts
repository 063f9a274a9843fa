import type { AppendResult } from './event-store.js';
import type { AppendOutcome, AppendRequest } from './append-batch.js';

interface Pending {
  readonly request: AppendRequest;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * What `commit` throws when its batch surely stored nothing (rolled back before or at its
 * commit): each append of the batch can then be tried alone. `reason` is what went wrong.
 */
export class BatchRolledBack extends Error {
  constructor(readonly reason: unknown) {
    super('the batch was rolled back', { cause: reason });
  }
}

export interface GroupCommitOptions {
  /**
   * Stores the requests in one transaction and commits it, each request with its own outcome.
   * Throws BatchRolledBack when nothing was stored, anything else when the commit may have happened.
   */
  readonly commit: (requests: readonly AppendRequest[]) => Promise<AppendOutcome[]>;
  /** A batch takes waiting appends until it holds this many events (one append at least). */
  readonly maxBatchEvents?: number;
  /** Batches committing at once, the next ones starting only when a full batch waits. */
  readonly maxBatchesInFlight?: number;
}

/**
 * Group commit: concurrent appends share one transaction, hence one WAL flush. While a batch
 * commits, the next one gathers whatever arrives. Each append keeps its own outcome: its own
 * version check, its own error.
 *
 * When a full batch waits while another commits, it starts at once: the store hashes and sends
 * it while PostgreSQL inserts the other, instead of after (the append lock still orders them).
 * Appends keep their order within a stream: a batch stops before an append whose stream is in a
 * batch still committing, so that it is checked against what that batch wrote.
 */
export const createGroupCommit = (options: GroupCommitOptions): ((request: AppendRequest) => Promise<AppendResult>) => {
  const maxBatchEvents = options.maxBatchEvents ?? 400;
  const maxBatchesInFlight = options.maxBatchesInFlight ?? 2;
  const waiting: Pending[] = [];
  let waitingEvents = 0;
  let batchesInFlight = 0;
  /** How many batches committing hold appends of each stream. */
  const streamsInFlight = new Map<string, number>();
  let takeScheduled = false;

  const commit = async (batch: readonly Pending[]): Promise<void> => {
    try {
      const outcomes = await options.commit(batch.map((pending) => pending.request));
      batch.forEach((pending, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) pending.resolve(outcome.result);
        else pending.reject(outcome.error);
      });
    } catch (error) {
      // Rolled back: nothing of the batch is stored, so each append can be tried alone and only
      // the one at fault fails. A failed commit is another matter: it may have happened, so every
      // append of the batch gets the error, as a lone append would.
      if (error instanceof BatchRolledBack && batch.length > 1) {
        for (const pending of batch) await commit([pending]);
      } else {
        for (const pending of batch) pending.reject(error instanceof BatchRolledBack ? error.reason : error);
      }
    }
  };

  const takeBatch = (): Pending[] => {
    let events = 0;
    let count = 0;
    while (count < waiting.length && !streamsInFlight.has(waiting[count]!.request.streamId)) {
      const next = waiting[count]!.request.events.length;
      if (count > 0 && events + next > maxBatchEvents) break;
      events += next;
      count += 1;
    }
    waitingEvents -= events;
    return waiting.splice(0, count);
  };

  const canStart = (): boolean =>
    waiting.length > 0 &&
    (batchesInFlight === 0 ||
      (batchesInFlight < maxBatchesInFlight && waitingEvents >= maxBatchEvents && !streamsInFlight.has(waiting[0]!.request.streamId)));

  const run = async (batch: readonly Pending[]): Promise<void> => {
    const streamIds = batch.map((pending) => pending.request.streamId);
    batchesInFlight += 1;
    for (const streamId of streamIds) streamsInFlight.set(streamId, (streamsInFlight.get(streamId) ?? 0) + 1);
    try {
      await commit(batch);
    } finally {
      batchesInFlight -= 1;
      for (const streamId of streamIds) {
        const left = streamsInFlight.get(streamId)! - 1;
        if (left === 0) streamsInFlight.delete(streamId);
        else streamsInFlight.set(streamId, left);
      }
      scheduleTake();
    }
  };

  // Callers released by a commit append again within the same turn of the event loop: waiting
  // for the next turn before taking a batch lets them all join it, instead of the first one
  // leaving alone and the others waiting for it (batches of 1 and 7 instead of 8).
  const scheduleTake = (): void => {
    if (takeScheduled || !canStart()) return;
    takeScheduled = true;
    setImmediate(() => {
      takeScheduled = false;
      if (!canStart()) return;
      void run(takeBatch());
      scheduleTake();
    });
  };

  return (request) =>
    new Promise<AppendResult>((resolve, reject) => {
      waiting.push({ request, resolve, reject });
      waitingEvents += request.events.length;
      scheduleTake();
    });
};
