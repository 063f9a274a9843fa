import type { INestApplication } from '@nestjs/common';
import { openServiceInfra, type ServiceInfra } from '@digit/runtime';
import {
  createTestDatabase,
  createTestNats,
  startTestIssuer,
  type TestDatabase,
  type TestIssuer,
  type TestNats,
  type TestTokenClaims,
} from '@digit/testing';
import { startGateway } from '../../../services/gateway/src/gateway.app.js';

/** What every service's `start…Service(infra)` returns. */
export interface RunningService {
  stop(): Promise<void>;
}
export type ServiceStarter = (infra: ServiceInfra) => Promise<RunningService>;

/** Who a test request is sent as: a token's claims (DIGIT ops by default), or nobody. */
export type TestCaller = TestTokenClaims | 'anonymous';

/** The gateway on a free port, trusting a test OpenID issuer, and a `fetch` that signs requests in. */
export interface TestGateway {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly issuer: TestIssuer;
  /** `fetch(baseUrl + path)` with a bearer token for `as` (DIGIT ops when not given). */
  fetch(path: string, init?: RequestInit, as?: TestCaller): Promise<Response>;
  close(): Promise<void>;
}

export const startTestGateway = async (infra: ServiceInfra): Promise<TestGateway> => {
  const issuer = await startTestIssuer();
  const app = await startGateway(infra, { port: 0, identity: { issuer: issuer.issuer, audience: issuer.audience } });
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  return {
    app,
    baseUrl,
    issuer,
    async fetch(path, init = {}, as = {}) {
      const headers = new Headers(init.headers);
      if (as !== 'anonymous' && !headers.has('authorization')) headers.set('authorization', `Bearer ${await issuer.token(as)}`);
      return fetch(`${baseUrl}${path}`, { ...init, headers });
    },
    async close() {
      await app.close();
      await issuer.stop();
    },
  };
};

/**
 * The given services and the gateway in this process, on the machine's real PostgreSQL and
 * NATS, under a schema prefix and NATS namespace of their own.
 */
export interface SystemUnderTest {
  readonly infra: ServiceInfra;
  readonly database: TestDatabase;
  readonly nats: TestNats;
  readonly baseUrl: string;
  readonly gateway: TestGateway;
  /** `fetch(baseUrl + path)` signed in as `as` (DIGIT ops when not given). */
  fetch(path: string, init?: RequestInit, as?: TestCaller): Promise<Response>;
  stop(): Promise<void>;
}

export const startSystem = async (starters: readonly ServiceStarter[]): Promise<SystemUnderTest> => {
  const database = await createTestDatabase();
  const nats = await createTestNats();
  const infra = await openServiceInfra(
    { databaseUrl: database.url, natsUrl: nats.url, natsNamespace: nats.namespace, schemaPrefix: database.prefix, port: 0 },
    'system-test',
  );
  const services: RunningService[] = [];
  for (const start of starters) services.push(await start(infra));
  const gateway = await startTestGateway(infra);
  return {
    infra,
    database,
    nats,
    baseUrl: gateway.baseUrl,
    gateway,
    fetch: (path, init, as) => gateway.fetch(path, init, as),
    async stop() {
      await gateway.close();
      for (const service of services.reverse()) await service.stop();
      await infra.close();
      await nats.close();
      await database.drop();
    },
  };
};
