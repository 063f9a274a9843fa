import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Insee, StoredEvent, ConventionEvent } from '@digit/contracts';
import { jsonText, migrateSchema, schemaDb, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import { conventionDecider, type ConventionState } from '../domain/index.js';
import type { ConventionsTables } from './conventions.tables.js';

export const CONVENTION_STREAM_PREFIX = 'convention-';

/**
 * Read model: each town's convention state, folded from its events. The state keeps the whole
 * timeline (terms, contacts, notices), so "as of any date" is answered from it without
 * re-reading the store; dropping the table and replaying from position 0 gives the same rows.
 */

type MigrationDb = Kysely<unknown>;

/**
 * The versioned migrations of the service's schema. 0001 is the table as `create table if not
 * exists` made it before migrations, so a database that holds it migrates cleanly.
 */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_convention_states': {
    async up(db: MigrationDb) {
      await db.schema
        .createTable('convention_states')
        .ifNotExists()
        .addColumn('insee', 'text', (column) => column.primaryKey())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('state', 'jsonb', (column) => column.notNull())
        .execute();
    },
  },
};

export const migrateConventionStates = (db: Database, schema: string): Promise<void> => migrateSchema(db, schema, MIGRATIONS);

const inseeOf = (event: StoredEvent): string => event.streamId.slice(CONVENTION_STREAM_PREFIX.length);

/** A row stored before a field of the state existed (the SIG usage, R-CON-7) reads that field's initial value. */
const currentShape = (state: ConventionState): ConventionState => ({ ...conventionDecider.initialState, ...state });

export const conventionStatesProjection = (schema: string, name = 'conventions:convention_states'): Projection => ({
  name,
  streamPrefixes: [CONVENTION_STREAM_PREFIX],
  async apply(trx: DatabaseTransaction, event: StoredEvent) {
    const db = schemaDb<ConventionsTables>(trx, schema);
    const insee = inseeOf(event);
    const current = await db.selectFrom('convention_states').select('state').where('insee', '=', insee).forUpdate().executeTakeFirst();
    const next = conventionDecider.evolve(
      current ? currentShape(current.state) : conventionDecider.initialState,
      event as unknown as ConventionEvent,
    );
    const row = { insee, version: event.streamVersion, state: jsonText(next) };
    await db
      .insertInto('convention_states')
      .values(row)
      .onConflict((conflict) => conflict.column('insee').doUpdateSet({ version: row.version, state: row.state }))
      .execute();
  },
});

export const loadConventionState = async (db: Database, schema: string, insee: string): Promise<ConventionState | undefined> => {
  const row = await schemaDb<ConventionsTables>(db, schema)
    .selectFrom('convention_states')
    .select('state')
    .where('insee', '=', insee)
    .executeTakeFirst();
  return row && currentShape(row.state);
};

/** Every town's state (eight rows at most), or one town's when a town's people ask, by INSEE code. */
export const loadConventionStates = async (db: Database, schema: string, town?: Insee): Promise<Map<string, ConventionState>> => {
  const query = schemaDb<ConventionsTables>(db, schema).selectFrom('convention_states').select(['insee', 'state']);
  const rows = await (town === undefined ? query : query.where('insee', '=', town)).execute();
  return new Map(rows.map((row) => [row.insee, currentShape(row.state)]));
};
