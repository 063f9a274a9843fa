import { catchUp, createEventStore, migrateEventStore, type EventStore, type NewEvent } from '@digit/event-store';
import type { BenchDatabase } from './bench-database.js';
import { benchMetadata } from './bench-events.js';

/** Our event store (libs/event-store) as a service uses it: one store, a pool of 10. */
export interface OurStoreSubject {
  readonly store: EventStore;
  append(streamId: string, version: number, events: readonly NewEvent[]): Promise<void>;
  /** Rebuilds a counting projection from position 0 with `catchUp`; returns the events applied. */
  rebuild(projectionName: string): Promise<number>;
}

export const openOurStore = async (database: BenchDatabase, name: string): Promise<OurStoreSubject> => {
  const schema = database.schema(name);
  await migrateEventStore(database.db, schema);
  const store = createEventStore({ db: database.db, schema });
  return {
    store,
    async append(streamId, version, events) {
      await store.append(streamId, version === 0 ? 'no_stream' : version, events, { metadata: benchMetadata() });
    },
    async rebuild(projectionName) {
      const perStream = new Map<string, number>();
      let applied = 0;
      await catchUp(store, {
        name: projectionName,
        async apply(_trx, event) {
          perStream.set(event.streamId, (perStream.get(event.streamId) ?? 0) + 1);
          applied += 1;
        },
      });
      return applied;
    },
  };
};
