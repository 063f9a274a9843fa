/**
 * Events appended by concurrent writers, through two stores (two processes), while subscribers
 * tail the store (issue 8, fault suite): 0 skipped, 0 repeated, every stream in order.
 * 50,000 events in CI, 1,000,000 in the full form; the machine's PostgreSQL, own schema.
 */
import { performance } from 'node:perf_hooks';
import type { StoredEvent } from '@digit/contracts';
import { createEventStore, migrateEventStore, startSubscription, type EventStore, type Subscription } from '@digit/event-store';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import { reportFigures } from './fault-figures.js';
import { sized } from './fault-size.js';

const EVENTS = sized(50_000, 1_000_000);
const WRITERS_PER_STORE = 8;
const SUBSCRIBERS = 3;

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await migrateEventStore(database.db, database.schema('event_store'));
});
afterAll(() => database?.drop());

/** What one subscriber saw: how often each event, and whether positions and stream versions only went up. */
const tail = (store: EventStore, name: string) => {
  const seen = new Map<string, number>();
  const lastVersion = new Map<string, number>();
  let lastPosition = 0n;
  let outOfOrder = 0;
  const subscription: Subscription = startSubscription(
    store,
    {
      name,
      async apply(_trx, event: StoredEvent) {
        seen.set(event.eventId, (seen.get(event.eventId) ?? 0) + 1);
        if (event.position <= lastPosition || event.streamVersion !== (lastVersion.get(event.streamId) ?? 0) + 1) outOfOrder += 1;
        lastPosition = event.position;
        lastVersion.set(event.streamId, event.streamVersion);
      },
    },
    { idleMs: 20, batchSize: 500 },
  );
  return { seen, subscription, outOfOrder: () => outOfOrder };
};

describe('fault: concurrent writers while subscribers tail', () => {
  it(
    `CONTRACT.md audit history: ${EVENTS.toLocaleString('en')} events from concurrent writers reach every tailing subscriber once, in order`,
    async () => {
      const schema = database.schema('event_store');
      const stores = [createEventStore({ db: database.db, schema }), createEventStore({ db: database.db, schema })];
      const subscribers = Array.from({ length: SUBSCRIBERS }, (_, i) => tail(stores[0]!, `tail-${i}`));
      const acknowledged = new Set<string>();
      let sent = 0;
      const start = performance.now();
      await Promise.all(
        stores.flatMap((store, s) =>
          Array.from({ length: WRITERS_PER_STORE }, async (_, w) => {
            // Appends of 1 to 10 events over 50 streams per writer, each at its expected version.
            const versions = new Array<number>(50).fill(0);
            for (let i = 0; sent < EVENTS; i++) {
              const count = Math.min(1 + ((i * 7 + w) % 10), EVENTS - sent);
              sent += count;
              const stream = i % versions.length;
              const result = await store.append(
                `tail-${s}-${w}-${stream}`,
                versions[stream]!,
                Array.from({ length: count }, (_, k) => ({ type: 'Tailed', data: { i, k } })),
              );
              versions[stream] = result.nextExpectedVersion;
              for (const event of result.events) acknowledged.add(event.eventId);
            }
          }),
        ),
      );
      const appendSeconds = (performance.now() - start) / 1000;
      const head = await stores[0]!.headPosition();
      for (const { subscription } of subscribers) await subscription.caughtUp(head);
      const caughtUpMs = performance.now() - start - appendSeconds * 1000;
      for (const { subscription } of subscribers) await subscription.stop();

      for (const [i, { seen, outOfOrder }] of subscribers.entries()) {
        const skipped = [...acknowledged].filter((id) => !seen.has(id)).length;
        const repeated = [...seen.values()].filter((times) => times > 1).length;
        reportFigures(`concurrent writers while subscriber ${i + 1} of ${SUBSCRIBERS} tails`, {
          sent,
          acknowledged: acknowledged.size,
          applied: seen.size,
          duplicated: repeated,
          lost: skipped,
          outOfOrder: outOfOrder(),
          appendsPerSecond: acknowledged.size / appendSeconds,
          caughtUpMsAfterLastAppend: caughtUpMs,
        });
        expect({ skipped, repeated, outOfOrder: outOfOrder(), extra: seen.size - acknowledged.size }).toEqual({
          skipped: 0,
          repeated: 0,
          outOfOrder: 0,
          extra: 0,
        });
      }
      expect(acknowledged.size).toBe(EVENTS);
    },
    sized(180_000, 3_600_000),
  );
});
