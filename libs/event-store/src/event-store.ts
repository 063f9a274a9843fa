import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, DatabaseTransaction } from './database.js';
import type { DomainEvent, EventMetadata, StoredEvent } from '@digit/contracts';
import type { EventStoreTables, EventsTable } from './event-store.tables.js';
import { chainHash, eventHash, GENESIS_HASH } from './event-hash.js';
import { currentSchemaVersion, upcast, type Upcasters } from './upcasters.js';

/** `no_stream`: the stream must not exist yet; `any`: no check; a number: the stream's last version. */
export type ExpectedVersion = number | 'no_stream' | 'any';

export interface NewEvent<Type extends string = string, Data = unknown> extends DomainEvent<Type, Data> {
  /** Give a deterministic id to make a retried append collide instead of duplicating. */
  readonly eventId?: string;
  readonly metadata?: EventMetadata;
}

export interface AppendOptions {
  /** Metadata shared by every event of the append (each event's own metadata wins). */
  readonly metadata?: EventMetadata;
}

export interface AppendResult {
  readonly nextExpectedVersion: number;
  readonly events: readonly StoredEvent[];
}

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${String(expected)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

export interface ReadAllOptions {
  /** Events strictly after this global position (0n for the beginning). */
  readonly after: bigint;
  readonly limit?: number;
  /** Only streams whose id starts with one of these prefixes (`convention-`). */
  readonly streamPrefixes?: readonly string[];
  /** Stop at this position included (replays "as of" a point of the history). */
  readonly upTo?: bigint;
}

export type EventStoreDb = Kysely<EventStoreTables> | Transaction<EventStoreTables>;

export interface EventStore {
  readonly schema: string;
  readonly db: Kysely<EventStoreTables>;
  append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Appends inside a transaction the caller owns, to commit events with other effects atomically. */
  appendInTransaction(trx: DatabaseTransaction, streamId: string, expected: ExpectedVersion, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: { upTo?: bigint }): Promise<StoredEvent[]>;
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  headPosition(): Promise<bigint>;
  transaction<T>(work: (trx: DatabaseTransaction) => Promise<T>): Promise<T>;
}

const tracer = trace.getTracer('@digit/event-store');

/** The W3C context of the caller, recorded with each event so a trace can be followed from history. */
const activeTraceContext = (): EventMetadata => {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? { traceparent: carrier.traceparent, ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}) } : {};
};

export const createEventStore = (options: {
  db: Database;
  schema: string;
  upcasters?: Upcasters;
}): EventStore => {
  const { schema } = options;
  const upcasters = options.upcasters ?? {};
  const db = options.db.withSchema(schema) as Kysely<EventStoreTables>;
  const scoped = (trx: DatabaseTransaction) => trx.withSchema(schema) as Transaction<EventStoreTables>;

  const toStored = (row: Selectable<EventsTable>): StoredEvent => {
    const current = upcast(upcasters, row.type, row.schema_version, row.data);
    return {
      eventId: row.event_id,
      position: BigInt(row.position),
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      type: row.type,
      schemaVersion: current.schemaVersion,
      data: current.data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
      hash: row.hash,
    };
  };

  const appendInTransaction: EventStore['appendInTransaction'] = async (trx, streamId, expected, events, appendOptions) => {
    const tx = scoped(trx);
    // One append at a time per store: positions are then drawn, and become visible, in commit
    // order, so no reader by position can ever pass an event that commits later (see README).
    await sql`select pg_advisory_xact_lock(hashtext(${`event-store:${schema}`}))`.execute(tx);
    const last = await tx
      .selectFrom('events')
      .select(['stream_version', 'hash'])
      .where('stream_id', '=', streamId)
      .orderBy('stream_version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const actual = last?.stream_version ?? 0;
    const conflict =
      (expected === 'no_stream' && actual !== 0) || (typeof expected === 'number' && expected !== actual);
    if (conflict) throw new WrongExpectedVersionError(streamId, expected, actual);
    if (events.length === 0) return { nextExpectedVersion: actual, events: [] };

    const head = await tx.selectFrom('events').select('chain_hash').orderBy('position', 'desc').limit(1).executeTakeFirst();
    let previousHash = last?.hash ?? GENESIS_HASH;
    let previousChain = head?.chain_hash ?? GENESIS_HASH;
    const recordedAt = new Date();
    const shared = { ...activeTraceContext(), ...appendOptions?.metadata };
    const rows = events.map((event, index) => {
      const fields = {
        eventId: event.eventId ?? randomUUID(),
        streamId,
        streamVersion: actual + index + 1,
        type: event.type,
        schemaVersion: currentSchemaVersion(upcasters, event.type),
        data: event.data,
        metadata: { ...shared, ...event.metadata },
        recordedAt,
      };
      const hash = eventHash(previousHash, fields);
      previousHash = hash;
      previousChain = chainHash(previousChain, hash);
      return {
        event_id: fields.eventId,
        stream_id: streamId,
        stream_version: fields.streamVersion,
        type: fields.type,
        schema_version: fields.schemaVersion,
        data: JSON.stringify(fields.data),
        metadata: JSON.stringify(fields.metadata),
        recorded_at: recordedAt,
        hash,
        chain_hash: previousChain,
      };
    });
    const inserted = await tx.insertInto('events').values(rows).returningAll().execute();
    await sql`select pg_notify(${`${schema}_events`}, ${inserted.at(-1)!.position})`.execute(tx);
    return { nextExpectedVersion: actual + events.length, events: inserted.map(toStored) };
  };

  const transaction = <T>(work: (trx: DatabaseTransaction) => Promise<T>): Promise<T> =>
    options.db.transaction().execute(work);

  return {
    schema,
    db,
    appendInTransaction,
    transaction,
    append: (streamId, expected, events, appendOptions) =>
      tracer.startActiveSpan(`event-store append ${streamId}`, { kind: SpanKind.INTERNAL }, async (span) => {
        try {
          return await transaction((trx) => appendInTransaction(trx, streamId, expected, events, appendOptions));
        } finally {
          span.end();
        }
      }),
    async readStream(streamId, readOptions) {
      let query = db.selectFrom('events').selectAll().where('stream_id', '=', streamId);
      if (readOptions?.upTo !== undefined) query = query.where('position', '<=', readOptions.upTo.toString());
      return (await query.orderBy('stream_version').execute()).map(toStored);
    },
    async readAll(readOptions) {
      let query = db.selectFrom('events').selectAll().where('position', '>', readOptions.after.toString());
      if (readOptions.upTo !== undefined) query = query.where('position', '<=', readOptions.upTo.toString());
      const prefixes = readOptions.streamPrefixes;
      if (prefixes && prefixes.length > 0) {
        query = query.where((eb) => eb.or(prefixes.map((prefix) => eb('stream_id', 'like', `${prefix.replace(/[\\%_]/g, '\\$&')}%`))));
      }
      const rows = await query.orderBy('position').limit(readOptions.limit ?? 1000).execute();
      return rows.map(toStored);
    },
    async headPosition() {
      const row = await db.selectFrom('events').select((eb) => eb.fn.max('position').as('head')).executeTakeFirst();
      return BigInt(row?.head ?? 0);
    },
  };
};
