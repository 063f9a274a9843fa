import type { DatabaseTransaction } from './database.js';
import type { AppendResult } from './event-store.js';
import type { AppendOutcome, AppendRequest } from './append-batch.js';

interface Pending {
  readonly request: AppendRequest;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  /** Runs `work` in a transaction that holds the append lock, and commits it. */
  readonly transaction: <T>(work: (trx: DatabaseTransaction) => Promise<T>) => Promise<T>;
  /** Writes the requests inside the transaction; throws when one of them cannot be written. */
  readonly write: (trx: DatabaseTransaction, requests: readonly AppendRequest[]) => Promise<AppendOutcome[]>;
  /** A batch takes waiting appends until it holds this many events (one append at least). */
  readonly maxBatchEvents?: number;
}

/**
 * Group commit: concurrent appends share one transaction, hence one WAL flush. While a batch
 * commits, the next one gathers whatever arrives. Each append keeps its own outcome: its own
 * version check, its own error.
 */
export const createGroupCommit = (options: GroupCommitOptions): ((request: AppendRequest) => Promise<AppendResult>) => {
  const maxBatchEvents = options.maxBatchEvents ?? 2_000;
  const waiting: Pending[] = [];
  let draining = false;

  const commit = async (batch: readonly Pending[]): Promise<void> => {
    let failedBeforeCommit = false;
    try {
      const outcomes = await options.transaction(async (trx) => {
        try {
          return await options.write(trx, batch.map((pending) => pending.request));
        } catch (error) {
          failedBeforeCommit = true;
          throw error;
        }
      });
      batch.forEach((pending, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) pending.resolve(outcome.result);
        else pending.reject(outcome.error);
      });
    } catch (error) {
      // Rolled back before its commit: nothing of the batch is stored, so each append can be
      // tried alone and only the one at fault fails. A failed commit is another matter: it may
      // have happened, so every append of the batch gets the error, as a lone append would.
      if (failedBeforeCommit && batch.length > 1) {
        for (const pending of batch) await commit([pending]);
      } else {
        for (const pending of batch) pending.reject(error);
      }
    }
  };

  const takeBatch = (): Pending[] => {
    let events = waiting[0]!.request.events.length;
    let count = 1;
    while (count < waiting.length && events + waiting[count]!.request.events.length <= maxBatchEvents) {
      events += waiting[count]!.request.events.length;
      count += 1;
    }
    return waiting.splice(0, count);
  };

  // Callers released by a commit append again within the same turn of the event loop: waiting
  // for the next turn before taking a batch lets them all join it, instead of the first one
  // leaving alone and the others waiting for it (batches of 1 and 7 instead of 8).
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  const drain = async (): Promise<void> => {
    draining = true;
    for (await nextTurn(); waiting.length > 0; await nextTurn()) await commit(takeBatch());
    draining = false;
  };

  return (request) =>
    new Promise<AppendResult>((resolve, reject) => {
      waiting.push({ request, resolve, reject });
      if (!draining) void drain();
    });
};
