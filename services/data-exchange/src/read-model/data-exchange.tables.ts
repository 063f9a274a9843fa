import type { ColumnType } from 'kysely';
import type { ErrorDetail, MetadataRecord, OrderLink } from '@digit/contracts';
import type { ActiveDataset } from '../domain/datasets/index.js';

/** A jsonb column: read as its value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;
/** A bigint column: PostgreSQL returns int8 as text, so positions stay exact. */
type Int8 = ColumnType<string, string, string>;

/** One change of a road, with the order that made it (road-registry.read-model.ts). */
export type RoadChangeKind = 'created' | 'renamed' | 'number' | 'direction';

/** The read models of the data-exchange service, in its own schema (`data_exchange`). */
export interface DataExchangeTables {
  /** Every order the registry decided, accepted or rejected with its reasons (R-DX-2). */
  road_orders: {
    insee: string;
    order_id: string;
    status: 'accepted' | 'rejected';
    reasons: Json<readonly ErrorDetail[]>;
    link: Json<OrderLink>;
    road_id: string;
    position: Int8;
  };
  /** Each name, number and direction a road took, in recording order (`position`, then `seq`) (R-DX-1). */
  road_changes: {
    insee: string;
    road_id: string;
    position: Int8;
    seq: number;
    kind: RoadChangeKind;
    order_id: string;
    change: Json<Readonly<Record<string, unknown>>>;
  };
  /** Each dataset's state as its decider folds it (R-DX-4, R-DX-5, R-DX-8). */
  datasets: {
    dataset_id: string;
    insee: string;
    version: number;
    state: Json<ActiveDataset>;
  };
  /** Each catalogue record (R-DX-6); `record` is null once removed, `insee` null for the territory's. */
  metadata_records: {
    identifier: string;
    version: number;
    record: ColumnType<MetadataRecord | null, string | null, string | null>;
    insee: string | null;
  };
}
