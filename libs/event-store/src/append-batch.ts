import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { EventMetadata, StoredEvent } from '@digit/contracts';
import type { DatabaseTransaction } from './database.js';
import type { AppendResult, NewEvent } from './event-store.js';
import { chainHash, eventHash, GENESIS_HASH } from './event-hash.js';
import { currentSchemaVersion, type Upcasters } from './upcasters.js';
import { conflicts, WrongExpectedVersionError, type ExpectedVersion } from './wrong-expected-version.error.js';

/** One caller's append, with the metadata it shares between its events (its trace context included). */
export interface AppendRequest {
  readonly streamId: string;
  readonly expected: ExpectedVersion;
  readonly events: readonly NewEvent[];
  readonly metadata: EventMetadata;
}

export type AppendOutcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: WrongExpectedVersionError };

export interface AppendBatchOptions {
  readonly schema: string;
  readonly upcasters: Upcasters;
  /** The events as they must be stored (personal fields sealed), in the same transaction. */
  readonly seal: (trx: DatabaseTransaction, events: readonly NewEvent[]) => Promise<readonly NewEvent[]>;
}

/** An event ready to insert: what the caller gets back but its position, which the insert draws. */
interface Row {
  readonly event: Omit<StoredEvent, 'position'>;
  /** The stored (sealed) data, as JSON. */
  readonly data: string;
  readonly metadata: string;
  readonly chainHash: string;
}

/** The key of the lock every writer of a store takes, whatever its process: see `writeAppends`. */
export const appendLockKey = (schema: string): string => `event-store:${schema}`;

export const appendLock = (schema: string) => sql`select pg_advisory_xact_lock(hashtext(${appendLockKey(schema)}))`;

/** The last version and hash of each stream, and the last chain hash of the store, in one round trip. */
const readHeads = async (tx: DatabaseTransaction, schema: string, streamIds: readonly string[]) => {
  const events = sql.table(`${schema}.events`);
  const { rows } = await sql<{ stream_id: string; stream_version: number | null; hash: string | null; head_chain: string | null }>`
    select s.stream_id, last.stream_version, last.hash,
      (select chain_hash from ${events} order by position desc limit 1) as head_chain
    from unnest(${streamIds}::text[]) as s(stream_id)
    left join lateral (
      select stream_version, hash from ${events} where stream_id = s.stream_id order by stream_version desc limit 1
    ) as last on true`.execute(tx);
  const streams = new Map(rows.map((row) => [row.stream_id, { version: row.stream_version ?? 0, hash: row.hash ?? GENESIS_HASH }]));
  return { streams, chain: rows[0]?.head_chain ?? GENESIS_HASH };
};

/**
 * Inserts every row in one statement that also notifies listeners once, with the last position.
 * The chain needs positions drawn in row order: checked, or nothing is appended.
 */
const insertRows = async (tx: DatabaseTransaction, schema: string, rows: readonly Row[]): Promise<bigint[]> => {
  const column = <T>(pick: (row: Row) => T): T[] => rows.map(pick);
  const { rows: inserted } = await sql<{ position: string; event_id: string }>`
    with inserted as (
      insert into ${sql.table(`${schema}.events`)}
        (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash, chain_hash)
      select * from unnest(
        ${column((row) => row.event.eventId)}::uuid[], ${column((row) => row.event.streamId)}::text[],
        ${column((row) => row.event.streamVersion)}::int[], ${column((row) => row.event.type)}::text[],
        ${column((row) => row.event.schemaVersion)}::int[], ${column((row) => row.data)}::jsonb[],
        ${column((row) => row.metadata)}::jsonb[], ${column((row) => row.event.recordedAt)}::timestamptz[],
        ${column((row) => row.event.hash)}::text[], ${column((row) => row.chainHash)}::text[])
      returning position, event_id
    ), notified as (
      select pg_notify(${`${schema}_events`}, max(position)::text) from inserted
    )
    select inserted.position, inserted.event_id from inserted, notified order by inserted.position`.execute(tx);
  if (inserted.length !== rows.length || inserted.some((row, i) => row.event_id !== rows[i]!.event.eventId)) {
    throw new Error('event store: positions were not drawn in row order; nothing was appended');
  }
  return inserted.map((row) => BigInt(row.position));
};

const asJson = (value: unknown): { text: string; value: unknown } => {
  const text = JSON.stringify(value) ?? 'null';
  return { text, value: JSON.parse(text) };
};

/**
 * Appends every request that matches its expected version, in order, in the caller's
 * transaction, which must hold the append lock. A request that does not match gets its
 * WrongExpectedVersionError as outcome and the others go on (a later request of the same stream
 * sees the earlier ones). Anything else that goes wrong with one request (an event JSON cannot
 * carry, a seal refused) throws: the transaction must then roll back, with whatever the seal wrote.
 *
 * The lock makes appends of the whole store one at a time, across processes: positions are
 * then drawn, and become visible, in commit order, so no reader by position can pass an event
 * that commits later; and each event can be chained to the one before it.
 */
export const writeAppends = async (
  trx: DatabaseTransaction,
  options: AppendBatchOptions,
  requests: readonly AppendRequest[],
): Promise<AppendOutcome[]> => {
  const { schema, upcasters } = options;
  const heads = await readHeads(trx, schema, [...new Set(requests.map((request) => request.streamId))]);
  let previousChain = heads.chain;
  const recordedAt = new Date();
  const rows: Row[] = [];
  const plans: ({ error: WrongExpectedVersionError } | { first: number; count: number; nextExpectedVersion: number })[] = [];
  for (const request of requests) {
    const head = heads.streams.get(request.streamId)!;
    if (conflicts(request.expected, head.version)) {
      plans.push({ error: new WrongExpectedVersionError(request.streamId, request.expected, head.version) });
      continue;
    }
    const sealed = await options.seal(trx, request.events);
    const first = rows.length;
    sealed.forEach((event, index) => {
      // The hash covers what jsonb gives back of the stored form: JSON's own reading of it.
      const stored = asJson(event.data);
      const metadata = asJson({ ...request.metadata, ...event.metadata });
      const fields = {
        eventId: event.eventId ?? randomUUID(),
        streamId: request.streamId,
        streamVersion: head.version + index + 1,
        type: event.type,
        schemaVersion: currentSchemaVersion(upcasters, event.type),
        metadata: metadata.value as EventMetadata,
        recordedAt,
      };
      head.hash = eventHash(head.hash, { ...fields, data: stored.value });
      previousChain = chainHash(previousChain, head.hash);
      // The caller gets its events back in clear, as a reader would.
      const original = request.events[index]!.data;
      const clear = original === event.data ? stored.value : asJson(original).value;
      rows.push({ event: { ...fields, data: clear, hash: head.hash }, data: stored.text, metadata: metadata.text, chainHash: previousChain });
    });
    head.version += sealed.length;
    plans.push({ first, count: sealed.length, nextExpectedVersion: head.version });
  }
  const positions = rows.length > 0 ? await insertRows(trx, schema, rows) : [];
  return plans.map((plan): AppendOutcome => {
    if ('error' in plan) return { ok: false, error: plan.error };
    const events = rows.slice(plan.first, plan.first + plan.count).map((row, i) => ({ ...row.event, position: positions[plan.first + i]! }));
    return { ok: true, result: { nextExpectedVersion: plan.nextExpectedVersion, events } };
  });
};
