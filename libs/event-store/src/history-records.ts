import { sql } from 'kysely';
import type { EventStore } from './event-store.js';

/**
 * One event exactly as stored (personal fields still sealed, never upcast) with both of its
 * hashes: what auditors verify and what leaves the store for them (API, archives).
 */
export interface HistoryRecord {
  readonly position: bigint;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: Date;
  /** sha256 over this event and the previous event's hash in the same stream. */
  readonly hash: string;
  /** sha256 over this event's hash and the previous chain hash by global position. */
  readonly chainHash: string;
  /**
   * The hash of the stream's previous event when it lies before the range read (asked with
   * `previousOfStreamsBefore`), so that a partial history can still be checked event by event.
   */
  readonly previousStreamHash?: string;
}

/** The head of the chain at a position: an auditor writes it down, and the next verification must still reach it. */
export interface Seal {
  readonly position: bigint;
  readonly chainHash: string;
}

export const GENESIS_SEAL: Seal = { position: 0n, chainHash: '0'.repeat(64) };

interface HistoryRow {
  position: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  recorded_at: Date;
  hash: string;
  chain_hash: string;
  previous_stream_hash?: string | null;
}

const asRecord = (row: HistoryRow): HistoryRecord => ({
  position: BigInt(row.position),
  eventId: row.event_id,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  type: row.type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: row.metadata,
  recordedAt: row.recorded_at,
  hash: row.hash,
  chainHash: row.chain_hash,
  ...(row.previous_stream_hash ? { previousStreamHash: row.previous_stream_hash } : {}),
});

const events = (store: EventStore) => sql.table(`${store.schema}.events`);

/**
 * A page of the history by position, as stored: events after `after`, up to `upTo` included.
 * With `previousOfStreamsBefore`, each event whose stream's previous event lies before that
 * position carries that event's hash (one index lookup per event, on the stream's unique key).
 */
export const readHistoryRecords = async (
  store: EventStore,
  options: { after: bigint; upTo?: bigint; limit: number; previousOfStreamsBefore?: bigint },
): Promise<HistoryRecord[]> => {
  const upTo = options.upTo === undefined ? sql`` : sql`and e.position <= ${options.upTo.toString()}`;
  const before = options.previousOfStreamsBefore;
  const query =
    before === undefined || before <= 1n
      ? sql<HistoryRow>`select e.* from ${events(store)} e where e.position > ${options.after.toString()} ${upTo} order by e.position limit ${options.limit}`
      : sql<HistoryRow>`select e.*, p.hash as previous_stream_hash from ${events(store)} e
          left join ${events(store)} p on p.stream_id = e.stream_id and p.stream_version = e.stream_version - 1 and p.position < ${before.toString()}
          where e.position > ${options.after.toString()} ${upTo} order by e.position limit ${options.limit}`;
  return (await query.execute(store.db)).rows.map(asRecord);
};

const sealOf = (row: { position: string; chain_hash: string } | undefined): Seal | undefined =>
  row && { position: BigInt(row.position), chainHash: row.chain_hash };

/** The last event's seal, or undefined for an empty history. */
export const headSeal = async (store: EventStore): Promise<Seal | undefined> =>
  sealOf(
    (
      await sql<{
        position: string;
        chain_hash: string;
      }>`select position, chain_hash from ${events(store)} order by position desc limit 1`.execute(store.db)
    ).rows[0],
  );

/** The seal of the last event at or below `position` (GENESIS_SEAL when there is none). */
export const sealAtOrBelow = async (store: EventStore, position: bigint): Promise<Seal> =>
  sealOf(
    (
      await sql<{
        position: string;
        chain_hash: string;
      }>`select position, chain_hash from ${events(store)} where position <= ${position.toString()} order by position desc limit 1`.execute(
        store.db,
      )
    ).rows[0],
  ) ?? GENESIS_SEAL;

/**
 * Which history this is, as the database itself names it (`digit.event_store`): signed seals
 * carry it, so that a seal of one history is never taken for another's (tests, benchmarks,
 * several deployments on one server).
 */
export const historyIdentity = async (store: EventStore): Promise<string> =>
  `${(await sql<{ name: string }>`select current_database() as name`.execute(store.db)).rows[0]!.name}.${store.schema}`;

/**
 * The positions of the first event recorded at or after `from` and of the last recorded at or
 * before `to` (recording times follow positions only roughly: a range of positions is what
 * a chain can be checked over). Undefined bounds: the whole history's.
 */
export const positionRange = async (
  store: EventStore,
  range: { from?: Date; to?: Date },
): Promise<{ first: bigint; last: bigint } | undefined> => {
  const fromClause = range.from ? sql`and recorded_at >= ${range.from}` : sql``;
  const toClause = range.to ? sql`and recorded_at <= ${range.to}` : sql``;
  const { rows } = await sql<{ first: string | null; last: string | null }>`
    select (select min(position) from ${events(store)} where true ${fromClause}) as first,
           (select max(position) from ${events(store)} where true ${toClause}) as last`.execute(store.db);
  const first = rows[0]?.first;
  const last = rows[0]?.last;
  if (first == null || last == null || BigInt(first) > BigInt(last)) return undefined;
  return { first: BigInt(first), last: BigInt(last) };
};

/** How many events lie between two positions, both included. */
export const countEvents = async (store: EventStore, first: bigint, last: bigint): Promise<number> =>
  Number(
    (
      await sql<{
        count: string;
      }>`select count(*) as count from ${events(store)} where position between ${first.toString()} and ${last.toString()}`.execute(store.db)
    ).rows[0]!.count,
  );
