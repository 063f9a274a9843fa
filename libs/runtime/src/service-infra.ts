import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createEventStore, migrateEventStore, type Database, type EventStore, type Upcasters } from '@digit/event-store';
import { connectBus, ensureDomainEventStreams, type Bus } from '@digit/messaging';
import {
  migrateSubjectKeys,
  openPersonalDataProtection,
  PERSONAL_DATA_FIELDS,
  type PersonIndex,
  type PostgresSubjectKeyStore,
} from '@digit/personal-data';
import { resolveKeyEncryptionKey } from './key-encryption-key.js';
import type { ReplayMode } from './replay-mode.js';
import { schemaName, type ServiceConfig } from './service-config.js';

/** The connections a service holds: its database, the shared event store, the bus. */
export interface ServiceInfra {
  readonly config: ServiceConfig;
  readonly db: Database;
  readonly store: EventStore;
  readonly bus: Bus;
  /** The per-person keys (crypto-shredding), wrapped with the key-encryption key. */
  readonly keyStore: PostgresSubjectKeyStore;
  /** Which subject a person's e-mail, phone or name belongs to, as keyed hashes (issue 15). */
  readonly personIndex: PersonIndex;
  /** This service's own schema for read models (`conventions`, or `t1a2b_conventions` in a test). */
  schema(name: string): string;
  /**
   * Set when the services run for an auditors' replay (issue 14, `openReplayInfra`): the store
   * refuses appends, and each service starts nothing that acts on its own (seeds, calendars,
   * schedulers, relays, consumers that decide); its clock stands at `replay.knownAt`.
   */
  readonly replay?: ReplayMode;
  close(): Promise<void>;
}

// bigint positions and counts stay exact: pg returns int8 as strings, which the store converts.
export const createDatabase = (url: string): Database => {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A server restart drops connections: without listeners node-postgres throws the `error` event
  // and kills the process. The next query gets a fresh connection (or fails and is retried).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
};

export const openServiceInfra = async (
  config: ServiceConfig,
  serviceName: string,
  options: { upcasters?: Upcasters } = {},
): Promise<ServiceInfra> => {
  // Before any connection: a production start without its key-encryption key stops here.
  const keyEncryptionKey = await resolveKeyEncryptionKey(config);
  const db = createDatabase(config.databaseUrl);
  const storeSchema = schemaName(config, 'event_store');
  const keysSchema = schemaName(config, 'personal_data');
  // Services start together (npm start, N copies): concurrent `create ... if not exists` can
  // collide in PostgreSQL's catalog, so the shared schemas are created by one process at a time.
  await db.connection().execute(async (connection) => {
    const lock = `digit-shared-schemas:${config.schemaPrefix}`;
    await sql`select pg_advisory_lock(hashtext(${lock}))`.execute(connection);
    try {
      await migrateEventStore(connection, storeSchema);
      await migrateSubjectKeys(connection, keysSchema);
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${lock}))`.execute(connection);
    }
  });
  // Personal fields of events are stored encrypted with a key per person (crypto-shredding, R-GDPR).
  const protection = await openPersonalDataProtection({
    db,
    schema: keysSchema,
    catalogue: PERSONAL_DATA_FIELDS,
    keyEncryptionKey,
  });
  // A wrong key refuses to start; keys an earlier version kept in clear are wrapped (never beside the data).
  await protection.keyStore.assertOpensStoredKeys();
  await protection.keyStore.wrapClearKeys();
  const store = createEventStore({ db, schema: storeSchema, upcasters: options.upcasters, personalData: protection.hook });
  const bus = await connectBus({ url: config.natsUrl, name: serviceName, namespace: config.natsNamespace });
  await ensureDomainEventStreams(bus);
  return {
    config,
    db,
    store,
    bus,
    keyStore: protection.keyStore,
    personIndex: protection.personIndex,
    schema: (name) => schemaName(config, name),
    async close() {
      await bus.close();
      await db.destroy();
    },
  };
};
