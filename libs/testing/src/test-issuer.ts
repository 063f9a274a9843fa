import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface TestTokenClaims {
  readonly sub?: string;
  readonly roles?: readonly string[];
  readonly insee?: string;
  /** Overrides for the attacks tests try: another audience, an expired token, a foreign key. */
  readonly audience?: string;
  readonly expiresInSeconds?: number;
  readonly issuer?: string;
}

/**
 * An OpenID issuer for tests: a discovery document and a JWKS on a loopback port, and tokens
 * signed with its key. The gateway verifies them exactly as it verifies the embedded issuer's or
 * Keycloak's (discovery, JWKS, signature, iss, aud, exp).
 */
export interface TestIssuer {
  readonly issuer: string;
  readonly audience: string;
  token(claims?: TestTokenClaims): Promise<string>;
  /** A token signed by a key the issuer never published. */
  forgedToken(claims?: TestTokenClaims): Promise<string>;
  stop(): Promise<void>;
}

const newKey = async (): Promise<{ privateKey: CryptoKey; jwk: JWK }> => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: `k${Math.random().toString(36).slice(2)}`, alg: 'ES256', use: 'sig' } };
};

export const startTestIssuer = async (audience = 'digit-api'): Promise<TestIssuer> => {
  const published = await newKey();
  const foreign = await newKey();
  let issuer = '';
  const server: Server = createServer((request, response) => {
    const body =
      request.url === '/.well-known/openid-configuration'
        ? // The endpoints a relying party needs to start a sign-in (the dashboard's /auth/login redirects there).
          {
            issuer,
            jwks_uri: `${issuer}/jwks`,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            response_types_supported: ['code'],
            code_challenge_methods_supported: ['S256'],
            id_token_signing_alg_values_supported: ['ES256'],
          }
        : request.url === '/jwks'
          ? { keys: [published.jwk] }
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const sign = (key: { privateKey: CryptoKey; jwk: JWK }, claims: TestTokenClaims) =>
    new SignJWT({ roles: claims.roles ?? ['ops'], ...(claims.insee ? { insee: claims.insee } : {}) })
      .setProtectedHeader({ alg: 'ES256', kid: key.jwk.kid, typ: 'at+jwt' })
      .setSubject(claims.sub ?? 'test-ops')
      .setIssuer(claims.issuer ?? issuer)
      .setAudience(claims.audience ?? audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.expiresInSeconds ?? 600))
      .sign(key.privateKey);
  return {
    get issuer() {
      return issuer;
    },
    audience,
    token: (claims = {}) => sign(published, claims),
    forgedToken: (claims = {}) => sign(foreign, claims),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
