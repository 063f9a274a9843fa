/**
 * NATS stopped and restarted mid-load (issue 8, fault suite): the relay (the store is the outbox)
 * and a durable consumer go on by themselves; every appended event reaches the consumer's effect
 * exactly once. Private nats-server (the test stops it); the machine's PostgreSQL, own schemas.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { DOMAIN_EVENTS_STREAM } from '@digit/contracts';
import { createEventStore, migrateEventStore, type EventStore } from '@digit/event-store';
import {
  connectBus,
  ensureDomainEventStreams,
  migrateProcessedMessages,
  processOnce,
  startDurableConsumer,
  startEventRelay,
  type Bus,
} from '@digit/messaging';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import { reportFigures, waitFor } from './fault-figures.js';
import { sized } from './fault-size.js';
import { startPrivateNats, type PrivateNats } from './private-nats.js';

const EVENTS = sized(2_000, 20_000);
const WRITERS = 8;
const OUTAGE_MS = 2_000;

let nats: PrivateNats;
let database: TestDatabase;
let store: EventStore;
const buses: Bus[] = [];

beforeAll(async () => {
  nats = await startPrivateNats();
  database = await createTestDatabase();
  await migrateEventStore(database.db, database.schema('event_store'));
  store = createEventStore({ db: database.db, schema: database.schema('event_store') });
});

afterAll(async () => {
  for (const bus of buses) await bus.nc.close().catch(() => undefined);
  await nats?.destroy();
  await database?.drop();
});

const connect = async (name: string): Promise<Bus> => {
  const bus = await connectBus({ url: nats.url, name });
  buses.push(bus);
  return bus;
};

describe('fault: NATS stopped and restarted mid-load', () => {
  it(
    'R-DX-2: relay and durable consumer recover without a human; each appended event is applied exactly once',
    async () => {
      const schema = database.schema('consumer');
      await migrateProcessedMessages(database.db, schema);
      await sql`create table ${sql.table(`${schema}.applied`)} (event_id text not null)`.execute(database.db);
      const appliedCount = async () =>
        (
          await sql<{
            n: number;
            distinct: number;
          }>`select count(*)::int as n, count(distinct event_id)::int as distinct from ${sql.table(`${schema}.applied`)}`.execute(
            database.db,
          )
        ).rows[0]!;

      const relayBus = await connect('faults-relay');
      await ensureDomainEventStreams(relayBus);
      let relayErrors = 0;
      const relay = startEventRelay({
        store,
        bus: relayBus,
        context: 'faults',
        streamPrefixes: ['order-'],
        idleMs: 10,
        onError: () => void (relayErrors += 1),
      });
      let deliveries = 0;
      const consumer = await startDurableConsumer({
        bus: await connect('faults-consumer'),
        stream: DOMAIN_EVENTS_STREAM,
        durable: 'faults-consumer',
        filterSubjects: ['digit.events.faults.>'],
        events: store,
        ackWaitMs: 5_000,
        retryDelayMs: 100,
        async handle(message) {
          deliveries += 1;
          await processOnce(database.db, schema, 'faults-consumer', message.id, async (trx) => {
            await sql`insert into ${sql.table(`${schema}.applied`)} values (${message.id})`.execute(trx);
          });
        },
      });

      const acknowledged = new Set<string>();
      let sent = 0;
      let stoppedAt = 0;
      let restartedAt = 0;
      let appendedBeforeRestart: string[] = [];
      let appendedDuringOutage = 0;
      const writers = Array.from({ length: WRITERS }, async (_, w) => {
        for (let version = 0; sent < EVENTS; version++) {
          sent += 1;
          const result = await store.append(`order-${w}`, version, [{ type: 'OrderReceived', data: { w, version } }]);
          for (const event of result.events) acknowledged.add(event.eventId);
        }
      });
      const fault = (async () => {
        await waitFor(() => acknowledged.size >= EVENTS / 3, 60_000, 5);
        stoppedAt = performance.now();
        const appendedBeforeStop = acknowledged.size;
        await nats.stop();
        await sleep(OUTAGE_MS);
        await nats.start();
        restartedAt = performance.now();
        appendedBeforeRestart = [...acknowledged];
        appendedDuringOutage = appendedBeforeRestart.length - appendedBeforeStop;
      })();
      await Promise.all([...writers, fault]);

      const applied = new Set<string>();
      const refresh = async () => {
        const rows = await sql<{ event_id: string }>`select event_id from ${sql.table(`${schema}.applied`)}`.execute(database.db);
        for (const row of rows.rows) applied.add(row.event_id);
      };
      await waitFor(async () => (await refresh(), appendedBeforeRestart.every((id) => applied.has(id))), 60_000, 50);
      const recoveryMs = performance.now() - restartedAt;
      await waitFor(async () => (await refresh(), applied.size >= acknowledged.size), 60_000, 50);
      await relay.stop();
      await consumer.stop();

      const counts = await appliedCount();
      const published = (await relayBus.jsm.streams.info(relayBus.streamName(DOMAIN_EVENTS_STREAM))).state.messages;
      const lost = [...acknowledged].filter((id) => !applied.has(id)).length;
      reportFigures('NATS stopped and restarted mid-load', {
        sent,
        acknowledged: acknowledged.size,
        published,
        applied: counts.distinct,
        duplicated: counts.n - counts.distinct,
        lost,
        outageMs: restartedAt - stoppedAt,
        appendedDuringOutage,
        recoveryMs,
        redeliveries: deliveries - counts.n,
        relayErrors,
      });
      expect(acknowledged.size).toBe(EVENTS);
      expect(lost).toBe(0);
      expect(counts.n - counts.distinct).toBe(0);
      expect(counts.distinct).toBe(acknowledged.size);
      expect(published).toBe(acknowledged.size);
    },
    sized(120_000, 600_000),
  );
});
