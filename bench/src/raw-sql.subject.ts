import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { migrateEventStore } from '@digit/event-store';
import type { BenchDatabase } from './bench-database.js';
import { benchMetadata } from './bench-events.js';

/**
 * The limit: plain SQL on a table identical to ours (same columns, keys and indexes), one
 * connection per writer, autocommit, no lock, no hash, no version check.
 */
export interface RawSqlSubject {
  /** One single-row INSERT transaction. */
  insertOne(worker: number, streamId: string, version: number, event: { type: string; data: unknown }): Promise<void>;
  /** One multi-row INSERT of `rows` (one statement, one transaction). */
  insertMany(worker: number, rows: readonly { streamId: string; version: number; event: { type: string; data: unknown } }[]): Promise<void>;
  /** A keyset scan of `schema`'s events by position, pages of `pageSize`, folded into a Map; returns the rows read. */
  scan(schema: string, pageSize: number): Promise<number>;
}

const COLUMNS = '(event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash, chain_hash)';
const PLACEHOLDER_HASH = '0'.repeat(64);

const rowValues = (streamId: string, version: number, event: { type: string; data: unknown }): unknown[] => [
  randomUUID(),
  streamId,
  version,
  event.type,
  1,
  JSON.stringify(event.data),
  JSON.stringify(benchMetadata()),
  new Date(),
  PLACEHOLDER_HASH,
  PLACEHOLDER_HASH,
];

export const openRawSql = async (database: BenchDatabase, name: string, writers: number): Promise<RawSqlSubject> => {
  const schema = database.schema(name);
  await migrateEventStore(database.db, schema);
  const table = `"${schema}".events`;
  const clients: pg.Client[] = await Promise.all(Array.from({ length: writers }, () => database.client()));
  const reader = await database.client();
  const client = (worker: number) => clients[worker % clients.length]!;
  return {
    async insertOne(worker, streamId, version, event) {
      await client(worker).query(
        `insert into ${table} ${COLUMNS} values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        rowValues(streamId, version, event),
      );
    },
    async insertMany(worker, rows) {
      const values = rows.flatMap((row) => rowValues(row.streamId, row.version, row.event));
      const tuples = rows.map((_, r) => `(${Array.from({ length: 10 }, (_, c) => `$${r * 10 + c + 1}`).join(', ')})`);
      await client(worker).query(`insert into ${table} ${COLUMNS} values ${tuples.join(', ')}`, values);
    },
    async scan(source, pageSize) {
      const perStream = new Map<string, number>();
      let after = '0';
      let read = 0;
      for (;;) {
        const page = await reader.query<{ position: string; stream_id: string }>(
          `select * from "${source}".events where position > $1 order by position limit $2`,
          [after, pageSize],
        );
        if (page.rows.length === 0) return read;
        for (const row of page.rows) perStream.set(row.stream_id, (perStream.get(row.stream_id) ?? 0) + 1);
        read += page.rows.length;
        after = page.rows.at(-1)!.position;
      }
    },
  };
};
