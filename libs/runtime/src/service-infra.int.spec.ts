import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from '@digit/testing';
import { openServiceInfra, type ServiceInfra } from './service-infra.js';

let database: TestDatabase;
let nats: TestNats;
beforeEach(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
});
afterEach(async () => {
  await nats.close();
  await database.drop();
});

describe('openServiceInfra (npm start runs every service at once)', () => {
  it('lets six services start together on a fresh database, each with a working store', async () => {
    const config = { databaseUrl: database.url, natsUrl: nats.url, natsNamespace: nats.namespace, schemaPrefix: database.prefix, port: 0 };
    const services = ['conventions', 'billing', 'data-exchange', 'support', 'privacy', 'gateway'];
    const opened: ServiceInfra[] = await Promise.all(services.map((name) => openServiceInfra(config, name)));
    try {
      await Promise.all(opened.map((infra, index) => infra.store.append(`probe-${index}`, 'no_stream', [{ type: 'Probed', data: {} }])));
      expect(await opened[0]!.store.headPosition()).toBeGreaterThanOrEqual(6n);
    } finally {
      await Promise.all(opened.map((infra) => infra.close()));
    }
  });
});
