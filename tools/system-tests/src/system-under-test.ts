import type { INestApplication } from '@nestjs/common';
import { openServiceInfra, type ServiceInfra } from '@digit/runtime';
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from '@digit/testing';
import { startConventionsService, type ConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startGateway } from '../../../services/gateway/src/gateway.app.js';

/**
 * The services and the gateway in this process, on the machine's real PostgreSQL and NATS,
 * under a schema prefix and NATS namespace of their own.
 */
export interface SystemUnderTest {
  readonly infra: ServiceInfra;
  readonly database: TestDatabase;
  readonly baseUrl: string;
  stop(): Promise<void>;
}

export const startSystem = async (): Promise<SystemUnderTest> => {
  const database = await createTestDatabase();
  const nats: TestNats = await createTestNats();
  const infra = await openServiceInfra(
    { databaseUrl: database.url, natsUrl: nats.url, natsNamespace: nats.namespace, schemaPrefix: database.prefix, port: 0 },
    'system-test',
  );
  const conventions: ConventionsService = await startConventionsService(infra);
  const gateway: INestApplication = await startGateway(infra, 0);
  const address = gateway.getHttpServer().address() as { port: number };
  return {
    infra,
    database,
    baseUrl: `http://127.0.0.1:${address.port}`,
    async stop() {
      await gateway.close();
      await conventions.stop();
      await infra.close();
      await nats.close();
      await database.drop();
    },
  };
};
