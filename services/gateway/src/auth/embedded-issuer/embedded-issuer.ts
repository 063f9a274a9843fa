import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Database } from '@digit/event-store';
import type { AccountStore, IssuerSecrets } from '@digit/identity';
import { issuerLogoutPage, messagePage } from '../sign-in.pages.js';
import { postgresAdapter } from './issuer-adapter.js';

/** The API as a resource server of the embedded issuer: its access tokens are JWTs for `OIDC_AUDIENCE`. */
export const API_RESOURCE = 'urn:digit:api';
export const API_SCOPE = 'api';
/** The dashboard's client: public (no secret), authorization code with PKCE (CONTRACT.md v1.1). */
export const DASHBOARD_CLIENT = 'digit-dashboard';
/** Where the embedded issuer is mounted on the gateway: its identifier is `<public URL>/oidc`. */
export const ISSUER_PATH = '/oidc';
export const INTERACTION_PATH = '/auth/interaction';

const ACCESS_TOKEN_SECONDS = 10 * 60;
const SESSION_SECONDS = 8 * 60 * 60;

export interface EmbeddedIssuerOptions {
  /** The gateway's public address, e.g. `http://127.0.0.1:3000` (DIGIT_PUBLIC_URL). */
  readonly publicUrl: string;
  readonly audience: string;
  readonly secrets: IssuerSecrets;
  readonly db: Database;
  readonly schema: string;
  readonly accounts: AccountStore;
  /** Trust X-Forwarded-Proto/Host from a reverse proxy (TRUST_PROXY). */
  readonly trustProxy: boolean;
}

/** The embedded issuer's signed-in person as oidc-provider sees it. */
const accountFinder = (accounts: AccountStore) => async (_ctx: KoaContextWithOIDC, sub: string) => {
  const account = await accounts.find(sub);
  return account ? { accountId: account.login, claims: () => ({ sub: account.login }) } : undefined;
};

/**
 * The embedded OpenID provider (oidc-provider, certified), used when `OIDC_ISSUER` is unset:
 * local accounts, sign-in pages served by the gateway (`/auth/interaction/<uid>`), and access
 * tokens shaped as in production: JWT (`typ: at+jwt`, RS256) with `iss`, `aud` = OIDC_AUDIENCE,
 * `sub` = the account's login, `roles` and, for a town role, `insee`. Consent is implied: the
 * only client is DIGIT's own dashboard.
 */
export const createEmbeddedIssuer = (options: EmbeddedIssuerOptions): Provider => {
  const { publicUrl, audience, accounts } = options;
  const issuer = `${publicUrl}${ISSUER_PATH}`;
  const configuration: Configuration = {
    adapter: postgresAdapter(options.db, options.schema),
    clients: [
      {
        client_id: DASHBOARD_CLIENT,
        client_name: 'Tableau de bord DIGIT',
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [`${publicUrl}/auth/callback`],
        post_logout_redirect_uris: [`${publicUrl}/auth/logged-out`],
      },
    ],
    jwks: { keys: options.secrets.signingKeys.map((key) => ({ ...key })) as never },
    cookies: { keys: [...options.secrets.cookieKeys], long: { signed: true }, short: { signed: true } },
    findAccount: accountFinder(accounts),
    claims: { openid: ['sub'] },
    scopes: ['openid'],
    clientBasedCORS: () => false,
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = issuerLogoutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = messagePage('Déconnecté', 'Vous êtes déconnecté de DIGIT.', { href: '/auth/login', text: 'Se reconnecter' });
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== API_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPE,
            audience,
            accessTokenTTL: ACCESS_TOKEN_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // The dashboard is DIGIT's own: signing in grants it the API, nobody is asked to consent.
    loadExistingGrant: async (ctx) => {
      const { client, session, result, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant =
        (grantId ? await provider.Grant.find(grantId) : undefined) ??
        new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid');
      grant.addResourceScope(API_RESOURCE, API_SCOPE);
      await grant.save();
      return grant;
    },
    // Roles and town as the token's claims, read from the account when the token is issued.
    extraTokenClaims: async (_ctx, token) => {
      if (!('accountId' in token) || typeof token.accountId !== 'string') return undefined;
      const account = await accounts.find(token.accountId);
      if (!account) return { roles: [] };
      return { roles: [account.person.role], ...(account.person.insee ? { insee: account.person.insee } : {}) };
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = messagePage(
        'Connexion impossible',
        `La demande de connexion n’a pas abouti (${String(out.error)}). Recommencez depuis la page de connexion.`,
        { href: '/auth/login', text: 'Recommencer' },
      );
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_SECONDS,
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_SECONDS,
      Interaction: 10 * 60,
      Session: SESSION_SECONDS,
      Grant: SESSION_SECONDS,
      ClientCredentials: ACCESS_TOKEN_SECONDS,
      RefreshToken: SESSION_SECONDS,
      DeviceCode: 10 * 60,
      BackchannelAuthenticationRequest: 10 * 60,
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.proxy = options.trustProxy;
  // Koa prints a failing request's stack; a line with the error's message says enough, and never a token.
  provider.on('server_error', (_ctx: unknown, error: Error) => console.error(`embedded issuer: ${error.message}`));
  return provider;
};
