/**
 * R-SEC-3 with issue 18's bus mechanisms: on the NATS server `npm start` generates, a service's own
 * user may do all that its relay and durable consumers do (nats-users.ts): relay an event too large
 * for one message without its data, check events against the store, dead-letter a forged one; the
 * gateway's user reads the dead letters for ops.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '@nats-io/transport-node';
import { DOMAIN_EVENTS_STREAM, type PublishedEvent } from '@digit/contracts';
import { createEventStore, migrateEventStore, type EventStore } from '@digit/event-store';
import {
  busFromConnection,
  ensureDomainEventStreams,
  readDeadLetters,
  startDurableConsumer,
  startEventRelay,
  type Bus,
} from '@digit/messaging';
import { createTestDatabase, freePort, type TestDatabase } from '@digit/testing';
import { startAuthorizedNats, type AuthorizedNats } from './nats-server-process.js';
import type { ServiceUser } from './nats-users.js';

let dataDir: string;
let nats: AuthorizedNats;
let database: TestDatabase;
let store: EventStore;
const buses: Bus[] = [];

const busAs = async (service: ServiceUser): Promise<Bus> => {
  const bus = await busFromConnection(await connect({ servers: `${nats.host}:${nats.port}`, ...nats.service(service) }));
  buses.push(bus);
  return bus;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digit-service-event-flow-'));
  nats = await startAuthorizedNats({ dataDir, host: '127.0.0.1', port: await freePort() });
  database = await createTestDatabase();
  await migrateEventStore(database.db, database.schema('event_store'));
  store = createEventStore({ db: database.db, schema: database.schema('event_store') });
});

afterAll(async () => {
  for (const bus of buses) await bus.close();
  await nats?.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const waitFor = async <T>(read: () => Promise<T | undefined>, what: string): Promise<T> => {
  for (const deadline = Date.now() + 15_000; ; await sleep(100)) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not within 15 s`);
  }
};

describe("a service's relay and consumers under its own NATS user (R-SEC-3, issue 18)", () => {
  it('R-SEC-3: billing relays an event too large for one message, applies it from the store, and dead-letters a forged one; the gateway reads the letter', async () => {
    const billing = await busAs('billing');
    await ensureDomainEventStreams(billing);
    const large = 'x'.repeat(1_200_000);
    const appended = await store.append('budget-2024', 'no_stream', [{ type: 'BudgetSet', data: { year: 2024, note: large } }]);
    const relay = startEventRelay({ store, bus: billing, context: 'billing', streamPrefixes: ['budget-'] });
    const handled: PublishedEvent[] = [];
    const consumer = await startDurableConsumer({
      bus: billing,
      stream: DOMAIN_EVENTS_STREAM,
      durable: 'billing-flow-test',
      filterSubjects: ['digit.events.billing.>'],
      events: store,
      maxDeliver: 1,
      handle: async (message) => void handled.push(message.event!),
    });
    try {
      await relay.caughtUp(appended.events[0]!.position);
      const applied = await waitFor(async () => handled[0], 'the large event');
      expect(applied).toMatchObject({ eventId: appended.events[0]!.eventId, data: { note: large } });
      const forgedId = randomUUID();
      await billing.js.publish(
        'digit.events.billing.ChargeRecorded',
        JSON.stringify({ eventId: forgedId, hash: '0'.repeat(64), type: 'ChargeRecorded' }),
      );
      const gateway = await busAs('gateway');
      const letter = await waitFor(
        async () => (await readDeadLetters(gateway)).find((candidate) => candidate.body.includes(forgedId)),
        'the dead letter',
      );
      expect(letter).toMatchObject({ consumer: 'billing-flow-test', reason: expect.stringContaining('forged event') });
      expect(handled).toHaveLength(1);
    } finally {
      await consumer.stop();
      await relay.stop();
    }
  }, 60_000);
});
