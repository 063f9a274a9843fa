/**
 * Production's issuer (CONTRACT.md v1.1, issue 12): the gateway accepts Keycloak's access tokens
 * as the realm of infra/keycloak/digit-realm.json makes them (realm issuer URL, Keycloak's own
 * claims, the realm's mappers for roles, insee and the digit-api audience) and maps their roles and
 * town; a token without the API's audience is refused. A test double serves the realm's metadata,
 * JWKS and tokens (no Keycloak in CI).
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { openServiceInfra, type ServiceInfra } from '@digit/runtime';
import {
  createTestDatabase,
  createTestNats,
  startKeycloakDouble,
  type KeycloakDouble,
  type KeycloakRealmExport,
  type TestDatabase,
  type TestNats,
} from '@digit/testing';
import { startGateway } from '../gateway.app.js';

const realm = JSON.parse(
  readFileSync(new URL('../../../../infra/keycloak/digit-realm.json', import.meta.url), 'utf8'),
) as KeycloakRealmExport;

let database: TestDatabase;
let nats: TestNats;
let infra: ServiceInfra;
let keycloak: KeycloakDouble;
let app: INestApplication;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  infra = await openServiceInfra(
    { databaseUrl: database.url, natsUrl: nats.url, natsNamespace: nats.namespace, schemaPrefix: database.prefix, port: 0 },
    'gateway',
  );
  keycloak = await startKeycloakDouble(realm);
  app = await startGateway(infra, { port: 0, identity: { issuer: keycloak.issuer, audience: 'digit-api' } });
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await keycloak?.stop();
  await infra?.close();
  await nats?.close();
  await database?.drop();
});

const call = (path: string, token: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('Keycloak tokens (infra/keycloak/digit-realm.json)', () => {
  it('are what Keycloak issues: realm issuer URL, typ Bearer, azp, realm_access, and the realm mappers’ roles, insee and audience', async () => {
    const token = await keycloak.accessToken({ username: 'claude.dupont', realmRoles: ['town-referent'], attributes: { insee: '92040' } });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(decodeJwt(token)).toMatchObject({
      iss: expect.stringMatching(/\/realms\/digit$/),
      aud: ['account', 'digit-api'],
      typ: 'Bearer',
      azp: 'digit-dashboard',
      sub: expect.any(String),
      roles: expect.arrayContaining(['town-referent', 'offline_access', 'default-roles-digit']),
      insee: '92040',
      realm_access: { roles: expect.arrayContaining(['town-referent']) },
      preferred_username: 'claude.dupont',
    });
  });

  it('CONTRACT v1.1: the gateway accepts a person’s token and maps its role (ops: 200 on an ops route)', async () => {
    expect(
      (await call('/api/v1/ops/dead-letters', await keycloak.accessToken({ username: 'camille.ops', realmRoles: ['ops'] }))).status,
    ).toBe(200);
  });

  it('R-SEC-2: maps the insee claim: a town référent passes for its own town and gets 403 on another town, and 403 on an ops route', async () => {
    const token = await keycloak.accessToken({ username: 'claude.dupont', realmRoles: ['town-referent'], attributes: { insee: '92040' } });
    // Past the gateway's checks the conventions service would answer; none runs here: 503.
    expect((await call('/api/v1/conventions/92040', token)).status).toBe(503);
    const other = await call('/api/v1/conventions/92012', token);
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: 'forbidden', message: expect.stringContaining('92040') });
    expect((await call('/api/v1/ops/dead-letters', token)).status).toBe(403);
  });

  it('accepts a machine’s token (client credentials of digit-machines, roles on its service account)', async () => {
    const token = await keycloak.accessToken(
      { username: 'service-account-digit-machines', realmRoles: ['ops'] },
      { clientId: 'digit-machines' },
    );
    expect(decodeJwt(token)).toMatchObject({ azp: 'digit-machines', aud: expect.arrayContaining(['digit-api']) });
    expect((await call('/api/v1/ops/dead-letters', token)).status).toBe(200);
  });

  it('R-SEC-1: refuses an expired Keycloak token and one for another audience (a client without the digit-api scope)', async () => {
    expect(
      (
        await call(
          '/api/v1/ops/dead-letters',
          await keycloak.accessToken({ username: 'camille.ops', realmRoles: ['ops'] }, { expiresInSeconds: -60 }),
        )
      ).status,
    ).toBe(401);
    const withoutApi = await startKeycloakDouble({
      ...realm,
      clients: realm.clients.map((client) => ({ ...client, defaultClientScopes: ['profile'] })),
    });
    try {
      const foreign = await startGateway(infra, { port: 0, identity: { issuer: withoutApi.issuer, audience: 'digit-api' } });
      try {
        const port = (foreign.getHttpServer().address() as AddressInfo).port;
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/ops/dead-letters`, {
          headers: { authorization: `Bearer ${await withoutApi.accessToken({ username: 'camille.ops', realmRoles: ['ops'] })}` },
        });
        expect(response.status).toBe(401);
      } finally {
        await foreign.close();
      }
    } finally {
      await withoutApi.stop();
    }
  });
});
