import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '@digit/event-store';
import { createDatabase } from '@digit/runtime';

/** The machine's PostgreSQL under schemas (and scratch databases) of this run only (`bench_1a2b3c4d_ours` …), dropped at the end. */
export interface BenchDatabase {
  readonly url: string;
  /** A pool sized like a service's (see @digit/runtime). */
  readonly db: Database;
  schema(name: string): string;
  /**
   * A database of its own on the same server, dropped by `drop`: the peer (Emmett) has no schema
   * option and creates its functions only when no schema of the database has them yet.
   */
  scratchDatabase(name: string): Promise<string>;
  /** A dedicated connection, closed by `drop`. */
  client(): Promise<pg.Client>;
  drop(): Promise<void>;
}

export const openBenchDatabase = async (url: string): Promise<BenchDatabase> => {
  const db = createDatabase(url);
  const prefix = `bench_${randomBytes(4).toString('hex')}`;
  const clients: pg.Client[] = [];
  const databases: string[] = [];
  return {
    url,
    db,
    schema: (name) => `${prefix}_${name}`,
    async scratchDatabase(name) {
      const database = `${prefix}_${name}`;
      await sql`create database ${sql.id(database)}`.execute(db);
      databases.push(database);
      const scratch = new URL(url);
      scratch.pathname = `/${database}`;
      return scratch.toString();
    },
    async client() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      await Promise.all(clients.map((client) => client.end()));
      const schemas = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname like ${`${prefix}\\_%`}`.execute(db);
      for (const { nspname } of schemas.rows) await sql`drop schema ${sql.id(nspname)} cascade`.execute(db);
      for (const database of databases) await sql`drop database if exists ${sql.id(database)} with (force)`.execute(db);
      await db.destroy();
    },
  };
};
