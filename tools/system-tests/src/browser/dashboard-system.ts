import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { voirieOrdersSubject } from '@digit/contracts';
import { AccountStore, loadIssuerSecrets, LoginLinks, readIssuerInfo, signAccessToken, type Person } from '@digit/identity';
import { openServiceInfra, type ServiceInfra } from '@digit/runtime';
import { createTestDatabase, createTestNats, freePort, type TestDatabase, type TestNats } from '@digit/testing';
import { startBillingService } from '../../../../services/billing/src/billing.app.js';
import { startConventionsService } from '../../../../services/conventions/src/conventions.app.js';
import { startDataExchangeService } from '../../../../services/data-exchange/src/data-exchange.app.js';
import { startGateway } from '../../../../services/gateway/src/gateway.app.js';
import { startPrivacyService } from '../../../../services/privacy/src/privacy.app.js';
import { startSupportService } from '../../../../services/support/src/support.app.js';

/** A road order as a town's DSI sends it over NATS (CONTRACT.md "Towns' DSIs → DIGIT"). */
export interface RoadOrder {
  readonly orderId: string;
  readonly insee: string;
  readonly reference: string;
  readonly signedAt: string;
  readonly effectiveAt: string;
  readonly kind: 'ROAD_CREATED' | 'ROAD_RENAMED' | 'NUMBERING' | 'TRAFFIC_DIRECTION';
  readonly road: { readonly id: string; readonly name: string; readonly type: 'voie' | 'place' };
  readonly previousName?: string;
  readonly mentions: { readonly source: string; readonly copyright: string; readonly year: number };
}

/**
 * The whole system in this process (five services and the gateway with its embedded issuer, so
 * that people sign in as they do in production), on the machine's PostgreSQL and NATS under a
 * schema prefix and namespace of its own.
 */
export interface DashboardSystem {
  readonly baseUrl: string;
  readonly infra: ServiceInfra;
  /** An account of the embedded issuer, as `npm run admin -- user add` makes. */
  account(person: Person, password: string): Promise<void>;
  /** A one-time sign-in URL for this person, as `npm run admin -- login-link` prints. */
  link(person: Person): Promise<string>;
  /** `fetch` on the API with this person's access token, as `npm run admin -- token` gives. */
  api(path: string, person: Person, init?: RequestInit): Promise<Response>;
  /** Publishes a road order as the town's DSI does. */
  publishOrder(order: RoadOrder): Promise<void>;
  stop(): Promise<void>;
}

export const startDashboardSystem = async (): Promise<DashboardSystem> => {
  const database: TestDatabase = await createTestDatabase();
  const nats: TestNats = await createTestNats();
  const infra = await openServiceInfra(
    { databaseUrl: database.url, natsUrl: nats.url, natsNamespace: nats.namespace, schemaPrefix: database.prefix, port: 0 },
    'dashboard-browser',
  );
  const services = [
    await startConventionsService(infra),
    await startDataExchangeService(infra),
    await startBillingService(infra),
    await startSupportService(infra),
    await startPrivacyService(infra),
  ];
  const dataDir = mkdtempSync(join(tmpdir(), 'digit-dashboard-'));
  const port = await freePort();
  const gateway = await startGateway(infra, { port, identity: { embedded: { dataDir, audience: 'digit-api' } } });
  const baseUrl = `http://127.0.0.1:${port}`;
  const links = new LoginLinks(infra.db, infra.schema('identity'));
  const secrets = await loadIssuerSecrets(dataDir);
  const issuer = readIssuerInfo(dataDir)!;
  return {
    baseUrl,
    infra,
    account: async (person, password) => void (await new AccountStore(infra.db, infra.schema('identity')).add(person, password)),
    link: async (person) => `${baseUrl}/auth/link/${await links.create(person)}`,
    async api(path, person, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${await signAccessToken(issuer, secrets, person)}`);
      return fetch(`${baseUrl}${path}`, { ...init, headers });
    },
    async publishOrder(order) {
      const headers = natsHeaders();
      headers.set('Nats-Msg-Id', order.orderId);
      headers.set('Content-Type', 'application/json');
      await infra.bus.js.publish(infra.bus.subject(voirieOrdersSubject(order.insee)), JSON.stringify(order), { headers });
    },
    async stop() {
      await gateway.close();
      for (const service of services.reverse()) await service.stop();
      await infra.close();
      await nats.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
