/**
 * The Keycloak realm production uses (CONTRACT.md "Who is calling (v1.1)", R-SEC-2): the six
 * roles, tokens carrying `sub`, `roles`, `insee` and the `digit-api` audience, a public PKCE
 * client for the dashboard, a confidential service-account client for machines, no secret in the
 * file. Read as Keycloak imports it (`start --import-realm`); tokens it shapes are checked against
 * the gateway in services/gateway/src/auth/keycloak-tokens.int.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { PERSON_ROLES, INSEE_CODES } from '@digit/contracts';

interface Mapper {
  name: string;
  protocolMapper: string;
  config: Record<string, string>;
}
interface Client {
  clientId: string;
  publicClient: boolean;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled: boolean;
  redirectUris: string[];
  attributes?: Record<string, string>;
  defaultClientScopes: string[];
}
const realm = JSON.parse(readFileSync(new URL('./digit-realm.json', import.meta.url), 'utf8')) as {
  realm: string;
  roles: { realm: { name: string }[] };
  clientScopes: { name: string; protocolMappers: Mapper[] }[];
  clients: Client[];
  users: { username: string; serviceAccountClientId?: string }[];
  components: Record<string, { config: Record<string, string[]> }[]>;
  bruteForceProtected: boolean;
};

const api = realm.clientScopes.find((scope) => scope.name === 'digit-api')!;
const mapper = (type: string) => api.protocolMappers.find((candidate) => candidate.protocolMapper === type);
const client = (id: string) => realm.clients.find((candidate) => candidate.clientId === id)!;

describe('infra/keycloak/digit-realm.json', () => {
  it('CONTRACT v1.1: defines exactly the six roles', () => {
    expect(realm.roles.realm.map((role) => role.name).sort()).toEqual([...PERSON_ROLES].sort());
  });

  it('CONTRACT v1.1: the digit-api scope puts sub, roles, insee and the digit-api audience into access tokens', () => {
    expect(mapper('oidc-sub-mapper')?.config['access.token.claim']).toBe('true');
    expect(mapper('oidc-usermodel-realm-role-mapper')?.config).toMatchObject({
      'claim.name': 'roles',
      multivalued: 'true',
      'access.token.claim': 'true',
    });
    expect(mapper('oidc-usermodel-attribute-mapper')?.config).toMatchObject({
      'user.attribute': 'insee',
      'claim.name': 'insee',
      'access.token.claim': 'true',
    });
    expect(mapper('oidc-audience-mapper')?.config).toMatchObject({ 'included.custom.audience': 'digit-api', 'access.token.claim': 'true' });
  });

  it('CONTRACT v1.1: the dashboard’s client is public, authorization code with PKCE S256 only, back to /auth/callback', () => {
    expect(client('digit-dashboard')).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      redirectUris: ['http://localhost:3000/auth/callback'],
      attributes: expect.objectContaining({ 'pkce.code.challenge.method': 'S256' }),
    });
    expect(client('digit-dashboard').defaultClientScopes).toContain('digit-api');
  });

  it('CONTRACT v1.1: machines use a confidential client with a service account (client credentials), nothing else', () => {
    expect(client('digit-machines')).toMatchObject({
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
    expect(client('digit-machines').defaultClientScopes).toContain('digit-api');
    expect(realm.users).toContainEqual(expect.objectContaining({ serviceAccountClientId: 'digit-machines' }));
  });

  it('R-SEC-5: holds no secret (Keycloak generates the machines’ client secret at import) and locks out password guessing', () => {
    const text = readFileSync(new URL('./digit-realm.json', import.meta.url), 'utf8');
    expect(text).not.toMatch(/"secret"|"password"|"credentials"/i);
    expect(realm.bruteForceProtected).toBe(true);
  });

  it('R-SEC-2: the user profile declares insee, limited to the eight towns and editable by admins only', () => {
    const profile = JSON.parse(
      realm.components['org.keycloak.userprofile.UserProfileProvider']![0]!.config['kc.user.profile.config']![0]!,
    ) as {
      attributes: { name: string; validations: { pattern?: { pattern: string } }; permissions: { edit: string[] } }[];
    };
    const insee = profile.attributes.find((attribute) => attribute.name === 'insee')!;
    expect(insee.permissions.edit).toEqual(['admin']);
    const pattern = new RegExp(insee.validations.pattern!.pattern);
    for (const code of INSEE_CODES) expect(pattern.test(code)).toBe(true);
    expect(pattern.test('75056')).toBe(false);
  });
});
