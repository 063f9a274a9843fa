import { sql } from 'kysely';
import type { Database, DatabaseTransaction } from './database.js';
import type { NewEvent } from './event-store.js';
import {
  lockedHeads,
  outcomesOf,
  planBatch,
  storeBatch,
  type AppendOutcome,
  type AppendRequest,
  type PlannedBatch,
  type StoredBatch,
  type StreamHeads,
} from './append-batch.js';
import { BatchRolledBack } from './group-commit.js';
import type { StreamHeadCache } from './stream-heads.js';
import type { Upcasters } from './upcasters.js';

/** Tries of a batch on guessed heads; the next one takes the lock first and reads them under it. */
const GUESSES = 2;

type Seal = (trx: DatabaseTransaction, events: readonly NewEvent[]) => Promise<readonly NewEvent[]>;

export interface BatchCommitOptions {
  readonly db: Database;
  readonly schema: string;
  readonly upcasters: Upcasters;
  /** Seals events in the batch's transaction; without it, a batch is a single autocommit statement. */
  readonly seal?: Seal;
  readonly heads: StreamHeadCache;
}

interface Attempt {
  readonly batch: PlannedBatch;
  readonly stored: StoredBatch;
}

/** PostgreSQL refused the statement itself: its transaction rolled back, nothing of it is stored. */
const isStatementError = (error: unknown): boolean => (error as { severity?: unknown } | null)?.severity === 'ERROR';

/**
 * `work` in a transaction of its own on one connection, committed unless the batch found a
 * head moved (nothing inserted, but the seal may have written for an append it now refuses).
 */
const inTransaction = (db: Database, work: (trx: DatabaseTransaction) => Promise<Attempt>): Promise<Attempt> =>
  db.connection().execute(async (connection) => {
    let attempt: Attempt;
    try {
      await sql.raw('begin').execute(connection);
      // One connection inside BEGIN … COMMIT is what a kysely transaction is; the seal gets it as one.
      attempt = await work(connection as DatabaseTransaction);
    } catch (error) {
      await sql
        .raw('rollback')
        .execute(connection)
        .catch(() => undefined);
      throw new BatchRolledBack(error);
    }
    if ('stale' in attempt.stored) {
      await sql
        .raw('rollback')
        .execute(connection)
        .catch(() => undefined);
      return attempt;
    }
    await sql.raw('commit').execute(connection);
    return attempt;
  });

/**
 * Commits batches of appends: hashed on the heads the store remembers, stored in one round trip
 * (`append_events` checks those heads under the append lock), planned again on the heads it
 * returns when one has moved. With a seal, the batch needs a transaction around the seal's
 * writes: BEGIN, the seal, `append_events`, COMMIT.
 */
export const createBatchCommit = (options: BatchCommitOptions) => {
  const { db, schema, upcasters, heads } = options;
  const sealWithin = (trx: DatabaseTransaction | undefined) => (events: readonly NewEvent[]) =>
    options.seal && trx ? options.seal(trx, events) : events;

  /** Plans on `hashedOn` and on the chain's guessed head, which the next batch then chains after. */
  const plan = async (
    requests: readonly AppendRequest[],
    hashedOn: StreamHeads,
    trx: DatabaseTransaction | undefined,
  ): Promise<PlannedBatch> => {
    const batch = await planBatch({ schema, upcasters, seal: sealWithin(trx), chainFrom: heads.guessChain() }, requests, hashedOn);
    if (batch.rows.length > 0) heads.planChain(batch.chainTo);
    return batch;
  };

  /** Stores a planned batch; the chain's head is then known, or unknown if it failed or found a head moved. */
  const store = async (executor: Database, batch: PlannedBatch): Promise<StoredBatch> => {
    let stored: StoredBatch | undefined;
    try {
      stored = await storeBatch(executor, schema, batch);
      return stored;
    } finally {
      if (batch.rows.length > 0) heads.settleChain(batch.chainTo, stored && 'positions' in stored ? stored.chainHead : undefined);
    }
  };

  /** Under the lock, heads read: cannot be stale, and a batch of refusals only needs reading. */
  const lockedAttempt = async (
    trx: DatabaseTransaction,
    requests: readonly AppendRequest[],
    streamIds: readonly string[],
  ): Promise<Attempt> => {
    const batch = await plan(requests, await lockedHeads(trx, schema, streamIds), trx);
    const stored = batch.rows.length === 0 ? { positions: [], chainHead: undefined } : await store(trx, batch);
    if ('stale' in stored) throw new Error('event store: a stream moved under the append lock (a writer without it?)');
    return { batch, stored };
  };

  const guessedAttempt = async (requests: readonly AppendRequest[], guessed: StreamHeads): Promise<Attempt> => {
    if (options.seal)
      return inTransaction(db, async (trx) => {
        const batch = await plan(requests, guessed, trx);
        return { batch, stored: await store(trx, batch) };
      });
    let batch: PlannedBatch;
    try {
      batch = await plan(requests, guessed, undefined);
    } catch (error) {
      throw new BatchRolledBack(error);
    }
    try {
      return { batch, stored: await store(db, batch) };
    } catch (error) {
      // The statement is its own commit: unless PostgreSQL refused it, it may have happened.
      throw isStatementError(error) ? new BatchRolledBack(error) : error;
    }
  };

  /** Group commit's `commit`: see GroupCommitOptions. */
  const commit = async (requests: readonly AppendRequest[]): Promise<AppendOutcome[]> => {
    const streamIds = [...new Set(requests.map((request) => request.streamId))];
    let guessed: StreamHeads = new Map(streamIds.map((streamId) => [streamId, heads.guess(streamId)]));
    try {
      for (let attempt = 1; ; attempt++) {
        const { batch, stored } =
          attempt > GUESSES
            ? await inTransaction(db, (trx) => lockedAttempt(trx, requests, streamIds))
            : await guessedAttempt(requests, guessed);
        if ('stale' in stored) {
          heads.remember(stored.stale);
          guessed = new Map([...guessed, ...stored.stale]);
          continue;
        }
        heads.remember(batch.heads);
        return outcomesOf(batch, stored.positions);
      }
    } catch (error) {
      // Stored or not, the heads of these streams are unknown.
      if (!(error instanceof BatchRolledBack)) heads.forget(streamIds);
      throw error;
    }
  };

  /** One append in the caller's transaction, which then holds the append lock until it ends. */
  const appendInTransaction = async (trx: DatabaseTransaction, request: AppendRequest): Promise<AppendOutcome> => {
    const { batch, stored } = await lockedAttempt(trx, [request], [request.streamId]);
    // A guess: the caller may still roll back.
    heads.remember(batch.heads);
    return outcomesOf(batch, 'positions' in stored ? stored.positions : [])[0]!;
  };

  return { commit, appendInTransaction };
};
