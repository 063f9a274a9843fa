import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { ServiceInfra } from '@digit/runtime';
import { httpTracing } from '@digit/telemetry';
import { GatewayModule } from './gateway.module.js';

/** The HTTP API of CONTRACT.md on `port` (0 picks a free one, for tests). */
export const startGateway = async (infra: ServiceInfra, port: number): Promise<INestApplication> => {
  const app = await NestFactory.create(GatewayModule.register({ bus: infra.bus, store: infra.store }), {
    logger: ['error', 'warn'],
  });
  app.use(httpTracing('@digit/gateway'));
  await app.listen(port, '0.0.0.0');
  return app;
};
