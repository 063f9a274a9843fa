import 'reflect-metadata';
import { startSealAnchor } from '@digit/history-seal';
import { dataDirectory, runService } from '@digit/runtime';
import { startGateway, type GatewayOptions } from './gateway.app.js';

/** An environment variable, empty counting as unset (docker-compose passes `VAR: ''`). */
const setting = (name: string): string | undefined => process.env[name] || undefined;

const audience = setting('OIDC_AUDIENCE') ?? 'digit-api';
const issuer = setting('OIDC_ISSUER');
// OIDC_ISSUER names an external issuer (Keycloak, ProConnect); unset, the gateway runs the embedded one.
const identity: GatewayOptions['identity'] = issuer
  ? {
      issuer,
      audience,
      discoveryUrl: setting('OIDC_DISCOVERY_URL'),
      clientId: setting('OIDC_CLIENT_ID'),
      clientSecret: setting('OIDC_CLIENT_SECRET'),
      scope: setting('OIDC_SCOPE'),
    }
  : { embedded: { dataDir: dataDirectory(), audience } };
const host = setting('HOST') ?? '127.0.0.1';

await runService(
  'gateway',
  async (infra) => {
    const app = await startGateway(infra, {
      port: infra.config.port,
      host,
      publicUrl: setting('DIGIT_PUBLIC_URL'),
      identity,
      trustProxy: setting('TRUST_PROXY'),
      reusePort: setting('DIGIT_REUSE_PORT') === '1',
    });
    // R-SEC-5: the head of the history, signed and anchored outside the database every minute and at stop.
    const anchor = await startSealAnchor(infra);
    return {
      stop: async () => {
        await app.close();
        await anchor.stop();
      },
    };
  },
  (config) => `gateway listening on http://${host}:${config.port}/api/v1`,
);
