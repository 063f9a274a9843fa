import { SignJWT, base64url } from 'jose';
import { billingMessages, conventionsMessages, privacyMessages, supportMessages, type AnyMessage } from '@digit/contracts';
import { routeTable } from '../../../services/gateway/src/edge/route-table.js';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

let system: SystemUnderTest;
beforeAll(async () => {
  system = await startSystem([startConventionsService]);
});
afterAll(() => system.stop());

const unsignedToken = (claims: Record<string, unknown>): string =>
  `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(claims))}.`;

const symmetricToken = async (): Promise<string> =>
  new SignJWT({ roles: ['ops'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('intruder')
    .setIssuer(system.gateway.issuer.issuer)
    .setAudience(system.gateway.issuer.audience)
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode('a secret the attacker chose, at least 32 bytes long'));

const terminate = (authorization?: string) =>
  system.fetch(
    '/api/v1/conventions/92040/terminations',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ requestedBy: 'town', noticeDate: '2026-01-05' }),
    },
    'anonymous',
  );

describe('who is calling (CONTRACT.md v1.1, R-SEC-1): 401 and nothing stored for a bad token', () => {
  it.each([
    ['no token', async () => undefined],
    ['a malformed header', async () => 'Bearer'],
    [
      'a token signed by a key the issuer never published',
      async () => `Bearer ${await system.gateway.issuer.forgedToken({ roles: ['ops'] })}`,
    ],
    ['an expired token', async () => `Bearer ${await system.gateway.issuer.token({ roles: ['ops'], expiresInSeconds: -60 })}`],
    [
      'a token for another audience',
      async () => `Bearer ${await system.gateway.issuer.token({ roles: ['ops'], audience: 'another-api' })}`,
    ],
    [
      'a token from another issuer',
      async () => `Bearer ${await system.gateway.issuer.token({ roles: ['ops'], issuer: 'https://idp.example.org' })}`,
    ],
    [
      'an unsigned token (alg: none)',
      async () =>
        `Bearer ${unsignedToken({ sub: 'x', roles: ['ops'], iss: system.gateway.issuer.issuer, aud: 'digit-api', exp: 4_000_000_000 })}`,
    ],
    ['a token signed with a symmetric key (HS256)', async () => `Bearer ${await symmetricToken()}`],
  ])('%s → 401 unauthenticated', async (_, header) => {
    const before = await system.infra.store.headPosition();
    const response = await terminate(await header());
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthenticated' });
    expect(await system.infra.store.headPosition()).toBe(before);
  });
});

describe('roles and towns (R-SEC-2, R-SEC-4)', () => {
  it('R-SEC-4: only DIGIT ops may terminate a convention; an auditor, finance and the town get 403 and nothing is stored', async () => {
    for (const claims of [{ roles: ['auditor'] }, { roles: ['finance'] }, { roles: ['town-referent'], insee: '92040' }]) {
      const before = await system.infra.store.headPosition();
      const response = await system.fetch(
        '/api/v1/conventions/92040/terminations',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ requestedBy: 'town', noticeDate: '2026-01-05' }),
        },
        claims,
      );
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: 'forbidden' });
      expect(await system.infra.store.headPosition()).toBe(before);
    }
  });

  it('R-SEC-2: a town’s référent reads its own convention and gets 403 on another town’s', async () => {
    const own = await system.fetch('/api/v1/conventions/92012', {}, { roles: ['town-referent'], insee: '92012' });
    expect(own.status).toBe(200);
    const other = await system.fetch('/api/v1/conventions/92040', {}, { roles: ['town-referent'], insee: '92012' });
    expect(other.status).toBe(403);
  });

  it('R-SEC-2: a town’s people see only their town in the towns list', async () => {
    const response = await system.fetch('/api/v1/towns', {}, { roles: ['town-dpo'], insee: '92075' });
    expect(((await response.json()) as { insee: string }[]).map((town) => town.insee)).toEqual(['92075']);
  });

  it('R-SEC-1: the actor of the events is the token’s subject; a header cannot change it', async () => {
    const response = await system.fetch(
      '/api/v1/conventions/92047/terminations',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-digit-actor': 'ops:someone-else' },
        body: JSON.stringify({ requestedBy: 'ept', noticeDate: '2026-02-02' }),
      },
      { sub: 'camille.ops', roles: ['ops'] },
    );
    expect(response.status).toBe(201);
    const [eventId] = ((await response.json()) as { events: string[] }).events;
    const events = await system.infra.store.readStream('convention-92047');
    expect(events.find((event) => event.eventId === eventId)?.metadata.actor).toBe('camille.ops');
  });

  it('public Open Data exports need no token', async () => {
    expect((await system.fetch('/api/v1/open-data/deliberations.csv', {}, 'anonymous')).status).not.toBe(401);
  });
});

describe('deny by default (R-SEC-2)', () => {
  it('every route the gateway serves has a policy', () => {
    const routes = routeTable(system.gateway.app);
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((route) => route.policy === undefined).map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });

  it('every message of a catalogue with an HTTP route is served by the gateway with the message’s own policy', () => {
    const routes = routeTable(system.gateway.app);
    for (const message of [
      ...Object.values(conventionsMessages),
      ...Object.values(privacyMessages),
      ...Object.values(billingMessages),
      ...Object.values(supportMessages),
    ] as AnyMessage[]) {
      // Service-to-service messages (a read's trace, held personal data) have no route.
      if (!message.http) continue;
      const route = routes.find((candidate) => candidate.method === message.http!.method && candidate.path === message.http!.path);
      expect(route?.policy).toEqual(message.policy);
    }
  });

  it('the dashboard’s pages and the data routes they use each have a policy; only its assets are public (issue 13)', () => {
    const routes = routeTable(system.gateway.app);
    const policyOf = (path: string) => routes.find((route) => route.method === 'GET' && route.path === path)?.policy;
    for (const path of ['/', '/communes/:insee', '/voirie', '/voirie/flux', '/support', '/facturation', '/rgpd', '/systeme']) {
      expect({ path, public: policyOf(path) && 'public' in policyOf(path)! }).toEqual({ path, public: false });
    }
    expect(policyOf('/assets/:name')).toEqual({ public: true });
  });

  it('R-SEC-2: a dashboard page sends a visitor without a session to the sign-in, and a town’s person only to its own town', async () => {
    const anonymous = await system.fetch('/communes/92012', { redirect: 'manual' }, 'anonymous');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/auth/login?returnTo=%2Fcommunes%2F92012');
    const referent = { sub: 'claude.referent', roles: ['town-referent'], insee: '92012' };
    expect((await system.fetch('/communes/92040', {}, referent)).status).toBe(403);
    expect((await system.fetch('/voirie?insee=92040&csv=arretes', {}, referent)).status).toBe(403);
    expect((await system.fetch('/systeme', {}, referent)).status).toBe(403);
    const own = await system.fetch('/communes/92012', {}, referent);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('issue 18 (found by the HTTP fuzz suite): a page’s ?csv= naming an object’s own property is 404, not 500', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect([name, (await system.fetch(`/?csv=${name}`)).status]).toEqual([name, 404]);
    }
  });
});
