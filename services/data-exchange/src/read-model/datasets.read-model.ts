import type { Kysely } from 'kysely';
import { DEFAULT_PAGE_SIZE, pageOf, type Insee, type MetadataRecord, type Page, type StoredEvent } from '@digit/contracts';
import { jsonText, schemaDb, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import {
  datasetDecider,
  metadataRecordDecider,
  type ActiveDataset,
  type DatasetEvent,
  type MetadataRecordEvent,
} from '../domain/datasets/index.js';
import type { DataExchangeTables } from './data-exchange.tables.js';

export const DATASET_STREAM_PREFIX = 'dataset-';
export const METADATA_RECORD_STREAM_PREFIX = 'metadata-record-';

/**
 * Read models of the datasets towns send (R-DX-4, R-DX-5, R-DX-8) and of the metadata
 * catalogue (R-DX-6): each dataset's and each record's state as its decider folds it. Lists are
 * read a page at a time, by key (issue 18).
 */
type Tables = Kysely<DataExchangeTables>;

const applyDatasetEvent = async (db: Tables, event: StoredEvent): Promise<void> => {
  const datasetId = event.streamId.slice(DATASET_STREAM_PREFIX.length);
  const current = await db.selectFrom('datasets').select('state').where('dataset_id', '=', datasetId).forUpdate().executeTakeFirst();
  const next = datasetDecider.evolve(current?.state ?? datasetDecider.initialState, event as unknown as DatasetEvent);
  if (!next.exists) return;
  const row = { dataset_id: datasetId, insee: next.insee, version: event.streamVersion, state: jsonText(next) };
  await db
    .insertInto('datasets')
    .values(row)
    .onConflict((conflict) => conflict.column('dataset_id').doUpdateSet({ version: row.version, state: row.state }))
    .execute();
};

const applyMetadataRecordEvent = async (db: Tables, event: StoredEvent): Promise<void> => {
  const identifier = event.streamId.slice(METADATA_RECORD_STREAM_PREFIX.length);
  const { record } = metadataRecordDecider.evolve(metadataRecordDecider.initialState, event as unknown as MetadataRecordEvent);
  const row = {
    identifier,
    version: event.streamVersion,
    record: record === null ? null : jsonText(record),
    insee: record?.scope.kind === 'town' ? record.scope.insee : null,
  };
  await db
    .insertInto('metadata_records')
    .values(row)
    .onConflict((conflict) => conflict.column('identifier').doUpdateSet({ version: row.version, record: row.record, insee: row.insee }))
    .execute();
};

/** One projection for both, so that one wait covers every write of the datasets' side. */
export const datasetsProjection = (schema: string, name = 'data-exchange:datasets'): Projection => ({
  name,
  streamPrefixes: [DATASET_STREAM_PREFIX, METADATA_RECORD_STREAM_PREFIX],
  apply: (trx: DatabaseTransaction, event: StoredEvent) => {
    const db = schemaDb<DataExchangeTables>(trx, schema);
    return event.streamId.startsWith(DATASET_STREAM_PREFIX) ? applyDatasetEvent(db, event) : applyMetadataRecordEvent(db, event);
  },
});

export const loadDataset = async (db: Database, schema: string, datasetId: string): Promise<ActiveDataset | undefined> =>
  (
    await schemaDb<DataExchangeTables>(db, schema)
      .selectFrom('datasets')
      .select('state')
      .where('dataset_id', '=', datasetId)
      .executeTakeFirst()
  )?.state;

/** A dataset's place in the list (by town, then id): the cursor of the next page. */
const datasetCursor = (dataset: ActiveDataset): string => `${dataset.insee}:${dataset.datasetId}`;

/** One page of the datasets, by town then id, after `after` (a cursor this function gave); one town's when `insee` is given. */
export const loadDatasetsPage = async (
  db: Database,
  schema: string,
  request: { readonly insee?: Insee; readonly limit?: number; readonly after?: string },
): Promise<Page<ActiveDataset>> => {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  const [afterTown = '', afterId = ''] = request.after?.split(/:(.*)/s) ?? [];
  let query = schemaDb<DataExchangeTables>(db, schema)
    .selectFrom('datasets')
    .select('state')
    .orderBy('insee')
    .orderBy('dataset_id')
    .limit(limit + 1);
  if (request.insee !== undefined) query = query.where('insee', '=', request.insee);
  if (request.after !== undefined) query = query.where((eb) => eb(eb.refTuple('insee', 'dataset_id'), '>', eb.tuple(afterTown, afterId)));
  const rows = await query.execute();
  return pageOf(
    rows.map((row) => row.state),
    limit,
    datasetCursor,
  );
};

/** One record by its identifier, if the catalogue holds it. */
export const loadMetadataRecord = async (db: Database, schema: string, identifier: string): Promise<MetadataRecord | undefined> =>
  (
    await schemaDb<DataExchangeTables>(db, schema)
      .selectFrom('metadata_records')
      .select('record')
      .where('identifier', '=', identifier)
      .executeTakeFirst()
  )?.record ?? undefined;

/**
 * One page of the catalogue's records by identifier, removed ones left out. `town`: only the
 * territory's records and that town's (what a town's people may read, R-DX-3).
 */
export const loadMetadataRecordsPage = async (
  db: Database,
  schema: string,
  request: { readonly limit?: number; readonly after?: string; readonly town?: Insee },
): Promise<Page<MetadataRecord>> => {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  let query = schemaDb<DataExchangeTables>(db, schema)
    .selectFrom('metadata_records')
    .select('record')
    .where('record', 'is not', null)
    .orderBy('identifier')
    .limit(limit + 1);
  if (request.after !== undefined) query = query.where('identifier', '>', request.after);
  if (request.town !== undefined) {
    const town = request.town;
    query = query.where((eb) => eb.or([eb('insee', 'is', null), eb('insee', '=', town)]));
  }
  const rows = await query.execute();
  return pageOf(
    rows.flatMap((row) => (row.record ? [row.record] : [])),
    limit,
    (record) => record.identifier,
  );
};

/** Every record, for the catalogue's exports (SCDL, DCAT): a document holds them all; a reply too large for a message is refused, not sent. */
export const loadMetadataRecords = async (db: Database, schema: string): Promise<MetadataRecord[]> => {
  const rows = await schemaDb<DataExchangeTables>(db, schema)
    .selectFrom('metadata_records')
    .select('record')
    .where('record', 'is not', null)
    .orderBy('identifier')
    .execute();
  return rows.flatMap((row) => (row.record ? [row.record] : []));
};
