import type { ColumnType, Generated } from 'kysely';

/** Row shapes of the event store's own schema (one per deployment or per test). */
export interface EventsTable {
  position: Generated<string>;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: ColumnType<unknown, string, never>;
  metadata: ColumnType<Record<string, string>, string, never>;
  recorded_at: ColumnType<Date, Date, never>;
  /** sha256 over this event and the previous event's hash in the same stream. */
  hash: string;
  /** sha256 over this event's hash and the previous chain hash by global position. */
  chain_hash: string;
}

export interface CheckpointsTable {
  subscriber: string;
  position: string;
  updated_at: ColumnType<Date, Date, Date>;
}

export interface EventStoreTables {
  events: EventsTable;
  checkpoints: CheckpointsTable;
}
