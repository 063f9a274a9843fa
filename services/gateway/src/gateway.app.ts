import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { createTokenVerifier, type TokenVerifierOptions } from '@digit/identity';
import type { ServiceInfra } from '@digit/runtime';
import { httpTracing } from '@digit/telemetry';
import { GatewayModule } from './gateway.module.js';

export interface GatewayOptions {
  readonly port: number;
  /** The OpenID issuer whose access tokens the API accepts (CONTRACT.md v1.1). */
  readonly identity: TokenVerifierOptions;
}

/** The HTTP API of CONTRACT.md on `port` (0 picks a free one, for tests). */
export const startGateway = async (infra: ServiceInfra, options: GatewayOptions): Promise<INestApplication> => {
  const app = await NestFactory.create(GatewayModule.register({ bus: infra.bus, store: infra.store, verifier: createTokenVerifier(options.identity) }), {
    logger: ['error', 'warn'],
  });
  app.use(httpTracing('@digit/gateway'));
  await app.listen(options.port, '0.0.0.0');
  return app;
};
