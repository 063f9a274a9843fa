import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { isInsee, isPersonRole, type Caller, type PersonRole } from '@digit/contracts';

/**
 * Verifies OpenID Connect access tokens (JWT) the same way whoever issued them: the embedded
 * issuer of `npm start`, Keycloak or ProConnect (CONTRACT.md "Who is calling (v1.1)", R-SEC-1).
 * The keys come from the issuer's discovery document (`jwks_uri`) and are cached by jose;
 * signature, `iss`, `aud`, `exp` and `nbf` are checked; `alg: none` and symmetric algorithms are
 * refused, so a token signed with anything but the issuer's published keys never passes.
 */
export interface TokenVerifierOptions {
  /** The issuer identifier (`OIDC_ISSUER`): its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /**
   * Where to read the discovery document when the issuer's public address is not reachable from
   * here (`OIDC_DISCOVERY_URL`: Keycloak's internal address in docker-compose, the gateway's own
   * loopback address for the embedded issuer). The document must still name `issuer`.
   */
  readonly discoveryUrl?: string;
  /** The API's audience (`OIDC_AUDIENCE`): a token for another audience is refused. */
  readonly audience: string;
  /** Tolerated clock skew between the issuer and this machine. */
  readonly clockToleranceSeconds?: number;
}

export interface TokenVerifier {
  /** The caller the token names, or `undefined` when the token is not valid here. */
  verify(token: string): Promise<Caller | undefined>;
}

/** Asymmetric signatures only: what OpenID providers publish in their JWKS. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

interface DiscoveryDocument {
  readonly issuer?: unknown;
  readonly jwks_uri?: unknown;
}

/** The discovery document's address: `<issuer>/.well-known/openid-configuration` unless told otherwise. */
export const discoveryUrlOf = (options: Pick<TokenVerifierOptions, 'issuer' | 'discoveryUrl'>): string =>
  options.discoveryUrl ?? `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;

const discover = async (options: TokenVerifierOptions): Promise<URL> => {
  const { issuer } = options;
  const response = await fetch(discoveryUrlOf(options), { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`OpenID discovery of ${issuer} answered ${response.status}`);
  const document = (await response.json()) as DiscoveryDocument;
  if (document.issuer !== issuer) throw new Error(`OpenID discovery of ${issuer} names another issuer: ${String(document.issuer)}`);
  if (typeof document.jwks_uri !== 'string') throw new Error(`OpenID discovery of ${issuer} gives no jwks_uri`);
  return new URL(document.jwks_uri);
};

/** The roles and town a token grants: unknown roles are ignored, never an error. */
export const callerOfClaims = (claims: JWTPayload): Caller | undefined => {
  if (typeof claims.sub !== 'string' || claims.sub === '') return undefined;
  const roles = Array.isArray(claims.roles) ? claims.roles.filter(isPersonRole) : [];
  const insee = isInsee(claims.insee) ? claims.insee : undefined;
  return { sub: claims.sub, roles: [...new Set<PersonRole>(roles)], ...(insee ? { insee } : {}) };
};

export const createTokenVerifier = (options: TokenVerifierOptions): TokenVerifier => {
  // Discovery is retried on the next request when the issuer was not reachable yet.
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keySet = () => {
    keys ??= discover(options)
      .then((jwksUri) => createRemoteJWKSet(jwksUri, { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }))
      .catch((error: unknown) => {
        keys = undefined;
        throw error;
      });
    return keys;
  };
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, await keySet(), {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ALGORITHMS,
          clockTolerance: options.clockToleranceSeconds ?? 5,
          requiredClaims: ['sub', 'exp'],
        });
        return callerOfClaims(payload);
      } catch (error) {
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
};

/** The bearer token of an `Authorization` header, if there is exactly one. */
export const bearerToken = (authorization: string | undefined): string | undefined => {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization?.trim() ?? '');
  return match?.[1];
};
