import { randomBytes } from 'node:crypto';
import { createEventStore, migrateEventStore, type EventStore, type PersonalDataHook } from '@digit/event-store';
import { connectBus, ensureDomainEventStreams } from '@digit/messaging';
import { migrateSubjectKeys, PERSONAL_DATA_FIELDS, PersonIndex, personalDataHook, PostgresSubjectKeyStore } from '@digit/personal-data';
import { schemaName } from './service-config.js';
import { createDatabase, type ServiceInfra } from './service-infra.js';

/** An auditors' replay (issue 14): what the services know is the history recorded up to `knownAt`. */
export interface ReplayMode {
  /** The instant the replay stands at (Paris offset, to the millisecond): the clock its answers are computed with. */
  readonly knownAt: string;
}

/** A replay reads a copy of the history; nothing may add to it. */
export class ReplayAppendRefused extends Error {
  override readonly name = 'ReplayAppendRefused';
  constructor(streamId: string) {
    super(`replay: nothing appends (stream ${streamId}); the history copied up to the instant is the whole record`);
  }
}

/** The store of a replay: reads as any store does, refuses every append. */
export const readOnlyEventStore = (store: EventStore): EventStore => ({
  ...store,
  append: async (streamId) => {
    throw new ReplayAppendRefused(streamId);
  },
  appendInTransaction: async (_trx, streamId) => {
    throw new ReplayAppendRefused(streamId);
  },
});

/** Without the key-encryption key, sealed fields are read as they are stored: sealed. */
const SEALED_AS_STORED: PersonalDataHook = {
  seal: async (event) => {
    throw new ReplayAppendRefused(event.type);
  },
  open: async (event) => event,
};

export interface ReplayInfraOptions {
  readonly databaseUrl: string;
  /** The replay's own schemas: `<prefix>_event_store`, `<prefix>_conventions`, … (dropped after it). */
  readonly schemaPrefix: string;
  /** A NATS server only the replay uses (its subjects carry personal data in clear). */
  readonly natsUrl: string;
  readonly knownAt: string;
  /**
   * Opens the sealed fields with the per-person keys copied into `<prefix>_personal_data` (a person
   * erased since has none: erased); undefined leaves every sealed field sealed.
   */
  readonly keyEncryptionKey: Uint8Array | undefined;
}

/**
 * The connections the services of a replay share, in place of `openServiceInfra`'s: the replay's
 * own schemas (the history is copied into `<prefix>_event_store` before the services start), a
 * read-only store, a bus of its own, and `replay` set so that each service starts in replay mode.
 */
export const openReplayInfra = async (options: ReplayInfraOptions): Promise<ServiceInfra> => {
  const config = {
    databaseUrl: options.databaseUrl,
    natsUrl: options.natsUrl,
    natsNamespace: '',
    schemaPrefix: options.schemaPrefix,
    port: 0,
  };
  const db = createDatabase(options.databaseUrl);
  const storeSchema = schemaName(config, 'event_store');
  const keysSchema = schemaName(config, 'personal_data');
  await migrateEventStore(db, storeSchema);
  await migrateSubjectKeys(db, keysSchema);
  // Without the real key, a throwaway one: the copied table is empty then, and nothing is ever opened with it.
  const keyEncryptionKey = options.keyEncryptionKey ?? randomBytes(32);
  const keyStore = new PostgresSubjectKeyStore(db, keysSchema, keyEncryptionKey);
  const personalData = options.keyEncryptionKey ? personalDataHook(keyStore, PERSONAL_DATA_FIELDS) : SEALED_AS_STORED;
  const store = readOnlyEventStore(createEventStore({ db, schema: storeSchema, personalData }));
  const bus = await connectBus({ url: options.natsUrl, name: 'audit-replay' });
  await ensureDomainEventStreams(bus);
  return {
    config,
    db,
    store,
    bus,
    keyStore,
    personIndex: new PersonIndex(db, keysSchema, keyEncryptionKey),
    schema: (name) => schemaName(config, name),
    replay: { knownAt: options.knownAt },
    async close() {
      await bus.close();
      await db.destroy();
    },
  };
};
