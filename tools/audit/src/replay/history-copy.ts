import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { sql } from 'kysely';
import { jsonText, readHistoryRecords, startHistoryCheck, type Database, type EventStore, type HistoryRecord } from '@digit/event-store';
import { verifyHistoryArchive } from '@digit/history-archive';
import type { SealPublicKey } from '@digit/history-seal';

/** Where a replay takes the history from: the live event store, or an archive (`audit export`). */
export type HistorySource =
  | { readonly kind: 'database'; readonly store: EventStore }
  | { readonly kind: 'archive'; readonly file: string; readonly publicKey?: SealPublicKey };

/** What the replay copied: the history as recorded up to the instant. */
export interface CopiedHistory {
  readonly events: number;
  readonly lastPosition: string | null;
  readonly lastRecordedAt: string | null;
  /** The chain hash of the last event copied: the seal of what the replay knew. */
  readonly chainHash: string | null;
  /** The first event recorded after the instant, where the copy stopped (null: the source ended before). */
  readonly firstAfter: { readonly position: string; readonly recordedAt: string } | null;
  /** What the auditor should know of the source (French). */
  readonly notes: readonly string[];
}

/** The history does not verify: the replay refuses it (exit 1, like `verify`). */
export class HistoryAltered extends Error {
  override readonly name = 'HistoryAltered';
  constructor(
    readonly position: bigint | undefined,
    reason: string,
  ) {
    super(position === undefined ? reason : `première position en défaut ${position} (${reason})`);
  }
}

const BATCH = 2_000;

/**
 * Inserts events into the replay's store exactly as they were stored (positions, times, both
 * hashes, personal fields still sealed), a batch per statement: the replay's history is a copy
 * of the recorded one, which its own `verify` would accept.
 */
const insertBatch = async (db: Database, schema: string, records: readonly HistoryRecord[]): Promise<void> => {
  const column = <T>(pick: (record: HistoryRecord) => T): T[] => records.map(pick);
  await sql`insert into ${sql.table(`${schema}.events`)}
    (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash, chain_hash)
    select * from unnest(
      ${column((r) => r.position.toString())}::bigint[], ${column((r) => r.eventId)}::uuid[], ${column((r) => r.streamId)}::text[],
      ${column((r) => r.streamVersion)}::integer[], ${column((r) => r.type)}::text[], ${column((r) => r.schemaVersion)}::integer[],
      ${column((r) => jsonText(r.data))}::jsonb[], ${column((r) => jsonText(r.metadata))}::jsonb[],
      ${column((r) => r.recordedAt.toISOString())}::timestamptz[], ${column((r) => r.hash)}::text[], ${column((r) => r.chainHash)}::text[])`.execute(
    db,
  );
};

/**
 * Copies, in position order, every event up to the first one recorded after `knownAt`. Positions
 * become visible in order (they are drawn under the append lock and committed with it), so what
 * the system knew at an instant is a prefix of the history; an event recorded after the instant
 * was not yet committed then, and neither was anything after it.
 */
/**
 * From the live store, the rows are copied by PostgreSQL itself (the events were read here to be
 * checked, and are not sent back): the same rows, without a round trip through JSON.
 */
const copyRange =
  (db: Database, from: EventStore, schema: string) =>
  async (records: readonly HistoryRecord[]): Promise<void> => {
    const columns = sql`position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash, chain_hash`;
    await sql`insert into ${sql.table(`${schema}.events`)} (${columns})
    select ${columns} from ${sql.table(`${from.schema}.events`)}
    where position between ${records[0]!.position.toString()} and ${records.at(-1)!.position.toString()}`.execute(db);
  };

type InsertBatch = (records: readonly HistoryRecord[]) => Promise<void>;

const historyCopy = (insert: InsertBatch, knownAt: Date, signal: AbortSignal | undefined) => {
  let batch: HistoryRecord[] = [];
  let events = 0;
  let last: HistoryRecord | undefined;
  let firstAfter: HistoryRecord | undefined;
  // One batch is written while the next is read and checked.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    signal?.throwIfAborted();
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    await writing;
    writing = insert(records);
    writing.catch(() => undefined);
  };
  return {
    /** False once the instant is passed: the rest is ignored. */
    async offer(record: HistoryRecord): Promise<boolean> {
      if (firstAfter) return false;
      if (record.recordedAt > knownAt) {
        firstAfter = record;
        return false;
      }
      batch.push(record);
      events += 1;
      last = record;
      if (batch.length >= BATCH) await flush();
      return true;
    },
    async finish(notes: readonly string[]): Promise<CopiedHistory> {
      await flush();
      await writing;
      return {
        events,
        lastPosition: last?.position.toString() ?? null,
        lastRecordedAt: last?.recordedAt.toISOString() ?? null,
        chainHash: last?.chainHash ?? null,
        firstAfter: firstAfter ? { position: firstAfter.position.toString(), recordedAt: firstAfter.recordedAt.toISOString() } : null,
        notes,
      };
    },
  };
};

/** The live history, page by page, each event checked (both hashes, the chain) before it is copied. */
const copyFromDatabase = async (store: EventStore, copy: ReturnType<typeof historyCopy>): Promise<CopiedHistory> => {
  const found = await sql<{
    found: boolean;
  }>`select to_regclass(${`"${store.schema.replace(/"/g, '""')}".events`}) is not null as found`.execute(store.db);
  if (!found.rows[0]?.found) throw new Error(`aucun historique dans le schéma ${store.schema} (DATABASE_URL, DIGIT_SCHEMA_PREFIX)`);
  const check = startHistoryCheck();
  for (let after = 0n; ;) {
    const page = await readHistoryRecords(store, { after, limit: BATCH });
    if (page.length === 0) break;
    for (const record of page) {
      const bad = check.next(record);
      if (bad) throw new HistoryAltered(bad.position, bad.reason);
      if (!(await copy.offer(record))) return copy.finish([]);
      after = record.position;
    }
  }
  return copy.finish([]);
};

/** The archive, verified whole as `verify --archive` does (the replay refuses one that does not verify), its events copied as they are checked. */
const copyFromArchive = async (
  file: string,
  publicKey: SealPublicKey | undefined,
  copy: ReturnType<typeof historyCopy>,
  knownAt: Date,
): Promise<CopiedHistory> => {
  await access(file, constants.R_OK).catch(() => {
    throw new Error(`impossible de lire ${file}`);
  });
  const report = await verifyHistoryArchive(createReadStream(file), {
    publicKey,
    async onRecord(record, manifest) {
      if (manifest.previousSeal.position !== '0') {
        throw new Error(
          `l'archive commence après la position ${manifest.previousSeal.position} (export --from) : un rejeu part du premier événement de l'historique`,
        );
      }
      await copy.offer(record);
    },
  });
  if (!report.ok) throw new HistoryAltered(report.position, report.reason);
  const createdAt = new Date(report.manifest.createdAt);
  const rangeEnd =
    report.manifest.range.to === null ? createdAt : new Date(Math.min(createdAt.getTime(), Date.parse(report.manifest.range.to)));
  const notes =
    knownAt > rangeEnd
      ? [
          `l'archive couvre l'historique jusqu'au ${rangeEnd.toISOString()} : ce qui a été enregistré ensuite, jusqu'à l'instant demandé, n'y est pas`,
        ]
      : [];
  return copy.finish([...notes, ...report.notes]);
};

/** Copies the history known at `knownAt` into the replay's store (schema `storeSchema`, migrated and empty). */
export const copyHistory = async (
  source: HistorySource,
  db: Database,
  storeSchema: string,
  knownAt: Date,
  signal?: AbortSignal,
): Promise<CopiedHistory> => {
  if (source.kind === 'database')
    return copyFromDatabase(source.store, historyCopy(copyRange(db, source.store, storeSchema), knownAt, signal));
  return copyFromArchive(
    source.file,
    source.publicKey,
    historyCopy((records) => insertBatch(db, storeSchema, records), knownAt, signal),
    knownAt,
  );
};
