import * as client from 'openid-client';
import { discoveryUrlOf } from '@digit/identity';

/** How the gateway signs a dashboard user in against the configured issuer (embedded or external). */
export interface RelyingPartyOptions {
  /** The issuer identifier (`OIDC_ISSUER`, or the embedded issuer's). */
  readonly issuer: string;
  /** Where this process reads the discovery document when it differs (`OIDC_DISCOVERY_URL`). */
  readonly discoveryUrl?: string;
  readonly clientId: string;
  /** A confidential client's secret (`OIDC_CLIENT_SECRET`); without it, a public client (PKCE only). */
  readonly clientSecret?: string;
  /** Scopes asked for (`OIDC_SCOPE`). */
  readonly scope: string;
  /**
   * For the embedded issuer read over loopback: the browser-facing endpoints (authorization,
   * sign-out) are rewritten from this internal origin to the public one.
   */
  readonly frontChannel?: { readonly internalOrigin: string; readonly publicOrigin: string };
}

export interface SignInStart {
  readonly url: URL;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface SignInResult {
  readonly accessToken: string;
  readonly idToken?: string;
}

const rewriteOrigin = (url: unknown, from: string, to: string): unknown =>
  typeof url === 'string' && url.startsWith(`${from}/`) ? `${to}${url.slice(from.length)}` : url;

/**
 * The authorization code flow with PKCE (S256), state and nonce, through openid-client: the
 * gateway is the client, the browser only carries redirects. Discovery happens on first use and
 * again after a failure (the issuer may start after the gateway).
 */
export class RelyingParty {
  private configuration?: Promise<client.Configuration>;

  constructor(readonly options: RelyingPartyOptions) {}

  private async discover(): Promise<client.Configuration> {
    const { options } = this;
    const response = await fetch(discoveryUrlOf(options), { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`OpenID discovery of ${options.issuer} answered ${response.status}`);
    const metadata = (await response.json()) as client.ServerMetadata;
    if (metadata.issuer !== options.issuer)
      throw new Error(`OpenID discovery of ${options.issuer} names another issuer: ${metadata.issuer}`);
    const front = options.frontChannel;
    const server = front
      ? {
          ...metadata,
          authorization_endpoint: rewriteOrigin(metadata.authorization_endpoint, front.internalOrigin, front.publicOrigin),
          end_session_endpoint: rewriteOrigin(metadata.end_session_endpoint, front.internalOrigin, front.publicOrigin),
        }
      : metadata;
    const authentication = options.clientSecret ? client.ClientSecretBasic(options.clientSecret) : client.None();
    const configuration = new client.Configuration(server as client.ServerMetadata, options.clientId, options.clientSecret, authentication);
    // Plain HTTP only where the issuer is: the embedded one on loopback, or a test double.
    if (new URL(options.issuer).protocol === 'http:' || new URL(discoveryUrlOf(options)).protocol === 'http:')
      client.allowInsecureRequests(configuration);
    return configuration;
  }

  private config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  /** `redirectUri`: `<gateway public URL>/auth/callback`, registered at the issuer. */
  async start(redirectUri: string): Promise<SignInStart> {
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(await this.config(), {
      redirect_uri: redirectUri,
      scope: this.options.scope,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, codeVerifier };
  }

  /** Exchanges the code the browser brought back (`callbackUrl`, as the browser called it) for tokens. */
  async finish(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<SignInResult> {
    const tokens = await client.authorizationCodeGrant(await this.config(), callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    return { accessToken: tokens.access_token, ...(tokens.id_token ? { idToken: tokens.id_token } : {}) };
  }

  /** Where to send the browser to end its session at the issuer too, when the issuer offers it. */
  async signOutUrl(postLogoutRedirectUri: string, idToken?: string): Promise<URL | undefined> {
    let configuration: client.Configuration;
    try {
      configuration = await this.config();
    } catch {
      return undefined;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, {
      post_logout_redirect_uri: postLogoutRedirectUri,
      client_id: this.options.clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
  }
}
