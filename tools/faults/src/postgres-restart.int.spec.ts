/**
 * PostgreSQL stopped (crashed: `pg_ctl stop -m immediate`) and restarted mid-load (issue 8, fault
 * suite): appends fail cleanly while it is down; the projection, the relay and a durable
 * consumer recover without a human; nothing acknowledged is lost or applied twice. Private
 * PostgreSQL (the test stops it); the machine's NATS under a namespace of the test's own.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { DOMAIN_EVENTS_STREAM } from '@digit/contracts';
import { createEventStore, migrateEventStore, startSubscription, type Database, type EventStore } from '@digit/event-store';
import {
  busFromConnection,
  ensureDomainEventStreams,
  migrateProcessedMessages,
  processOnce,
  startDurableConsumer,
  startEventRelay,
} from '@digit/messaging';
import { createDatabase } from '@digit/runtime';
import { createTestNats, type TestNats } from '@digit/testing';
import { reportFigures, waitFor } from './fault-figures.js';
import { sized } from './fault-size.js';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

const EVENTS = sized(1_500, 20_000);
const WRITERS = 8;
const OUTAGE_MS = 2_000;
const STORE = 'event_store';
const READ = 'read_model';

let postgres: PrivatePostgres;
let nats: TestNats;
let db: Database;
let store: EventStore;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  nats = await createTestNats();
  // The services' own pool: a connection the server drops must not crash the process.
  db = createDatabase(postgres.url);
  await migrateEventStore(db, STORE);
  store = createEventStore({ db, schema: STORE });
  await migrateProcessedMessages(db, READ);
  await sql`create table ${sql.table(`${READ}.projected`)} (event_id uuid not null)`.execute(db);
  await sql`create table ${sql.table(`${READ}.consumed`)} (event_id text not null)`.execute(db);
}, 60_000);

afterAll(async () => {
  await db?.destroy().catch(() => undefined);
  await nats?.close();
  postgres?.destroy();
});

const countOf = async (table: string) =>
  (
    await sql<{
      n: number;
      distinct: number;
    }>`select count(*)::int as n, count(distinct event_id)::int as distinct from ${sql.table(`${READ}.${table}`)}`.execute(db)
  ).rows[0]!;

describe('fault: PostgreSQL stopped and restarted mid-load', () => {
  it(
    'R-DX-2: appends fail cleanly during the outage; projection, relay and consumer recover alone; nothing acknowledged is lost or applied twice',
    async () => {
      const errors = { projection: 0, relay: 0 };
      const projection = startSubscription(
        store,
        {
          name: 'faults-projection',
          async apply(trx, event) {
            await sql`insert into ${sql.table(`${READ}.projected`)} values (${event.eventId})`.execute(trx);
          },
        },
        { idleMs: 10, retryMs: 200, onError: () => void (errors.projection += 1) },
      );
      const bus = await busFromConnection(nats.nc, nats.namespace);
      await ensureDomainEventStreams(bus);
      const relay = startEventRelay({
        store,
        bus,
        context: 'faults',
        streamPrefixes: ['order-'],
        idleMs: 10,
        onError: () => void (errors.relay += 1),
      });
      const consumer = await startDurableConsumer({
        bus,
        stream: DOMAIN_EVENTS_STREAM,
        durable: 'faults-pg-consumer',
        filterSubjects: ['digit.events.faults.>'],
        events: store,
        maxDeliver: 1_000,
        ackWaitMs: 5_000,
        retryDelayMs: 200,
        async handle(message) {
          await processOnce(db, READ, 'faults-pg-consumer', message.id, async (trx) => {
            await sql`insert into ${sql.table(`${READ}.consumed`)} values (${message.id})`.execute(trx);
          });
        },
      });

      const acknowledged = new Set<string>();
      const failures = new Map<string, number>();
      let sent = 0;
      let slowestFailureMs = 0;
      let restartedAt = 0;
      let firstAppendAfterRestart = 0;
      let down = false;
      const writers = Array.from({ length: WRITERS }, async (_, w) => {
        let version = 0;
        while (acknowledged.size < EVENTS) {
          sent += 1;
          const started = performance.now();
          try {
            // 'any' after a failure: the failed append may have committed (its commit was cut).
            const result = await store.append(`order-${w}`, version === 0 ? 'no_stream' : 'any', [
              { type: 'OrderReceived', data: { w, version } },
            ]);
            for (const event of result.events) acknowledged.add(event.eventId);
            version = result.nextExpectedVersion;
            if (restartedAt && !firstAppendAfterRestart) firstAppendAfterRestart = performance.now();
          } catch (error) {
            const name = (error as { name?: string } | null)?.name ?? typeof error;
            failures.set(name, (failures.get(name) ?? 0) + 1);
            slowestFailureMs = Math.max(slowestFailureMs, performance.now() - started);
            if (version === 0) version = 1;
            await sleep(down ? 50 : 10);
          }
        }
      });
      const fault = (async () => {
        await waitFor(() => acknowledged.size >= EVENTS / 3, 60_000, 5);
        down = true;
        postgres.stop('immediate');
        await sleep(OUTAGE_MS);
        postgres.start();
        restartedAt = performance.now();
        down = false;
      })();
      await Promise.all([...writers, fault]);

      const stored = async () =>
        Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(`${STORE}.events`)}`.execute(db)).rows[0]!.n);
      const caughtUp = await waitFor(
        async () => {
          const total = await stored();
          return (await countOf('projected')).distinct >= total && (await countOf('consumed')).distinct >= total;
        },
        60_000,
        100,
      );
      const caughtUpMs = performance.now() - restartedAt;
      await projection.stop();
      await relay.stop();
      await consumer.stop();

      const projected = await countOf('projected');
      const consumed = await countOf('consumed');
      const projectedIds = new Set(
        (await sql<{ event_id: string }>`select event_id from ${sql.table(`${READ}.projected`)}`.execute(db)).rows.map(
          (row) => row.event_id,
        ),
      );
      const lost = [...acknowledged].filter((id) => !projectedIds.has(id)).length;
      const totalStored = await stored();
      reportFigures('PostgreSQL stopped and restarted mid-load', {
        sent,
        acknowledged: acknowledged.size,
        failedCleanly: [...failures.values()].reduce((a, b) => a + b, 0),
        failureKinds: [...failures.entries()].map(([name, n]) => `${name}:${n}`).join(','),
        slowestFailureMs,
        storedWithoutAcknowledgement: totalStored - acknowledged.size,
        applied: projected.distinct,
        consumed: consumed.distinct,
        duplicated: projected.n - projected.distinct + (consumed.n - consumed.distinct),
        lost,
        recoveryMs: firstAppendAfterRestart - restartedAt,
        caughtUpMs,
        projectionErrors: errors.projection,
        relayErrors: errors.relay,
      });
      expect(caughtUp).toBe(true);
      expect(failures.size).toBeGreaterThan(0);
      expect(lost).toBe(0);
      expect(projected.n).toBe(projected.distinct);
      expect(consumed.n).toBe(consumed.distinct);
      expect(projected.distinct).toBe(totalStored);
      expect(consumed.distinct).toBe(totalStored);
      expect(slowestFailureMs).toBeLessThan(10_000);
    },
    sized(120_000, 600_000),
  );
});
