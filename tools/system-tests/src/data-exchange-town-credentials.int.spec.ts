import { fileURLToPath } from 'node:url';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import { openServiceInfra, type ServiceInfra } from '@digit/runtime';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import { startPrivateNatsServer, type PrivateNatsServer } from '../../../infra/nats/private-nats-server.js';
import { startDataExchangeService, type DataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import { fuzzVoirieMessages } from '../../../services/data-exchange/src/domain/voirie/index.js';
import { runTownDsi } from '../../town-dsi/src/town-dsi.js';

/**
 * The town DSI script as a real town runs it: on a nats-server with infra/nats's configuration,
 * logged in as the town (publish only under its subjects, replies on `_INBOX_<insee>`, outcomes
 * only through the consumer DIGIT made for it), with the service logged in as its own user
 * `data-exchange` (R-SEC-3: only its own subjects), its login in its NATS_URL as in docker-compose.
 */
const CONFIG = fileURLToPath(new URL('../../../infra/nats/nats-server.conf', import.meta.url));
const DATA_EXCHANGE = { user: 'data-exchange', pass: 'data-exchange-dev' };

let server: PrivateNatsServer;
let database: TestDatabase;
let infra: ServiceInfra;
let service: DataExchangeService;

beforeAll(async () => {
  server = await startPrivateNatsServer(CONFIG, DATA_EXCHANGE);
  database = await createTestDatabase();
  const natsUrl = `nats://${DATA_EXCHANGE.user}:${DATA_EXCHANGE.pass}@${server.servers}`;
  infra = await openServiceInfra(
    { databaseUrl: database.url, natsUrl, natsNamespace: '', schemaPrefix: database.prefix, port: 0 },
    'data-exchange',
  );
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

  it('issue 18, R-DX-2: 1,000 fuzzed orders published with Boulogne’s own login never stop data-exchange: Issy’s script is answered as expected after them', async () => {
    const boulogne = await connect({ servers: server.servers, user: 'town-92012', pass: 'town-92012-dev' });
    try {
      for (const message of fuzzVoirieMessages(18, 1_000)) {
        const headers = natsHeaders();
        for (const [name, value] of Object.entries(message.headers ?? {})) for (const one of [value].flat()) headers.append(name, one);
        // Boulogne may publish on its own orders subject only: every message goes there, whatever the generator aimed at.
        boulogne.publish('digit.towns.92012.voirie.orders', message.data, { headers });
      }
      await boulogne.flush();
    } finally {
      await boulogne.close();
    }
    const report = await runTownDsi({
      servers: server.servers,
      insee: '92040',
      user: 'town-92040',
      pass: 'town-92040-dev',
      timeoutMs: 60_000,
    });
    // Some of the script's messages have the same message id for every town: JetStream drops them as the first test's.
    const answered = report.results.filter((r) => r.answer !== 'deduplicated-by-jetstream');
    expect(answered.length).toBeGreaterThan(10);
    expect(answered.map((r) => [r.label, r.answer])).toEqual(answered.map((r) => [r.label, r.expected]));
  }, 120_000);

  it('R-DX-3: with another town’s login the script cannot even publish', async () => {
    await expect(
      runTownDsi({ servers: server.servers, insee: '92075', user: 'town-92012', pass: 'town-92012-dev', timeoutMs: 3000 }),
    ).rejects.toThrow(/Permissions Violation|timeout|TIMEOUT/i);
  });
});
