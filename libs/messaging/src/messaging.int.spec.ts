import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { trace, context } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { DOMAIN_EVENTS_STREAM, toPublishedEvent } from '@digit/contracts';
import { createEventStore, migrateEventStore, type EventStore } from '@digit/event-store';
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from '@digit/testing';
import { startTelemetry, type Telemetry } from '@digit/telemetry';
import {
  busFromConnection,
  connectBus,
  DEAD_LETTERS_STREAM,
  ensureDomainEventStreams,
  migrateProcessedMessages,
  processOnce,
  readDeadLetters,
  startDurableConsumer,
  startEventRelay,
  type Bus,
  type InboundMessage,
} from './index.js';

const spans = new InMemorySpanExporter();
let telemetry: Telemetry;
let database: TestDatabase;
let nats: TestNats;
let store: EventStore;
let bus: Bus;

beforeAll(() => {
  telemetry = startTelemetry({ serviceName: 'messaging-test', spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
});
afterAll(() => telemetry.shutdown());

beforeEach(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  await migrateEventStore(database.db, database.schema('event_store'));
  store = createEventStore({ db: database.db, schema: database.schema('event_store') });
  bus = await busFromConnection(nats.nc, nats.namespace);
  await ensureDomainEventStreams(bus);
  spans.reset();
});
afterEach(async () => {
  await nats.close();
  await database.drop();
});

const streamMessages = async (): Promise<string[]> => {
  const name = bus.streamName(DOMAIN_EVENTS_STREAM);
  const info = await bus.jsm.streams.info(name);
  const ids: string[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    ids.push((await bus.jsm.streams.getMessage(name, { seq }))!.json<{ eventId: string }>().eventId);
  }
  return ids;
};

describe('event relay (the store is the outbox)', () => {
  it('publishes each stored event once, with Nats-Msg-Id = event id, even when killed mid-batch and restarted', async () => {
    const appended = [];
    for (let i = 0; i < 10; i++) {
      const result = await store.append(
        `convention-9201${i % 3}`,
        'any',
        Array.from({ length: 20 }, (_, n) => ({ type: 'Counted', data: { i, n } })),
      );
      appended.push(...result.events.map((e) => e.eventId));
    }
    // A relay on its own connection is killed (connection closed) after some publishes, before its checkpoint moves.
    const doomed = await connectBus({ url: nats.url, name: 'doomed-relay', namespace: nats.namespace });
    const first = startEventRelay({ store, bus: doomed, context: 'conventions', streamPrefixes: ['convention-'], batchSize: 500 });
    while ((await bus.jsm.streams.info(bus.streamName(DOMAIN_EVENTS_STREAM))).state.messages < 40) await sleep(2);
    await doomed.nc.close();
    await first.stop();
    expect((await streamMessages()).length).toBeLessThan(appended.length);

    const second = startEventRelay({ store, bus, context: 'conventions', streamPrefixes: ['convention-'] });
    await second.caughtUp();
    await second.stop();
    expect(await streamMessages()).toEqual(appended);
  });

  it("publishes only its own context's streams", async () => {
    await store.append('convention-92012', 'no_stream', [{ type: 'DraftCreated', data: {} }]);
    await store.append('budget-2024', 'no_stream', [{ type: 'BudgetSet', data: {} }]);
    const relay = startEventRelay({ store, bus, context: 'conventions', streamPrefixes: ['convention-'] });
    await relay.caughtUp();
    await relay.stop();
    expect(await streamMessages()).toHaveLength(1);
  });
});

describe('durable consumers', () => {
  /** Events as the relay publishes them: stored first, so the consumer's check finds them. */
  const storeAndRelay = async (events: { type: string; data: unknown }[]) => {
    const appended = await store.append(`convention-${randomUUID()}`, 'no_stream', events);
    const relay = startEventRelay({ store, bus, context: 'conventions', streamPrefixes: ['convention-'] });
    await relay.caughtUp();
    await relay.stop();
    return appended.events;
  };
  const waitForDeadLetters = async (count: number) => {
    for (let i = 0; i < 300 && (await readDeadLetters(bus).catch(() => [])).length < count; i++) await sleep(20);
    return readDeadLetters(bus);
  };

  it('records a message that keeps failing as a dead letter with its reason, and goes on with the next ones', async () => {
    const handled: string[] = [];
    const [poison, fine] = await storeAndRelay([
      { type: 'A', data: { n: 1 } },
      { type: 'A', data: { n: 2 } },
    ]);
    const consumer = await startDurableConsumer({
      bus,
      stream: DOMAIN_EVENTS_STREAM,
      durable: 'test-poison',
      filterSubjects: ['digit.events.conventions.>'],
      maxDeliver: 3,
      retryDelayMs: 10,
      events: store,
      handle: async (message: InboundMessage) => {
        if (message.id === poison!.eventId) throw new Error('unknown town 99999');
        handled.push(message.id);
      },
    });
    const letters = await waitForDeadLetters(1);
    await consumer.stop();
    expect(handled).toEqual([fine!.eventId]);
    expect(letters).toEqual([
      expect.objectContaining({ consumer: 'test-poison', messageId: poison!.eventId, deliveries: 3, reason: 'unknown town 99999' }),
    ]);
  });

  it('issue 18: applies a domain event only as the store holds it; a forged one is a dead letter at once, with the reason', async () => {
    const [real] = await storeAndRelay([{ type: 'ChargeApproved', data: { amountCents: 100 } }]);
    const published = toPublishedEvent(real!);
    const forge = (body: unknown, subject = 'digit.events.conventions.ChargeApproved') =>
      bus.js.publish(bus.subject(subject), typeof body === 'string' ? body : JSON.stringify(body), { msgID: randomUUID() });
    await forge({ ...published, eventId: randomUUID(), data: { amountCents: 12_345_678 } });
    await forge({ ...published, hash: 'f'.repeat(64) });
    await forge({ ...published, streamVersion: 2 });
    await forge(published, 'digit.events.conventions.OtherType');
    await forge({ ...published, eventId: 'not-a-uuid' });
    await forge('{ not json');
    // A real id and hash around other data: what is applied is the store's event.
    await forge({ ...published, data: { amountCents: 12_345_678 } });
    const applied: unknown[] = [];
    const consumer = await startDurableConsumer({
      bus,
      stream: DOMAIN_EVENTS_STREAM,
      durable: 'test-forged',
      filterSubjects: ['digit.events.conventions.>'],
      events: store,
      handle: async (message) => void applied.push(message.event?.data),
    });
    const letters = await waitForDeadLetters(6);
    await consumer.stop();
    expect(applied).toEqual([{ amountCents: 100 }, { amountCents: 100 }]);
    expect(letters.map((letter) => [letter.deliveries, letter.reason])).toEqual([
      [1, expect.stringMatching(/^forged event: the event store holds no event /)],
      [1, expect.stringMatching(/^forged event: event .* has another hash in the event store/)],
      [1, expect.stringMatching(/^forged event: event .* differs from the event store in streamVersion$/)],
      [1, expect.stringMatching(/^forged event: event .* of type ChargeApproved was published on digit\.events\.conventions\.OtherType$/)],
      [1, 'forged event: the event store holds no event not-a-uuid'],
      [1, 'forged event: the message is not JSON'],
    ]);
  });

  it('issue 18: a consumer of the domain events stream without the store is refused', async () => {
    await expect(
      startDurableConsumer({
        bus,
        stream: DOMAIN_EVENTS_STREAM,
        durable: 'test-unchecked',
        filterSubjects: ['digit.events.>'],
        handle: async () => undefined,
      }),
    ).rejects.toThrow(/give it the store/);
  });

  it('never ends a message whose dead letter could not be stored: it comes again and its dead letter is stored once possible', async () => {
    const [poison] = await storeAndRelay([{ type: 'A', data: {} }]);
    await bus.jsm.streams.delete(bus.streamName(DEAD_LETTERS_STREAM));
    const errors: string[] = [];
    const consumer = await startDurableConsumer({
      bus,
      stream: DOMAIN_EVENTS_STREAM,
      durable: 'test-dead-letter-down',
      filterSubjects: ['digit.events.conventions.>'],
      maxDeliver: 2,
      retryDelayMs: 10,
      events: store,
      onError: (error) => errors.push((error as Error).message),
      handle: async () => {
        throw new Error('always fails');
      },
    });
    for (let i = 0; i < 300 && errors.length < 3; i++) await sleep(20);
    expect(errors[0]).toMatch(/could not be stored; it will be delivered again/);
    await ensureDomainEventStreams(bus);
    const letters = await waitForDeadLetters(1);
    await consumer.stop();
    expect(letters).toEqual([expect.objectContaining({ messageId: poison!.eventId, reason: 'always fails' })]);
    expect(letters[0]!.deliveries).toBeGreaterThan(2);
  });

  it('applies the effect of a redelivered message once (processed ids in the same transaction)', async () => {
    const schema = database.schema('read');
    await migrateProcessedMessages(database.db, schema);
    await sql`create table ${sql.table(`${schema}.counter`)} (n int)`.execute(database.db);
    await sql`insert into ${sql.table(`${schema}.counter`)} values (0)`.execute(database.db);
    const increment = () =>
      processOnce(database.db, schema, 'counter', 'event-1', async (trx) => {
        await sql`update ${sql.table(`${schema}.counter`)} set n = n + 1`.execute(trx);
      });
    expect(await increment()).toBe(true);
    expect(await increment()).toBe(false);
    const failing = processOnce(database.db, schema, 'counter', 'event-2', async (trx) => {
      await sql`update ${sql.table(`${schema}.counter`)} set n = n + 1`.execute(trx);
      throw new Error('crash before commit');
    });
    await expect(failing).rejects.toThrow('crash before commit');
    expect(
      await processOnce(database.db, schema, 'counter', 'event-2', async (trx) => {
        await sql`update ${sql.table(`${schema}.counter`)} set n = n + 1`.execute(trx);
      }),
    ).toBe(true);
    expect((await sql<{ n: number }>`select n from ${sql.table(`${schema}.counter`)}`.execute(database.db)).rows[0]!.n).toBe(2);
  });
});

describe('trace context through NATS', () => {
  it("keeps one trace id from the append, through the relay's publish, to the consumer", async () => {
    const traceIds = new Set<string>();
    let received!: () => void;
    const done = new Promise<void>((resolve) => (received = resolve));
    const consumer = await startDurableConsumer({
      bus,
      stream: DOMAIN_EVENTS_STREAM,
      durable: 'test-trace',
      filterSubjects: ['digit.events.conventions.>'],
      events: store,
      handle: async () => {
        traceIds.add(trace.getSpan(context.active())!.spanContext().traceId);
        received();
      },
    });
    const rootTraceId = await trace.getTracer('test').startActiveSpan('HTTP POST /api/v1/test', async (span) => {
      await store.append('convention-92012', 'no_stream', [{ type: 'DraftCreated', data: {} }]);
      span.end();
      return span.spanContext().traceId;
    });
    const relay = startEventRelay({ store, bus, context: 'conventions', streamPrefixes: ['convention-'] });
    await done;
    await relay.stop();
    await consumer.stop();
    expect([...traceIds]).toEqual([rootTraceId]);
    const names = spans
      .getFinishedSpans()
      .filter((s) => s.spanContext().traceId === rootTraceId)
      .map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'event-store append convention-92012',
        'publish DraftCreated',
        'consume digit.events.conventions.DraftCreated',
      ]),
    );
  });
});
