import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import {
  AccountStore,
  createTokenVerifier,
  loadIssuerSecrets,
  LoginLinks,
  migrateIdentity,
  SessionStore,
  writeIssuerInfo,
  type TokenVerifierOptions,
} from '@digit/identity';
import type { ServiceInfra } from '@digit/runtime';
import { httpTracing } from '@digit/telemetry';
import { DashboardSignIn, isLoopback } from './auth/dashboard-sign-in.js';
import { API_SCOPE, createEmbeddedIssuer, DASHBOARD_CLIENT, ISSUER_PATH } from './auth/embedded-issuer/embedded-issuer.js';
import type { EmbeddedIssuer } from './auth/embedded-issuer/sign-in-interaction.controller.js';
import { SignInLimiter } from './auth/embedded-issuer/sign-in-limiter.js';
import { PendingSignIns } from './auth/pending-sign-ins.js';
import { RelyingParty } from './auth/relying-party.js';
import { GatewayModule } from './gateway.module.js';
import { REQUEST_BODY_LIMIT_BYTES } from './http/body-limit.js';

/** An external OpenID issuer (Keycloak, ProConnect): `OIDC_ISSUER`, `OIDC_AUDIENCE`, `OIDC_DISCOVERY_URL`, `OIDC_CLIENT_*`, `OIDC_SCOPE`. */
export interface ExternalIdentity extends TokenVerifierOptions {
  /** The dashboard's client at that issuer (default `digit-dashboard`). */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Scopes the dashboard asks for (default `openid`). */
  readonly scope?: string;
}

/** The embedded issuer (`OIDC_ISSUER` unset): its keys under `dataDir`, its accounts in the identity schema. */
export interface EmbeddedIdentity {
  readonly embedded: { readonly dataDir: string; readonly audience: string };
}

export interface GatewayOptions {
  /** 0 picks a free port (tests with an external issuer only: the embedded one needs its address first). */
  readonly port: number;
  /** The address to listen on (`HOST`): loopback unless told otherwise (R-SEC-5). */
  readonly host?: string;
  /** How browsers reach the gateway (`DIGIT_PUBLIC_URL`), e.g. `https://digit.seineouest.fr`; default `http://127.0.0.1:<port>`. */
  readonly publicUrl?: string;
  /** Whose access tokens the API accepts and who signs dashboard users in (CONTRACT.md v1.1). */
  readonly identity: ExternalIdentity | EmbeddedIdentity;
  /** Express's `trust proxy` (`TRUST_PROXY`, e.g. `loopback` or `1`): off unless a reverse proxy is named. */
  readonly trustProxy?: string;
  /** Several copies on one port (`DIGIT_COPIES_GATEWAY`): the kernel shares the connections out (SO_REUSEPORT). */
  readonly reusePort?: boolean;
}

const DEFAULT_HOST = '127.0.0.1';

const isEmbedded = (identity: GatewayOptions['identity']): identity is EmbeddedIdentity => 'embedded' in identity;

/** Where this process reaches itself: the listening address, or loopback when it listens on every interface. */
const internalOrigin = (host: string, port: number): string => {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
};

const trustProxySetting = (value: string | undefined): boolean | number | string => {
  if (!value) return false;
  return /^\d+$/.test(value) ? Number(value) : value === 'true' ? true : value;
};

/**
 * Security headers (helmet): a strict content security policy, no framing, HSTS once served over
 * HTTPS. Referrer-Policy `same-origin` rather than helmet's `no-referrer`: with `no-referrer`,
 * browsers send `Origin: null` on the site's own form posts, which the sign-in link and sign-out
 * forms refuse as cross-site; other sites still get no referrer.
 */
const securityHeaders = (secure: boolean, formTargets: readonly string[]) =>
  helmet({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'form-action': ["'self'", ...formTargets],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': secure ? [] : null,
      },
    },
    strictTransportSecurity: secure ? { maxAge: 365 * 24 * 60 * 60 } : false,
    referrerPolicy: { policy: 'same-origin' },
  });

/** The HTTP API of CONTRACT.md, the dashboard's sign-in and, without `OIDC_ISSUER`, the embedded issuer at `/oidc`. */
export const startGateway = async (infra: ServiceInfra, options: GatewayOptions): Promise<INestApplication> => {
  const host = options.host ?? DEFAULT_HOST;
  const { identity } = options;
  if (isEmbedded(identity) && options.port === 0) throw new Error('the embedded issuer needs the gateway’s port before it listens');
  const schema = infra.schema('identity');
  await migrateIdentity(infra.db, schema);
  const internal = internalOrigin(host, options.port);
  const publicUrl = (options.publicUrl ?? `http://${isLoopback(host) ? host : DEFAULT_HOST}:${options.port}`).replace(/\/$/, '');
  const secure = !isLoopback(new URL(publicUrl).hostname);
  if (secure && new URL(publicUrl).protocol !== 'https:') {
    console.warn(
      `gateway: DIGIT_PUBLIC_URL ${publicUrl} is not loopback and not HTTPS: browsers will not send the session cookie (Secure).`,
    );
  }
  const sessions = new SessionStore(infra.db, schema);
  const pending = new PendingSignIns(infra.db, schema);

  let embeddedIssuer: EmbeddedIssuer | undefined;
  let signIn: DashboardSignIn;
  let verifier;
  if (isEmbedded(identity)) {
    const issuer = `${publicUrl}${ISSUER_PATH}`;
    // The gateway reads its own issuer's discovery document over loopback (a public address may not loop back here).
    const discoveryUrl = `${internal}${ISSUER_PATH}/.well-known/openid-configuration`;
    const accounts = new AccountStore(infra.db, schema);
    const provider = createEmbeddedIssuer({
      publicUrl,
      audience: identity.embedded.audience,
      secrets: await loadIssuerSecrets(identity.embedded.dataDir),
      db: infra.db,
      schema,
      accounts,
      trustProxy: Boolean(options.trustProxy),
    });
    embeddedIssuer = { provider, accounts, limiter: new SignInLimiter(infra.db, schema) };
    verifier = createTokenVerifier({ issuer, discoveryUrl, audience: identity.embedded.audience });
    const relyingParty = new RelyingParty({
      issuer,
      discoveryUrl,
      clientId: DASHBOARD_CLIENT,
      scope: `openid ${API_SCOPE}`,
      frontChannel: { internalOrigin: internal, publicOrigin: new URL(publicUrl).origin },
    });
    signIn = new DashboardSignIn(publicUrl, relyingParty, verifier, sessions, pending, new LoginLinks(infra.db, schema));
  } else {
    verifier = createTokenVerifier(identity);
    const relyingParty = new RelyingParty({
      issuer: identity.issuer,
      discoveryUrl: identity.discoveryUrl,
      clientId: identity.clientId ?? DASHBOARD_CLIENT,
      clientSecret: identity.clientSecret,
      scope: identity.scope ?? 'openid',
    });
    signIn = new DashboardSignIn(publicUrl, relyingParty, verifier, sessions, pending, undefined);
  }

  const app = await NestFactory.create<NestExpressApplication>(
    GatewayModule.register({
      bus: infra.bus,
      store: infra.store,
      verifier,
      signIn,
      embeddedIssuer,
      dashboard: { db: infra.db, schema: infra.schema('dashboard'), store: infra.store },
      // « Connu le » replays the history with the gateway's own database and personal-data key (issue 14).
      knownAt: {
        databaseUrl: infra.config.databaseUrl,
        schemaPrefix: infra.config.schemaPrefix,
        personalDataKek: infra.config.personalDataKek,
        dataDir: infra.config.dataDir,
      },
      apiDocs: { issuer: isEmbedded(identity) ? `${publicUrl}${ISSUER_PATH}` : identity.issuer },
    }),
    { logger: ['error', 'warn'], bodyParser: false },
  );
  app.set('trust proxy', trustProxySetting(options.trustProxy));
  app.use(securityHeaders(secure, isEmbedded(identity) ? [] : [new URL(identity.issuer).origin]));
  app.use(httpTracing('@digit/gateway'));
  // The embedded issuer reads its own bodies: it comes before the API's parsers.
  if (embeddedIssuer) app.use(ISSUER_PATH, embeddedIssuer.provider.callback());
  app.useBodyParser('json', { limit: REQUEST_BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { limit: REQUEST_BODY_LIMIT_BYTES, extended: false });
  if (options.reusePort) {
    await app.init();
    await new Promise<void>((resolve, reject) => {
      const server = app.getHttpServer();
      server.once('error', reject);
      server.listen({ port: options.port, host, reusePort: true }, () => resolve());
    });
  } else {
    await app.listen(options.port, host);
  }
  if (options.port === 0)
    signIn.publicUrl = `http://${isLoopback(host) ? host : DEFAULT_HOST}:${(app.getHttpServer().address() as { port: number }).port}`;
  if (isEmbedded(identity)) {
    writeIssuerInfo(identity.embedded.dataDir, { issuer: `${publicUrl}${ISSUER_PATH}`, audience: identity.embedded.audience, publicUrl });
  }
  return app;
};
