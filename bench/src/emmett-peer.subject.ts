import { getPostgreSQLEventStore, postgreSQLEventStoreConsumer } from '@event-driven-io/emmett-postgresql';
import type { BenchDatabase } from './bench-database.js';
import { benchMetadata } from './bench-events.js';

/** The peer: Emmett's PostgreSQL event store (the TypeScript reference), on the same server, in a database of its own. */
export interface EmmettPeerSubject {
  append(streamId: string, version: number, events: readonly { type: string; data: Record<string, unknown> }[]): Promise<void>;
  /**
   * Rebuilds a counting reactor from the beginning with Emmett's consumer, stopping it after
   * `deadlineMs`; returns the events applied. The consumer gets a pool of its own: closing it
   * ends the pool it was given.
   */
  rebuild(processorId: string, batchSize: number, deadlineMs: number): Promise<number>;
  close(): Promise<void>;
}

export const openEmmettPeer = async (database: BenchDatabase, name: string): Promise<EmmettPeerSubject> => {
  const url = await database.scratchDatabase(name);
  const store = getPostgreSQLEventStore(url);
  await store.schema.migrate();
  return {
    async append(streamId, version, events) {
      const metadata = benchMetadata();
      await store.appendToStream(
        streamId,
        events.map((event) => ({ ...event, metadata })),
        { expectedStreamVersion: BigInt(version) },
      );
    },
    async rebuild(processorId, batchSize, deadlineMs) {
      const perStream = new Map<string, number>();
      let applied = 0;
      const own = new URL(url);
      own.searchParams.set('application_name', processorId);
      const consumer = postgreSQLEventStoreConsumer({
        connectionString: own.toString(),
        stopWhen: { noMessagesLeft: true },
        pulling: { batchSize },
      });
      consumer.reactor({
        processorId,
        startFrom: 'BEGINNING',
        eachMessage: async (message) => {
          const { streamName } = message.metadata as { streamName: string };
          perStream.set(streamName, (perStream.get(streamName) ?? 0) + 1);
          applied += 1;
        },
      });
      const deadline = setTimeout(() => void consumer.stop(), deadlineMs);
      try {
        await consumer.start();
      } finally {
        clearTimeout(deadline);
        await consumer.close();
      }
      return applied;
    },
    close: () => store.close(),
  };
};
