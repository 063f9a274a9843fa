import type { ColumnType, Generated } from 'kysely';

/** A jsonb column: read as its value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;

/** The read models of the billing service, in its own schema (`billing`). */
export interface BillingTables {
  /** Each town's convention events as received from NATS, one row per stream version (convention-events.read-model.ts). */
  convention_events: {
    insee: string;
    stream_version: number;
    event_id: string;
    type: string;
    data: Json<unknown>;
    recorded_at: ColumnType<Date, string, never>;
  };
  /** The folded state of every billing stream (billing-streams.read-model.ts). */
  billing_streams: {
    stream_id: string;
    version: number;
    state: Json<Record<string, unknown>>;
  };
  /**
   * The lists inside billing streams, one row per item in the order the stream recorded them
   * (`rank` from 1), so that they are read a page at a time by key (billing-lists.ts).
   */
  billing_list_items: {
    list: string;
    rank: number;
    /** The item's own id (itemId, actionId, assetId, proposalId): one row per id in a list. */
    key: string;
    item: Json<unknown>;
  };
  /** Facts and process steps billing's rules refused, oldest first by `seq` (rejections.read-model.ts). */
  rejections: {
    seq: Generated<string>;
    source: string;
    reference: string;
    code: string;
    message: string;
    details: Json<unknown>;
    rejected_at: ColumnType<Date, never, never>;
  };
}
