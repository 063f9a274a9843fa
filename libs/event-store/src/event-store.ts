import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, DatabaseTransaction } from './database.js';
import type { DomainEvent, EventMetadata, StoredEvent } from '@digit/contracts';
import type { EventStoreTables, EventsTable } from './event-store.tables.js';
import type { AppendRequest } from './append-batch.js';
import { createBatchCommit } from './batch-commit.js';
import { createGroupCommit } from './group-commit.js';
import { createStreamHeadCache } from './stream-heads.js';
import { upcast, type Upcasters } from './upcasters.js';
import type { PersonalDataHook } from './personal-data-hook.js';
import type { ExpectedVersion } from './wrong-expected-version.error.js';

export { WrongExpectedVersionError } from './wrong-expected-version.error.js';
export type { ExpectedVersion } from './wrong-expected-version.error.js';

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

export interface ReadAllOptions {
  /** Events strictly after this global position (0n for the beginning). */
  readonly after: bigint;
  readonly limit?: number;
  /** Only streams whose id starts with one of these prefixes (`convention-`). */
  readonly streamPrefixes?: readonly string[];
  /** Stop at this position included (replays "as of" a point of the history). */
  readonly upTo?: bigint;
  /**
   * Events exactly as stored, personal fields still encrypted: for what leaves the store (the
   * relay to JetStream, which keeps messages; the auditors' history, whose hashes cover the ciphertext).
   */
  readonly sealed?: boolean;
  /** Read inside this transaction (what it wrote included), as a command in it must. */
  readonly transaction?: DatabaseTransaction;
}

/** Where a read happens: in a transaction of the caller's (seeing what it wrote), or on its own. */
export interface ReadInOptions {
  readonly transaction?: DatabaseTransaction;
}

/** Events whose `data` at `path` (`['order', 'orderId']`) is one of `values`. */
export interface StreamDataFilter {
  readonly path: readonly [string, ...string[]];
  readonly values: readonly string[];
}

const DATA_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An event id as the store keeps it (a uuid column): anything else would fail the query. */
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `data ? 'order' and data #>> '{order,orderId}' = any($values)`, written as an index on it is. */
const dataFilterSql = ({ path, values }: StreamDataFilter) => {
  if (!path.every((key) => DATA_KEY.test(key))) throw new Error(`invalid data path ${JSON.stringify(path)}`);
  return sql<boolean>`(data ? ${sql.lit(path[0])} and data #>> ${sql.lit(`{${path.join(',')}}`)} = any(${[...values]}))`;
};

export interface ReadPage {
  readonly events: readonly StoredEvent[];
  /** Every followed event up to this position is in `events` or before `after`. */
  readonly scannedUpTo: bigint;
}

export type EventStoreDb = Kysely<EventStoreTables> | Transaction<EventStoreTables>;

export interface EventStore {
  readonly schema: string;
  readonly db: Kysely<EventStoreTables>;
  /**
   * Appends in a transaction of its own. Concurrent appends of one store share a transaction
   * (group commit), each still checked against its own expected version.
   */
  append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Appends inside a transaction the caller owns, to commit events with other effects atomically. */
  appendInTransaction(
    trx: DatabaseTransaction,
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: { upTo?: bigint } & ReadInOptions): Promise<StoredEvent[]>;
  /** The stream's version: the number of events it holds (0 for a stream never written). */
  streamVersion(streamId: string, options?: ReadInOptions): Promise<number>;
  /**
   * The events of one stream, up to a version, whose data holds one of the values at one of the
   * paths: the part of a long stream that a decision needs. The owner of such streams creates the
   * index that keeps it fast: `(stream_id, (data #>> '{order,orderId}')) where data ? 'order'`.
   */
  readStreamMatching(
    streamId: string,
    filters: readonly StreamDataFilter[],
    upToVersion: number,
    options?: ReadInOptions,
  ): Promise<StoredEvent[]>;
  /**
   * Creates, once, the index `readStreamMatching` needs for a data path:
   * `(stream_id, (data #>> '{order,orderId}')) where data ? 'order'`. The events table's owner
   * creates it on the caller's behalf (services' roles may not change the table).
   */
  indexDataPath(indexName: string, path: StreamDataFilter['path']): Promise<void>;
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * The events with these ids that the store holds (one indexed lookup), in no particular order;
   * ids that are not event ids (not UUIDs) are simply not found.
   */
  readEvents(eventIds: readonly string[], options?: Pick<ReadAllOptions, 'sealed'>): Promise<StoredEvent[]>;
  /**
   * The next page of the streams a reader follows, and how far the history has been looked
   * through: a follower moves its checkpoint to `scannedUpTo`, so that other streams' events are
   * looked through once, not on every poll until one of its own comes.
   */
  readPage(options: Omit<ReadAllOptions, 'upTo'>): Promise<ReadPage>;
  headPosition(): Promise<bigint>;
  transaction<T>(work: (trx: DatabaseTransaction) => Promise<T>): Promise<T>;
}

const tracer = trace.getTracer('@digit/event-store');

/** Stream heads a store keeps in memory (about 200 bytes each). */
const STREAM_HEADS_KEPT = 50_000;

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
  /** Crypto-shredding of personal fields; without it, data is stored and read as given. */
  personalData?: PersonalDataHook;
}): EventStore => {
  const { schema, personalData } = options;
  const upcasters = options.upcasters ?? {};
  const db = options.db.withSchema(schema) as Kysely<EventStoreTables>;

  const asStored = (row: Selectable<EventsTable>): StoredEvent => ({
    eventId: row.event_id,
    position: BigInt(row.position),
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
    hash: row.hash,
  });

  const upcastStored = (event: StoredEvent): StoredEvent => {
    const current = upcast(upcasters, event.type, event.schemaVersion, event.data);
    return { ...event, schemaVersion: current.schemaVersion, data: current.data };
  };

  const toStored = (row: Selectable<EventsTable>): StoredEvent => upcastStored(asStored(row));

  // Personal fields are opened before upcasting, so upcasters see the data as it was appended.
  /** The events table, read on its own or in the caller's transaction. */
  const eventsIn = (trx: DatabaseTransaction | undefined) =>
    (trx ? (trx as Transaction<EventStoreTables>).withSchema(schema) : db).selectFrom('events');

  // In a transaction, keys it created for the events it appended are read there too.
  const toRead = (rows: readonly Selectable<EventsTable>[], trx?: DatabaseTransaction): Promise<StoredEvent[]> | StoredEvent[] =>
    personalData ? Promise.all(rows.map(async (row) => upcastStored(await personalData.open(asStored(row), trx)))) : rows.map(toStored);

  const sealWith =
    (hook: PersonalDataHook) =>
    async (trx: DatabaseTransaction, events: readonly NewEvent[]): Promise<readonly NewEvent[]> => {
      const sealed: NewEvent[] = [];
      for (const event of events) sealed.push({ ...event, data: (await hook.seal({ type: event.type, data: event.data }, trx)).data });
      return sealed;
    };

  const request = (
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    appendOptions?: AppendOptions,
  ): AppendRequest => ({
    streamId,
    expected,
    events,
    metadata: { ...activeTraceContext(), ...appendOptions?.metadata },
  });

  const heads = createStreamHeadCache(STREAM_HEADS_KEPT);
  const batchCommit = createBatchCommit({ db: options.db, schema, upcasters, heads, seal: personalData && sealWith(personalData) });

  const appendInTransaction: EventStore['appendInTransaction'] = async (trx, streamId, expected, events, appendOptions) => {
    const outcome = await batchCommit.appendInTransaction(trx, request(streamId, expected, events, appendOptions));
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  };

  const transaction = <T>(work: (trx: DatabaseTransaction) => Promise<T>): Promise<T> => options.db.transaction().execute(work);

  const groupCommit = createGroupCommit({ commit: batchCommit.commit });

  const store: EventStore = {
    schema,
    db,
    appendInTransaction,
    transaction,
    append: (streamId, expected, events, appendOptions) =>
      tracer.startActiveSpan(`event-store append ${streamId}`, { kind: SpanKind.INTERNAL }, async (span) => {
        try {
          return await groupCommit(request(streamId, expected, events, appendOptions));
        } finally {
          span.end();
        }
      }),
    async readStream(streamId, readOptions) {
      let query = eventsIn(readOptions?.transaction).selectAll().where('stream_id', '=', streamId);
      if (readOptions?.upTo !== undefined) query = query.where('position', '<=', readOptions.upTo.toString());
      const rows = await query.orderBy('stream_version').execute();
      // A command appends next on what it read: its batch is hashed on the head it saw.
      const last = rows.at(-1);
      if (last && readOptions?.upTo === undefined) heads.remember(new Map([[streamId, { version: last.stream_version, hash: last.hash }]]));
      return toRead(rows, readOptions?.transaction);
    },
    async streamVersion(streamId, readOptions) {
      const row = await eventsIn(readOptions?.transaction)
        .select((eb) => eb.fn.max('stream_version').as('version'))
        .where('stream_id', '=', streamId)
        .executeTakeFirst();
      return Number(row?.version ?? 0);
    },
    async readStreamMatching(streamId, filters, upToVersion, readOptions) {
      const wanted = filters.filter((filter) => filter.values.length > 0);
      if (wanted.length === 0) return [];
      const rows = await eventsIn(readOptions?.transaction)
        .selectAll()
        .where('stream_id', '=', streamId)
        .where('stream_version', '<=', upToVersion)
        .where(sql<boolean>`(${sql.join(wanted.map(dataFilterSql), sql` or `)})`)
        .orderBy('stream_version')
        .execute();
      return toRead(rows, readOptions?.transaction);
    },
    async indexDataPath(indexName, path) {
      await sql`select ${sql.id(schema, 'ensure_data_index')}(${indexName}, ${[...path]}::text[])`.execute(options.db);
    },
    async readAll(readOptions) {
      let query = eventsIn(readOptions.transaction).selectAll().where('position', '>', readOptions.after.toString());
      if (readOptions.upTo !== undefined) query = query.where('position', '<=', readOptions.upTo.toString());
      const prefixes = readOptions.streamPrefixes;
      if (prefixes && prefixes.length > 0) {
        query = query.where((eb) => eb.or(prefixes.map((prefix) => eb('stream_id', 'like', `${prefix.replace(/[\\%_]/g, '\\$&')}%`))));
      }
      const rows = await query
        .orderBy('position')
        .limit(readOptions.limit ?? 1000)
        .execute();
      return readOptions.sealed ? rows.map(toStored) : toRead(rows, readOptions.transaction);
    },
    async readEvents(eventIds, readOptions) {
      const ids = [...new Set(eventIds.filter((eventId) => EVENT_ID.test(eventId)))];
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('events').selectAll().where('event_id', 'in', ids).execute();
      return readOptions?.sealed ? rows.map(toStored) : toRead(rows);
    },
    async readPage(readOptions) {
      // Positions are given under the append lock and committed in their order: once the head is
      // visible, every position below it is. So a page shorter than its limit, read up to a head
      // read before it, has looked through the whole range up to that head.
      const head = await store.headPosition();
      if (head <= readOptions.after) return { events: [], scannedUpTo: readOptions.after };
      const limit = readOptions.limit ?? 1000;
      const events = await store.readAll({ ...readOptions, limit, upTo: head });
      return { events, scannedUpTo: events.length === limit ? events.at(-1)!.position : head };
    },
    async headPosition() {
      const row = await db
        .selectFrom('events')
        .select((eb) => eb.fn.max('position').as('head'))
        .executeTakeFirst();
      return BigInt(row?.head ?? 0);
    },
  };
  return store;
};
