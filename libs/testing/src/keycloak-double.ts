import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** The parts of a Keycloak realm export the double reads (infra/keycloak/digit-realm.json). */
export interface KeycloakRealmExport {
  readonly realm: string;
  readonly clientScopes: readonly {
    readonly name: string;
    readonly protocolMappers?: readonly { readonly protocolMapper: string; readonly config: Readonly<Record<string, string>> }[];
  }[];
  readonly clients: readonly { readonly clientId: string; readonly defaultClientScopes?: readonly string[] }[];
}

/** A person or a service account of the realm. */
export interface KeycloakUser {
  readonly username: string;
  readonly realmRoles: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * Keycloak as the gateway sees it, for CI (no Keycloak runs here): the realm's issuer URL form
 * (`<origin>/realms/<realm>`), its discovery document and JWKS (a signing and an encryption key,
 * as Keycloak publishes), and access tokens built as Keycloak builds them: its own claims
 * (`typ: Bearer`, `azp`, `realm_access`, `resource_access`, `sid`, `scope`, `aud` with `account`)
 * plus what the realm's protocol mappers of the client's default scopes add (sub, roles, insee,
 * audience). A mapper missing from the realm export is a claim missing from the tokens.
 */
export interface KeycloakDouble {
  readonly issuer: string;
  accessToken(user: KeycloakUser, options?: { clientId?: string; expiresInSeconds?: number }): Promise<string>;
  stop(): Promise<void>;
}

const DEFAULT_ROLES = ['offline_access', 'uma_authorization'];

const applyMappers = (
  realm: KeycloakRealmExport,
  clientId: string,
  user: KeycloakUser & { id: string },
  claims: Record<string, unknown>,
): void => {
  const client = realm.clients.find((candidate) => candidate.clientId === clientId);
  if (!client) throw new Error(`no client ${clientId} in realm ${realm.realm}`);
  const scopes = realm.clientScopes.filter((scope) => client.defaultClientScopes?.includes(scope.name));
  for (const mapper of scopes.flatMap((scope) => scope.protocolMappers ?? [])) {
    const { config } = mapper;
    if (config['access.token.claim'] !== 'true') continue;
    if (mapper.protocolMapper === 'oidc-sub-mapper') claims.sub = user.id;
    if (mapper.protocolMapper === 'oidc-usermodel-realm-role-mapper')
      claims[config['claim.name']!] = [...user.realmRoles, ...DEFAULT_ROLES, `default-roles-${realm.realm}`];
    if (mapper.protocolMapper === 'oidc-usermodel-attribute-mapper') {
      const value = config['user.attribute'] === 'username' ? user.username : user.attributes?.[config['user.attribute']!];
      if (value !== undefined) claims[config['claim.name']!] = value;
    }
    if (mapper.protocolMapper === 'oidc-audience-mapper')
      claims.aud = [...new Set([...(claims.aud as string[]), config['included.custom.audience']!])];
  }
  claims.scope = ['openid', ...scopes.map((scope) => scope.name)].join(' ');
};

export const startKeycloakDouble = async (realm: KeycloakRealmExport): Promise<KeycloakDouble> => {
  const signing = await generateKeyPair('RS256');
  const encryption = await generateKeyPair('RSA-OAEP');
  const kid = randomUUID();
  const keys: JWK[] = [
    { ...(await exportJWK(signing.publicKey)), kid, alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(encryption.publicKey)), kid: randomUUID(), alg: 'RSA-OAEP', use: 'enc' },
  ];
  let issuer = '';
  const base = `/realms/${realm.realm}`;
  const server: Server = createServer((request, response) => {
    const body =
      request.url === `${base}/.well-known/openid-configuration`
        ? {
            issuer,
            authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
            token_endpoint: `${issuer}/protocol/openid-connect/token`,
            jwks_uri: `${issuer}/protocol/openid-connect/certs`,
            end_session_endpoint: `${issuer}/protocol/openid-connect/logout`,
            userinfo_endpoint: `${issuer}/protocol/openid-connect/userinfo`,
            grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
            response_types_supported: ['code'],
            code_challenge_methods_supported: ['plain', 'S256'],
            id_token_signing_alg_values_supported: ['RS256'],
          }
        : request.url === `${base}/protocol/openid-connect/certs`
          ? { keys }
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? { error: 'not_found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}${base}`;
  const sign = (key: CryptoKey, claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key);
  return {
    get issuer() {
      return issuer;
    },
    async accessToken(user, options = {}) {
      const clientId = options.clientId ?? 'digit-dashboard';
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        exp: now + (options.expiresInSeconds ?? 300),
        iat: now,
        jti: randomUUID(),
        iss: issuer,
        aud: ['account'],
        typ: 'Bearer',
        azp: clientId,
        sid: randomUUID(),
        acr: '1',
        'allowed-origins': [],
        realm_access: { roles: [...user.realmRoles, ...DEFAULT_ROLES, `default-roles-${realm.realm}`] },
        resource_access: { account: { roles: ['manage-account', 'manage-account-links', 'view-profile'] } },
        email_verified: true,
      };
      applyMappers(realm, clientId, { ...user, id: randomUUID() }, claims);
      return sign(signing.privateKey, claims);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
