import { sql } from 'kysely';
import type { StoredEvent } from '@digit/contracts';
import { jsonText, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import {
  datasetDecider,
  metadataRecordDecider,
  type ActiveDataset,
  type DatasetEvent,
  type DatasetState,
  type MetadataRecord,
  type MetadataRecordEvent,
  type MetadataRecordState,
} from '../domain/datasets/index.js';

export const DATASET_STREAM_PREFIX = 'dataset-';
export const METADATA_RECORD_STREAM_PREFIX = 'metadata-record-';

/**
 * Read models of the datasets towns send (R-DX-4, R-DX-5, R-DX-8) and of the metadata
 * catalogue (R-DX-6): each dataset's and each record's state as its decider folds it.
 */
export const migrateDatasets = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.datasets`)} (
    dataset_id text primary key,
    insee text not null,
    version integer not null,
    state jsonb not null
  )`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.metadata_records`)} (
    identifier text primary key,
    version integer not null,
    record jsonb
  )`.execute(db);
};

const applyDatasetEvent = async (trx: DatabaseTransaction, schema: string, event: StoredEvent): Promise<void> => {
  const table = sql.table(`${schema}.datasets`);
  const datasetId = event.streamId.slice(DATASET_STREAM_PREFIX.length);
  const current = await sql<{ state: DatasetState }>`select state from ${table} where dataset_id = ${datasetId} for update`.execute(trx);
  const next = datasetDecider.evolve(current.rows[0]?.state ?? datasetDecider.initialState, event as unknown as DatasetEvent);
  if (!next.exists) return;
  await sql`insert into ${table} (dataset_id, insee, version, state) values (${datasetId}, ${next.insee}, ${event.streamVersion}, ${jsonText(next)})
    on conflict (dataset_id) do update set version = excluded.version, state = excluded.state`.execute(trx);
};

const applyMetadataRecordEvent = async (trx: DatabaseTransaction, schema: string, event: StoredEvent): Promise<void> => {
  const identifier = event.streamId.slice(METADATA_RECORD_STREAM_PREFIX.length);
  const next: MetadataRecordState = metadataRecordDecider.evolve(metadataRecordDecider.initialState, event as unknown as MetadataRecordEvent);
  await sql`insert into ${sql.table(`${schema}.metadata_records`)} (identifier, version, record)
    values (${identifier}, ${event.streamVersion}, ${next.record === null ? null : jsonText(next.record)})
    on conflict (identifier) do update set version = excluded.version, record = excluded.record`.execute(trx);
};

/** One projection for both, so that one wait covers every write of the datasets' side. */
export const datasetsProjection = (schema: string, name = 'data-exchange:datasets'): Projection => ({
  name,
  streamPrefixes: [DATASET_STREAM_PREFIX, METADATA_RECORD_STREAM_PREFIX],
  apply: (trx: DatabaseTransaction, event: StoredEvent) =>
    event.streamId.startsWith(DATASET_STREAM_PREFIX) ? applyDatasetEvent(trx, schema, event) : applyMetadataRecordEvent(trx, schema, event),
});

export const loadDataset = async (db: Database, schema: string, datasetId: string): Promise<ActiveDataset | undefined> => {
  const rows = await sql<{ state: ActiveDataset }>`select state from ${sql.table(`${schema}.datasets`)} where dataset_id = ${datasetId}`.execute(db);
  return rows.rows[0]?.state;
};

export const loadDatasets = async (db: Database, schema: string, insee?: string): Promise<ActiveDataset[]> => {
  const table = sql.table(`${schema}.datasets`);
  const rows = insee
    ? await sql<{ state: ActiveDataset }>`select state from ${table} where insee = ${insee} order by dataset_id`.execute(db)
    : await sql<{ state: ActiveDataset }>`select state from ${table} order by insee, dataset_id`.execute(db);
  return rows.rows.map((row) => row.state);
};

/** The catalogue's records, by identifier; removed ones are left out. */
export const loadMetadataRecords = async (db: Database, schema: string): Promise<MetadataRecord[]> => {
  const rows = await sql<{ record: MetadataRecord }>`select record from ${sql.table(`${schema}.metadata_records`)} where record is not null order by identifier`.execute(db);
  return rows.rows.map((row) => row.record);
};
