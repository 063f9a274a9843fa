import 'reflect-metadata';
import { startSealAnchor } from '@digit/history-seal';
import { runService } from '@digit/runtime';
import { startGateway } from './gateway.app.js';

const issuer = process.env.OIDC_ISSUER;
if (!issuer) throw new Error('OIDC_ISSUER is not set: the gateway needs the OpenID issuer whose tokens it accepts.');

await runService(
  'gateway',
  async (infra) => {
    const app = await startGateway(infra, { port: infra.config.port, identity: { issuer, audience: process.env.OIDC_AUDIENCE ?? 'digit-api' } });
    // R-SEC-5: the head of the history, signed and anchored outside the database every minute and at stop.
    const anchor = await startSealAnchor(infra);
    return {
      stop: async () => {
        await app.close();
        await anchor.stop();
      },
    };
  },
  (config) => `gateway listening on http://127.0.0.1:${config.port}/api/v1`,
);
