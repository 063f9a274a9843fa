import type { INestApplication } from '@nestjs/common';
import { openServiceInfra, type ServiceInfra } from '@digit/runtime';
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from '@digit/testing';
import { startGateway } from '../../../services/gateway/src/gateway.app.js';

/** What every service's `start…Service(infra)` returns. */
export interface RunningService {
  stop(): Promise<void>;
}
export type ServiceStarter = (infra: ServiceInfra) => Promise<RunningService>;

/**
 * The given services and the gateway in this process, on the machine's real PostgreSQL and
 * NATS, under a schema prefix and NATS namespace of their own.
 */
export interface SystemUnderTest {
  readonly infra: ServiceInfra;
  readonly database: TestDatabase;
  readonly nats: TestNats;
  readonly baseUrl: string;
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
  const gateway: INestApplication = await startGateway(infra, 0);
  const address = gateway.getHttpServer().address() as { port: number };
  return {
    infra,
    database,
    nats,
    baseUrl: `http://127.0.0.1:${address.port}`,
    async stop() {
      await gateway.close();
      for (const service of services.reverse()) await service.stop();
      await infra.close();
      await nats.close();
      await database.drop();
    },
  };
};
