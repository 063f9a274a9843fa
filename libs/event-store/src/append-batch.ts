import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { EventMetadata, StoredEvent } from '@digit/contracts';
import type { Database } from './database.js';
import type { AppendResult, NewEvent } from './event-store.js';
import { chainHash, eventHash, GENESIS_HASH } from './event-hash.js';
import { jsonText } from './json-text.js';
import { currentSchemaVersion, type Upcasters } from './upcasters.js';
import { conflicts, WrongExpectedVersionError, type ExpectedVersion } from './wrong-expected-version.error.js';

/** One caller's append, with the metadata it shares between its events (its trace context included). */
export interface AppendRequest {
  readonly streamId: string;
  readonly expected: ExpectedVersion;
  readonly events: readonly NewEvent[];
  readonly metadata: EventMetadata;
}

export type AppendOutcome =
  { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: WrongExpectedVersionError };

/** The last version of a stream and its hash, which the next event of the stream chains to. */
export interface StreamHead {
  readonly version: number;
  readonly hash: string;
}

export const NEW_STREAM: StreamHead = { version: 0, hash: GENESIS_HASH };

export type StreamHeads = ReadonlyMap<string, StreamHead>;

export interface AppendBatchOptions {
  readonly schema: string;
  readonly upcasters: Upcasters;
  /** The events as they must be stored (personal fields sealed), in the batch's transaction. */
  readonly seal: (events: readonly NewEvent[]) => Promise<readonly NewEvent[]> | readonly NewEvent[];
  /** The chain hash the store's last event is guessed to have, to chain the rows to; unknown: `append_events` chains them. */
  readonly chainFrom: string | undefined;
}

/** An event ready to insert: what the caller gets back but its position, which the insert draws. */
interface Row {
  readonly event: Omit<StoredEvent, 'position'>;
  /** The stored (sealed) data, as JSON. */
  readonly data: string;
  readonly metadata: string;
  /** Its chain hash if the batch was chained from a guessed head. */
  readonly chainHash: string | undefined;
}

/**
 * A batch hashed on some heads of its streams: what to insert, each request's fate, and the
 * heads of its streams once inserted. Valid only if those heads are the streams' own.
 */
export interface PlannedBatch {
  readonly hashedOn: StreamHeads;
  readonly chainFrom: string | undefined;
  /** The chain hash of its last row, if it has rows and was chained from a guessed head. */
  readonly chainTo: string | undefined;
  readonly rows: readonly Row[];
  readonly recordedAt: Date;
  readonly plans: readonly (
    { readonly error: WrongExpectedVersionError } | { readonly first: number; readonly count: number; readonly nextExpectedVersion: number }
  )[];
  readonly heads: StreamHeads;
}

/** What storing a planned batch gave: its positions and the chain's head after it, or, nothing written, the heads as they are. */
export type StoredBatch =
  { readonly positions: readonly bigint[]; readonly chainHead: string | undefined } | { readonly stale: StreamHeads };

/** The key of the lock every writer of a store takes, whatever its process: see `storeBatch`. */
export const appendLockKey = (schema: string): string => `event-store:${schema}`;

/** Takes the append lock, in the caller's transaction, and reads the heads of `streamIds` under it. */
export const lockedHeads = async (db: Database, schema: string, streamIds: readonly string[]): Promise<Map<string, StreamHead>> => {
  const { rows } = await sql<{ head_stream_id: string; head_version: number; head_hash: string }>`
    select * from ${sql.id(schema, 'locked_heads')}(${appendLockKey(schema)}, ${streamIds}::text[])`.execute(db);
  return new Map(rows.map((row) => [row.head_stream_id, { version: row.head_version, hash: row.head_hash }]));
};

const asJson = (value: unknown): { text: string; value: unknown } => {
  const text = jsonText(value);
  return { text, value: JSON.parse(text) };
};

/**
 * Checks each request against its expected version on `hashedOn` (a head for every stream of
 * the batch), seals and hashes the events of those that match, in order: a later request of a
 * stream builds on the earlier ones. Throws on what no request can carry (an event JSON cannot
 * hold, a seal refused); the batch's transaction must then roll back, with whatever the seal wrote.
 */
export const planBatch = async (
  options: AppendBatchOptions,
  requests: readonly AppendRequest[],
  hashedOn: StreamHeads,
): Promise<PlannedBatch> => {
  const heads = new Map(hashedOn);
  const { chainFrom } = options;
  let chain = chainFrom;
  const recordedAt = new Date();
  const rows: Row[] = [];
  const plans: PlannedBatch['plans'][number][] = [];
  for (const request of requests) {
    let head = heads.get(request.streamId)!;
    if (conflicts(request.expected, head.version)) {
      plans.push({ error: new WrongExpectedVersionError(request.streamId, request.expected, head.version) });
      continue;
    }
    const sealed = await options.seal(request.events);
    const first = rows.length;
    const shared = asJson(request.metadata);
    sealed.forEach((event, index) => {
      // The hash covers what jsonb gives back of the stored form: JSON's own reading of it.
      const stored = asJson(event.data);
      const metadata = event.metadata === undefined ? shared : asJson({ ...request.metadata, ...event.metadata });
      const fields = {
        eventId: event.eventId ?? randomUUID(),
        streamId: request.streamId,
        streamVersion: head.version + 1,
        type: event.type,
        schemaVersion: currentSchemaVersion(options.upcasters, event.type),
        metadata: metadata.value as EventMetadata,
        recordedAt,
      };
      head = { version: fields.streamVersion, hash: eventHash(head.hash, { ...fields, data: stored.value }) };
      chain = chain === undefined ? undefined : chainHash(chain, head.hash);
      // The caller gets its events back in clear, as a reader would.
      const original = request.events[index]!.data;
      const clear = original === event.data ? stored.value : asJson(original).value;
      rows.push({ event: { ...fields, data: clear, hash: head.hash }, data: stored.text, metadata: metadata.text, chainHash: chain });
    });
    heads.set(request.streamId, head);
    plans.push({ first, count: sealed.length, nextExpectedVersion: head.version });
  }
  return { hashedOn, chainFrom, chainTo: rows.length > 0 ? chain : undefined, rows, recordedAt, plans, heads };
};

// One JSON array per column of JSON: PostgreSQL parses it faster than an array of jsonb texts.
const jsonArray = (texts: readonly string[]): string => `[${texts.join(',')}]`;

/**
 * Stores a planned batch in one statement, `append_events` (event-store.migrations.ts), in
 * its own transaction (autocommit) or the caller's: under the append lock, it checks that the
 * heads the batch was hashed on are still the streams' own, chains the rows to the store's
 * head, inserts them at positions in a row, in order, and notifies listeners once, with the
 * last position. When a head has moved (another process appended to the stream, or
 * this one guessed wrong), it writes nothing and returns the heads as they are: the batch is to
 * be planned again on them.
 *
 * The lock makes appends of the whole store one at a time, across processes: positions are
 * then drawn, and become visible, in commit order, so no reader by position can pass an event
 * that commits later; and each event can be chained to the one before it.
 */
export const storeBatch = async (db: Database, schema: string, batch: PlannedBatch): Promise<StoredBatch> => {
  const { rows } = batch;
  const column = <T>(pick: (row: Row) => T): T[] => rows.map(pick);
  const guessed = [...batch.hashedOn];
  const { rows: returned } = await sql<{
    first_position: string | null;
    chain_head: string | null;
    stale_stream_id: string | null;
    actual_version: number | null;
    actual_hash: string | null;
  }>`select * from ${sql.id(schema, 'append_events')}(
      ${appendLockKey(schema)}, ${`${schema}_events`},
      ${guessed.map(([streamId]) => streamId)}::text[], ${guessed.map(([, head]) => head.version)}::int[], ${guessed.map(([, head]) => head.hash)}::text[],
      ${column((row) => row.event.eventId)}::uuid[], ${column((row) => row.event.streamId)}::text[],
      ${column((row) => row.event.streamVersion)}::int[], ${column((row) => row.event.type)}::text[],
      ${column((row) => row.event.schemaVersion)}::int[], ${jsonArray(column((row) => row.data))}::jsonb,
      ${jsonArray(column((row) => row.metadata))}::jsonb, ${batch.recordedAt}::timestamptz, ${column((row) => row.event.hash)}::text[],
      ${batch.chainFrom ?? null}::text, ${batch.chainFrom === undefined ? [] : column((row) => row.chainHash!)}::text[])`.execute(db);
  if (returned[0]?.stale_stream_id) {
    return { stale: new Map(returned.map((row) => [row.stale_stream_id!, { version: row.actual_version!, hash: row.actual_hash! }])) };
  }
  const first = BigInt(returned[0]?.first_position ?? 0);
  return { positions: rows.map((_, i) => first + BigInt(i)), chainHead: returned[0]?.chain_head ?? undefined };
};

/** Each request's outcome, once its batch is stored at `positions`. */
export const outcomesOf = (batch: PlannedBatch, positions: readonly bigint[]): AppendOutcome[] =>
  batch.plans.map((plan): AppendOutcome => {
    if ('error' in plan) return { ok: false, error: plan.error };
    const events = batch.rows
      .slice(plan.first, plan.first + plan.count)
      .map((row, i) => ({ ...row.event, position: positions[plan.first + i]! }));
    return { ok: true, result: { nextExpectedVersion: plan.nextExpectedVersion, events } };
  });
