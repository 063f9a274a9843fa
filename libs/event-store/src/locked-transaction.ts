import { sql } from 'kysely';
import type { Database, DatabaseTransaction } from './database.js';
import { appendLockKey } from './append-batch.js';

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * A transaction that starts holding the store's append lock, BEGIN and lock in one round trip
 * (a simple query of two statements): a group commit spends one round trip less per batch.
 */
export const lockedTransaction = <T>(db: Database, schema: string, work: (trx: DatabaseTransaction) => Promise<T>): Promise<T> =>
  db.connection().execute(async (connection) => {
    let result: T;
    try {
      await sql.raw(`begin; select pg_advisory_xact_lock(hashtext(${literal(appendLockKey(schema))}))`).execute(connection);
      // One connection inside BEGIN … COMMIT is what a kysely transaction is; the hook gets it as one.
      result = await work(connection as DatabaseTransaction);
    } catch (error) {
      await sql.raw('rollback').execute(connection).catch(() => undefined);
      throw error;
    }
    await sql.raw('commit').execute(connection);
    return result;
  });
