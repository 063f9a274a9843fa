import 'reflect-metadata';
import { runService } from '@digit/runtime';
import { startGateway } from './gateway.app.js';

const issuer = process.env.OIDC_ISSUER;
if (!issuer) throw new Error('OIDC_ISSUER is not set: the gateway needs the OpenID issuer whose tokens it accepts.');

await runService(
  'gateway',
  async (infra) => {
    const app = await startGateway(infra, { port: infra.config.port, identity: { issuer, audience: process.env.OIDC_AUDIENCE ?? 'digit-api' } });
    return { stop: () => app.close() };
  },
  (config) => `gateway listening on http://127.0.0.1:${config.port}/api/v1`,
);
