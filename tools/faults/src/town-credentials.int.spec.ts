/**
 * A town's credentials used against every other town's subjects (issue 8, fault suite; R-DX-3,
 * R-SEC-3): the NATS server refuses each attempt, nothing is stored, nothing is delivered. Twice:
 * a private nats-server with infra/nats/nats-server.conf (its test helper lives in infra, which is
 * no package a tool may import: private-nats.ts starts it the same way), and one with the
 * configuration `npm start` generates, the towns' credentials issued as `admin town-credentials`
 * does. DIGIT's side is the data-exchange service's own user.
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
import { reportFigures } from './fault-figures.js';
import { startPrivateNats } from './private-nats.js';

const CONFIG = fileURLToPath(new URL('../../../infra/nats/nats-server.conf', import.meta.url));
const outcomesConsumer = (insee: string): string => `outcomes-${insee}`;

interface Setup {
  readonly url: string;
  readonly digit: ConnectionOptions;
  town(insee: string): ConnectionOptions;
  stop(): Promise<void>;
}

const SETUPS: [string, () => Promise<Setup>][] = [
  [
    'infra/nats/nats-server.conf',
    async () => {
      const server = await startPrivateNats({ config: CONFIG });
      return {
        url: server.url,
        digit: { user: 'data-exchange', pass: 'data-exchange-dev', inboxPrefix: '_INBOX_data-exchange' },
        town: (insee) => ({ user: `town-${insee}`, pass: `town-${insee}-dev`, inboxPrefix: `_INBOX_${insee}` }),
        stop: () => server.destroy(),
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
      return { url: `${nats.host}:${nats.port}`, digit: nats.service('data-exchange'), town: (insee) => nats.town(insee), stop };
    },
  ],
];

describe.each(SETUPS)("fault: a town's credentials against another town's subjects, with %s", (configuration, start) => {
  let setup: Setup;
  let digit: NatsConnection;
  let jsm: JetStreamManager;
  const towns = new Map<string, NatsConnection>();

  beforeAll(async () => {
    setup = await start();
    digit = await connect({ servers: setup.url, ...setup.digit });
    jsm = await jetstreamManager(digit);
    await jsm.streams.add({ name: TOWN_VOIRIE_ORDERS_STREAM, subjects: [voirieOrdersSubject('*')] });
    await jsm.streams.add({ name: TOWN_VOIRIE_OUTCOMES_STREAM, subjects: [voirieOutcomesSubject('*')] });
    for (const insee of INSEE_CODES) {
      await jsm.consumers.add(TOWN_VOIRIE_OUTCOMES_STREAM, {
        durable_name: outcomesConsumer(insee),
        filter_subject: voirieOutcomesSubject(insee),
        ack_policy: AckPolicy.Explicit,
      });
      await jetstream(digit).publish(
        voirieOutcomesSubject(insee),
        JSON.stringify({ orderId: `outcome-${insee}`, status: 'accepted', errors: [] }),
      );
      towns.set(insee, await connect({ servers: setup.url, ...setup.town(insee) }));
    }
  });

  afterAll(async () => {
    for (const town of towns.values()) await town.close().catch(() => undefined);
    towns.clear();
    await digit?.close();
    await setup?.stop();
  });

  /** Whether the server refused the attempt with a permissions violation. */
  const refused = (attempt: Promise<unknown>): Promise<boolean> =>
    attempt.then(
      () => false,
      (error: unknown) => /Permissions Violation/.test(String(error)),
    );

  /** A subscription the server refuses is closed with the violation. */
  const subscriptionRefused = async (town: NatsConnection, subject: string): Promise<boolean> => {
    const subscription = town.subscribe(subject);
    await town.flush();
    let timer: NodeJS.Timeout | undefined;
    const stillOpen = new Promise<'open'>((resolve) => (timer = setTimeout(() => resolve('open'), 2_000)));
    const closed = await Promise.race([subscription.closed, stillOpen]);
    clearTimeout(timer);
    subscription.unsubscribe();
    return closed instanceof Error && /Permissions Violation/.test(closed.message);
  };

  it('R-DX-3: every publish, subscription and pull of one town on another town is refused by the NATS server; nothing is stored or delivered', async () => {
    const ordersBefore = (await jsm.streams.info(TOWN_VOIRIE_ORDERS_STREAM)).state.messages;
    const pendingBefore = await Promise.all(
      INSEE_CODES.map(async (insee) => (await jsm.consumers.info(TOWN_VOIRIE_OUTCOMES_STREAM, outcomesConsumer(insee))).num_pending),
    );
    let sent = 0;
    let refusedCount = 0;
    const accepted: string[] = [];
    for (const [own, town] of towns) {
      for (const other of INSEE_CODES.filter((insee) => insee !== own)) {
        const attempts: [string, Promise<boolean>][] = [
          [
            `publish ${voirieOrdersSubject(other)}`,
            refused(
              jetstream(town).publish(voirieOrdersSubject(other), JSON.stringify({ orderId: `forged-${own}-${other}`, insee: other }), {
                msgID: `forged-${own}-${other}`,
                timeout: 2_000,
              }),
            ),
          ],
          [`subscribe ${voirieOutcomesSubject(other)}`, subscriptionRefused(town, voirieOutcomesSubject(other))],
          [`pull ${outcomesConsumer(other)}`, refused(jetstream(town).consumers.get(TOWN_VOIRIE_OUTCOMES_STREAM, outcomesConsumer(other)))],
        ];
        for (const [what, attempt] of attempts) {
          sent += 1;
          if (await attempt) refusedCount += 1;
          else accepted.push(`town ${own}: ${what}`);
        }
      }
    }
    const stored = (await jsm.streams.info(TOWN_VOIRIE_ORDERS_STREAM)).state.messages - ordersBefore;
    const pendingAfter = await Promise.all(
      INSEE_CODES.map(async (insee) => (await jsm.consumers.info(TOWN_VOIRIE_OUTCOMES_STREAM, outcomesConsumer(insee))).num_pending),
    );
    reportFigures(`a town's credentials against another town's subjects (${configuration})`, {
      sent,
      acknowledged: sent - refusedCount,
      applied: stored,
      duplicated: 0,
      lost: 0,
      refusedByServer: refusedCount,
      outcomesTakenFromOtherTowns: pendingBefore.reduce((a, b) => a + b, 0) - pendingAfter.reduce((a, b) => a + b, 0),
    });
    expect(accepted).toEqual([]);
    expect(stored).toBe(0);
    expect(pendingAfter).toEqual(pendingBefore);
  }, 120_000);
});
