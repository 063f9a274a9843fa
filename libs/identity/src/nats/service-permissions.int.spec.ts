/**
 * R-SEC-3: on the NATS server `npm start` generates, each service is its own user, limited to its
 * own subjects, and nobody connects anonymously (the towns' side: infra/nats/town-isolation).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { busFromConnection, deleteUpload, putUpload, readUpload } from '@digit/messaging';
import { freePort } from '@digit/testing';
import { startAuthorizedNats, type AuthorizedNats } from './nats-server-process.js';
import type { ServiceUser } from './nats-users.js';

let dataDir: string;
let nats: AuthorizedNats;
const connections = new Map<ServiceUser, NatsConnection>();

const as = async (service: ServiceUser): Promise<NatsConnection> => {
  const existing = connections.get(service);
  if (existing) return existing;
  const nc = await connect({ servers: `${nats.host}:${nats.port}`, ...nats.service(service) });
  connections.set(service, nc);
  return nc;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digit-service-permissions-'));
  nats = await startAuthorizedNats({ dataDir, host: '127.0.0.1', port: await freePort() });
});

afterAll(async () => {
  for (const nc of connections.values()) await nc.close();
  await nats?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Whether the server refuses a publish: a request's publish comes back as a permissions violation (else "no responders"). */
const publishRefused = (nc: NatsConnection, subject: string): Promise<boolean> =>
  nc.request(subject, '{}', { timeout: 1000 }).then(
    () => false,
    (error: unknown) => String(error).includes('Permissions Violation'),
  );

const subscribeRefused = async (nc: NatsConnection, subject: string): Promise<boolean> => {
  const sub = nc.subscribe(subject);
  await nc.flush();
  const closed = await Promise.race([sub.closed, new Promise((resolve) => setTimeout(() => resolve('open'), 1000))]);
  sub.unsubscribe();
  return closed instanceof Error && closed.message.includes('Permissions Violation');
};

describe('each service its own NATS user, limited to its own subjects (R-SEC-3)', () => {
  it('refuses an anonymous connection and a service password given to another service', async () => {
    await expect(connect({ servers: `${nats.host}:${nats.port}`, reconnect: false })).rejects.toThrow(/Authorization Violation/);
    await expect(
      connect({ servers: `${nats.host}:${nats.port}`, user: 'billing', pass: nats.service('support').pass, reconnect: false }),
    ).rejects.toThrow(/Authorization Violation/);
  });

  it.each([
    ['billing', 'digit.events.conventions.ConventionTerminated', 'forge another context’s event'],
    ['privacy', 'digit.events.billing.ChargeRecorded', 'forge another context’s event'],
    ['support', 'digit.towns.92012.voirie.outcomes', 'answer a town in data-exchange’s place'],
    ['conventions', 'digit.towns.92012.voirie.orders', 'publish a town’s order'],
    ['billing', 'digit.command.privacy.erase-personal-data', 'send another service a command only the gateway sends'],
    ['gateway', 'digit.towns.92012.voirie.orders', 'publish a town’s order'],
    ['gateway', '$JS.API.CONSUMER.DELETE.DIGIT_EVENTS.billing-digit-events-conventions-all', 'delete a service’s consumer'],
  ] as const)('%s may not publish %s (%s)', async (service, subject, _what) => {
    expect(await publishRefused(await as(service), subject)).toBe(true);
  });

  it.each([
    ['billing', 'digit.events.billing.ChargeRecorded'],
    ['support', 'digit.query.conventions.towns'],
    ['data-exchange', 'digit.towns.92012.voirie.outcomes'],
    ['gateway', 'digit.command.privacy.erase-personal-data'],
    // A dead letter's replay republishes a stored event on its subject; consumers apply only what the store holds, once.
    ['gateway', 'digit.events.conventions.ConventionTerminated'],
    ['gateway', '$JS.API.CONSUMER.LIST.DIGIT_EVENTS'],
  ] as const)('%s may publish %s (its own)', async (service, subject) => {
    expect(await publishRefused(await as(service), subject)).toBe(false);
  });

  it.each([
    ['billing', 'digit.query.conventions.towns', 'serve another service’s queries'],
    ['privacy', 'digit.command.billing.set-budget', 'serve another service’s commands'],
    ['support', '_INBOX_gateway.>', 'read the gateway’s replies'],
    ['conventions', 'digit.events.>', 'read the bus outside its durable consumers'],
    ['gateway', 'digit.query.>', 'serve queries'],
  ] as const)('%s may not subscribe to %s (%s)', async (service, subject, _what) => {
    expect(await subscribeRefused(await as(service), subject)).toBe(true);
  });

  it('lets the gateway ask a service and the service answer it on the gateway’s own inbox', async () => {
    const conventions = await as('conventions');
    const served = conventions.subscribe('digit.query.conventions.towns', { callback: (_, msg) => void msg.respond('[]') });
    await conventions.flush();
    const reply = await (await as('gateway')).request('digit.query.conventions.towns', '{}', { timeout: 2000 });
    expect(reply.string()).toBe('[]');
    served.unsubscribe();
  });

  it('R-DX-9: the gateway puts a file in the uploads store, data-exchange reads and removes it; another service cannot read it', async () => {
    const file = new TextEncoder().encode('cle_interop;voie_nom\n'.repeat(20_000));
    const ref = await putUpload(
      await busFromConnection(await as('gateway')),
      randomUUID(),
      (async function* () {
        yield file;
      })(),
      1_000_000,
    );
    expect(await publishRefused(await as('billing'), `$JS.API.DIRECT.GET.OBJ_DIGIT_UPLOADS.$O.DIGIT_UPLOADS.M.x`)).toBe(true);
    const dataExchange = await busFromConnection(await as('data-exchange'));
    expect((await readUpload(dataExchange, ref))?.byteLength).toBe(file.byteLength);
    await deleteUpload(dataExchange, ref.name);
    expect(await readUpload(dataExchange, ref)).toBeUndefined();
  });
});
