import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { createEventStore, migrateEventStore } from '@digit/event-store';
import { busFromConnection, ensureDomainEventStreams } from '@digit/messaging';
import { generateSubjectKey, PostgresSubjectKeyStore } from '@digit/personal-data';
import { createDatabase, schemaName, type ServiceInfra } from '@digit/runtime';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import { startPrivateNatsServer, type PrivateNatsServer } from '../../../infra/nats/private-nats-server.js';
import { startDataExchangeService, type DataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import { runTownDsi } from '../../town-dsi/src/town-dsi.js';

/**
 * The town DSI script as a real town runs it: on a nats-server with infra/nats's configuration,
 * logged in as the town (publish only under its subjects, replies on `_INBOX_<insee>`, outcomes
 * only through the consumer DIGIT made for it), with the service logged in as `digit`.
 */
const CONFIG = fileURLToPath(new URL('../../../infra/nats/nats-server.conf', import.meta.url));

/**
 * openServiceInfra without its NATS login: nats.js v3 ignores credentials written in the URL, and
 * the runtime has no other place for them yet. Same pieces, with the `digit` user.
 */
const digitInfra = async (servers: string, test: TestDatabase): Promise<ServiceInfra> => {
  const config = { databaseUrl: test.url, natsUrl: servers, natsNamespace: '', schemaPrefix: test.prefix, port: 0 };
  const db = createDatabase(test.url);
  await migrateEventStore(db, schemaName(config, 'event_store'));
  const bus = await busFromConnection(await connect({ servers, user: 'digit', pass: 'digit-dev', name: 'data-exchange' }));
  await ensureDomainEventStreams(bus);
  return {
    config,
    db,
    store: createEventStore({ db, schema: schemaName(config, 'event_store') }),
    bus,
    keyStore: new PostgresSubjectKeyStore(db, schemaName(config, 'personal_data'), generateSubjectKey()),
    schema: (name) => schemaName(config, name),
    async close() {
      await bus.close();
      await db.destroy();
    },
  };
};

let server: PrivateNatsServer;
let database: TestDatabase;
let infra: ServiceInfra;
let service: DataExchangeService;

beforeAll(async () => {
  server = await startPrivateNatsServer(CONFIG, { user: 'digit', pass: 'digit-dev' });
  database = await createTestDatabase();
  infra = await digitInfra(server.servers, database);
  service = await startDataExchangeService(infra);
}, 30_000);
afterAll(async () => {
  await service?.stop();
  await infra?.close();
  await database?.drop();
  await server?.stop();
});

describe('a town DSI with its own NATS credentials (infra/nats/authorization.conf)', () => {
  it('R-DX-2, R-DX-3: town 92075 publishes its orders and reads every outcome, within its permissions', async () => {
    const report = await runTownDsi({ servers: server.servers, insee: '92075', user: 'town-92075', pass: 'town-92075-dev' });
    expect(report.results.map((r) => [r.label, r.answer])).toEqual(report.results.map((r) => [r.label, r.expected]));
  });

  it('R-DX-3: with another town’s login the script cannot even publish', async () => {
    await expect(runTownDsi({ servers: server.servers, insee: '92075', user: 'town-92012', pass: 'town-92012-dev', timeoutMs: 3000 })).rejects.toThrow(/Permissions Violation|timeout|TIMEOUT/i);
  });
});
