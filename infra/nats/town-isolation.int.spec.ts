/**
 * R-DX-3, R-SEC-3 and CONTRACT.md: a town publishes orders only for itself and reads only its own
 * outcomes, both with infra/nats/nats-server.conf (docker-compose, operators) and with the
 * configuration `npm start` generates for its own server (towns' credentials issued as
 * `npm run admin -- town-credentials` issues them). A private nats-server on a free port each time;
 * DIGIT's side is played by the data-exchange service's own user, which creates the streams and
 * the towns' consumers as the service does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import {
  INSEE_CODES,
  TOWN_VOIRIE_ORDERS_STREAM,
  TOWN_VOIRIE_OUTCOMES_STREAM,
  voirieOrdersSubject,
  voirieOutcomesSubject,
} from '@digit/contracts';
import { startAuthorizedNats } from '@digit/identity';
import { freePort } from '@digit/testing';
import { startPrivateNatsServer } from './private-nats-server.js';

const CONFIG = fileURLToPath(new URL('./nats-server.conf', import.meta.url));
const OWN = '92012';
const OTHER = '92022';

const outcomesConsumer = (insee: string): string => `outcomes-${insee}`;

/** A server with one of the two configurations; `digit` is the data-exchange service's login, `town` what a DSI passes to `connect`. */
interface Setup {
  readonly servers: string;
  readonly digit: ConnectionOptions;
  town(insee: string): ConnectionOptions;
  stop(): Promise<void>;
}

const SETUPS: [string, () => Promise<Setup>][] = [
  [
    'infra/nats/nats-server.conf',
    async () => {
      const digit = { user: 'data-exchange', pass: 'data-exchange-dev', inboxPrefix: '_INBOX_data-exchange' };
      const server = await startPrivateNatsServer(CONFIG, digit);
      return {
        servers: server.servers,
        digit,
        town: (insee) => ({ user: `town-${insee}`, pass: `town-${insee}-dev`, inboxPrefix: `_INBOX_${insee}` }),
        stop: server.stop,
      };
    },
  ],
  [
    'the configuration npm start generates',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'digit-authorized-nats-'));
      const nats = await startAuthorizedNats({ dataDir, host: '127.0.0.1', port: await freePort(), towns: INSEE_CODES });
      const stop = async () => {
        await nats.stop();
        rmSync(dataDir, { recursive: true, force: true });
      };
      return { servers: `${nats.host}:${nats.port}`, digit: nats.service('data-exchange'), town: (insee) => nats.town(insee), stop };
    },
  ],
];

describe.each(SETUPS)('NATS per-town isolation with %s', (_configuration, start) => {
  let setup: Setup;
  const townOptions = (insee: string) => setup.town(insee);
  const order = (insee: string, orderId: string): string => JSON.stringify({ orderId, insee });
  const outcome = (orderId: string): string => JSON.stringify({ orderId, status: 'accepted', errors: [] });
  const violation = (kind: 'Publish' | 'Subscription', subject: string): RegExp =>
    new RegExp(`Permissions Violation for ${kind} to "${subject.replace(/[.$*>]/g, '\\$&')}"`);

  /** What a subscription ended with, or 'still open' once `ms` have passed. */
  const closedWithin = async (closed: Promise<void | Error>, ms: number): Promise<void | Error | 'still open'> => {
    let timer: NodeJS.Timeout | undefined;
    const stillOpen = new Promise<'still open'>((resolve) => (timer = setTimeout(() => resolve('still open'), ms)));
    try {
      return await Promise.race([closed, stillOpen]);
    } finally {
      clearTimeout(timer);
    }
  };

  let digit: NatsConnection;
  let jsm: JetStreamManager;
  let town: NatsConnection;

  const storedOrders = async (): Promise<number> => (await jsm.streams.info(TOWN_VOIRIE_ORDERS_STREAM)).state.messages;

  beforeAll(async () => {
    setup = await start();
    digit = await connect({ servers: setup.servers, ...setup.digit });
    jsm = await jetstreamManager(digit);
    await jsm.streams.add({ name: TOWN_VOIRIE_ORDERS_STREAM, subjects: [voirieOrdersSubject('*')] });
    await jsm.streams.add({ name: TOWN_VOIRIE_OUTCOMES_STREAM, subjects: [voirieOutcomesSubject('*')] });
    // NATS 2.9 cannot restrict consumer creation by filter, so DIGIT creates each town's consumer.
    for (const insee of INSEE_CODES) {
      await jsm.consumers.add(TOWN_VOIRIE_OUTCOMES_STREAM, {
        durable_name: outcomesConsumer(insee),
        filter_subject: voirieOutcomesSubject(insee),
        ack_policy: AckPolicy.Explicit,
      });
    }
    const digitJs = jetstream(digit);
    await digitJs.publish(voirieOutcomesSubject(OWN), outcome('own-outcome'));
    await digitJs.publish(voirieOutcomesSubject(OTHER), outcome('other-outcome'));
    town = await connect({ servers: setup.servers, ...townOptions(OWN) });
  });

  afterAll(async () => {
    await town?.close();
    await digit?.close();
    await setup?.stop();
  });

  it.each(INSEE_CODES)('R-DX-3: town %s publishes its own order and JetStream acknowledges it', async (insee) => {
    const nc = await connect({ servers: setup.servers, ...townOptions(insee) });
    try {
      const ack = await jetstream(nc).publish(voirieOrdersSubject(insee), order(insee, `own-${insee}`), {
        msgID: `own-${insee}`,
      });
      expect(ack).toMatchObject({ stream: TOWN_VOIRIE_ORDERS_STREAM, duplicate: false });
    } finally {
      await nc.close();
    }
  });

  it('R-DX-3: town 92012 cannot publish an order on 92022 subject: no ack, nothing stored', async () => {
    const before = await storedOrders();
    await expect(
      jetstream(town).publish(voirieOrdersSubject(OTHER), order(OTHER, 'forged'), { msgID: 'forged', timeout: 2000 }),
    ).rejects.toThrow(violation('Publish', voirieOrdersSubject(OTHER)));
    await town.flush();
    expect(await storedOrders()).toBe(before);
  });

  it.each([
    ['forge an outcome of its own (only DIGIT answers)', voirieOutcomesSubject(OWN)],
    ["read 92022's consumer", `$JS.API.CONSUMER.INFO.${TOWN_VOIRIE_OUTCOMES_STREAM}.${outcomesConsumer(OTHER)}`],
    ["pull 92022's outcomes", `$JS.API.CONSUMER.MSG.NEXT.${TOWN_VOIRIE_OUTCOMES_STREAM}.${outcomesConsumer(OTHER)}`],
    ['create a consumer of its choosing', `$JS.API.CONSUMER.CREATE.${TOWN_VOIRIE_OUTCOMES_STREAM}`],
    ['create a durable consumer', `$JS.API.CONSUMER.DURABLE.CREATE.${TOWN_VOIRIE_OUTCOMES_STREAM}.mine`],
    ['get any stored outcome by sequence', `$JS.API.STREAM.MSG.GET.${TOWN_VOIRIE_OUTCOMES_STREAM}`],
    ['purge the orders stream', `$JS.API.STREAM.PURGE.${TOWN_VOIRIE_ORDERS_STREAM}`],
  ])('R-DX-3: town 92012 may not %s (%s)', async (_what, subject) => {
    await expect(town.request(subject, JSON.stringify({ batch: 1, no_wait: true }), { timeout: 2000 })).rejects.toThrow(
      violation('Publish', subject),
    );
  });

  it('R-DX-3: the JetStream client of town 92012 cannot open the consumer of 92022', async () => {
    await expect(jetstream(town).consumers.get(TOWN_VOIRIE_OUTCOMES_STREAM, outcomesConsumer(OTHER))).rejects.toThrow(
      /Permissions Violation for Publish/,
    );
  });

  it.each([
    ["92022's outcomes", voirieOutcomesSubject(OTHER)],
    ['every town outcomes', voirieOutcomesSubject('*')],
    ["92022's orders", voirieOrdersSubject(OTHER)],
    ["92022's replies", '_INBOX_92022.>'],
    ["DIGIT's replies", '_INBOX.>'],
    ["every consumer's acks", '$JS.ACK.>'],
  ])('R-DX-3: town 92012 may not subscribe to %s (%s)', async (_what, subject) => {
    const sub = town.subscribe(subject);
    await town.flush();
    await expect(closedWithin(sub.closed, 2000)).resolves.toThrow(violation('Subscription', subject));
    sub.unsubscribe();
  });

  it('R-DX-3: town 92012 reads its own outcome through its durable consumer and acks it', async () => {
    const consumer = await jetstream(town).consumers.get(TOWN_VOIRIE_OUTCOMES_STREAM, outcomesConsumer(OWN));
    const message = await consumer.next({ expires: 2000 });
    expect(message?.subject).toBe(voirieOutcomesSubject(OWN));
    expect(message?.json()).toMatchObject({ orderId: 'own-outcome' });
    await expect(message?.ackAck()).resolves.toBe(true);
  });

  it('R-DX-3: town 92012 may subscribe to its own outcomes subject', async () => {
    const sub = town.subscribe(voirieOutcomesSubject(OWN), { max: 1 });
    await town.flush();
    await jetstream(digit).publish(voirieOutcomesSubject(OWN), outcome('live-outcome'));
    for await (const message of sub) expect(message.json()).toMatchObject({ orderId: 'live-outcome' });
    await expect(sub.closed).resolves.toBeUndefined();
  });
});
