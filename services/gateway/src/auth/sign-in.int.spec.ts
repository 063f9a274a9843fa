/**
 * The embedded issuer and the dashboard's sign-in, on a real gateway (CONTRACT.md "Who is calling
 * (v1.1)", R-SEC-1, R-SEC-5): a browser walked with plain HTTP through oidc-provider's pages,
 * sessions, CSRF, one-time links, tokens and the issuer's files.
 */
import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { INestApplication } from '@nestjs/common';
import { AccountStore, generatePassword, loadIssuerSecrets, LoginLinks, readIssuerInfo, signAccessToken } from '@digit/identity';
import { openServiceInfra, type ServiceInfra } from '@digit/runtime';
import { createTestDatabase, createTestNats, freePort, TestBrowser, type TestDatabase, type TestNats, type TestPage } from '@digit/testing';
import { startGateway } from '../gateway.app.js';

let database: TestDatabase;
let nats: TestNats;
let infra: ServiceInfra;
let app: INestApplication;
let dataDir: string;
let base: string;
let accounts: AccountStore;
const password = generatePassword();

beforeAll(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  infra = await openServiceInfra(
    { databaseUrl: database.url, natsUrl: nats.url, natsNamespace: nats.namespace, schemaPrefix: database.prefix, port: 0 },
    'gateway',
  );
  dataDir = mkdtempSync(join(tmpdir(), 'digit-identity-'));
  const port = await freePort();
  app = await startGateway(infra, { port, identity: { embedded: { dataDir, audience: 'digit-api' } } });
  base = `http://127.0.0.1:${port}`;
  accounts = new AccountStore(infra.db, infra.schema('identity'));
  for (const login of ['camille.ops', 'lou.ops', 'sam.ops']) await accounts.add({ sub: login, role: 'ops' }, password);
  await accounts.add({ sub: 'dominique.dpo', role: 'town-dpo', insee: '92012' }, password, 'Dominique Martin');
});

afterAll(async () => {
  await app?.close();
  await infra?.close();
  await nats?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const signInPage = (browser: TestBrowser, returnTo?: string): Promise<TestPage> =>
  browser.open(`${base}/auth/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`);

const signIn = async (browser: TestBrowser, login: string, secret: string, returnTo?: string): Promise<TestPage> =>
  browser.submit(browser.form(await signInPage(browser, returnTo)), { login, password: secret });

const sessionOf = async (browser: TestBrowser) => (await browser.open(`${base}/auth/session`)).body;

const identityRows = async (table: string, where = sql`true`) =>
  (await sql`select * from ${sql.table(`${infra.schema('identity')}.${table}`)} where ${where}`.execute(infra.db)).rows;

describe('the embedded issuer (CONTRACT.md v1.1: OIDC_ISSUER unset)', () => {
  it('publishes its discovery document at <gateway>/oidc and only public keys in its JWKS', async () => {
    const discovery = (await (await fetch(`${base}/oidc/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: `${base}/oidc`,
      authorization_endpoint: `${base}/oidc/auth`,
      token_endpoint: `${base}/oidc/token`,
    });
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
  });

  it('R-SEC-5: keeps its signing and cookie keys in DIGIT_DATA_DIR, readable by its owner only, and says where it answers', async () => {
    expect(statSync(join(dataDir, 'identity', 'issuer-secrets.json')).mode & 0o777).toBe(0o600);
    expect(readIssuerInfo(dataDir)).toEqual({ issuer: `${base}/oidc`, audience: 'digit-api', publicUrl: base });
  });

  it('CONTRACT v1.1: issues JWT access tokens shaped as production ones (iss, aud, sub, roles, insee, exp), PKCE required', async () => {
    const browser = new TestBrowser();
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${base}/oidc/auth`);
    authorize.search = new URLSearchParams({
      client_id: 'digit-dashboard',
      response_type: 'code',
      redirect_uri: `${base}/auth/callback`,
      scope: 'openid api',
      state: 'test-state',
      nonce: 'test-nonce',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const form = await browser.open(authorize.href);
    const callback = await browser.submit(
      browser.form(form),
      { login: 'dominique.dpo', password },
      { stopAt: (url) => url.startsWith(`${base}/auth/callback`) },
    );
    const code = new URL(callback.url).searchParams.get('code')!;
    const exchange = (body: Record<string, string>) =>
      fetch(`${base}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
    const common = { grant_type: 'authorization_code', code, redirect_uri: `${base}/auth/callback`, client_id: 'digit-dashboard' };
    expect((await exchange(common)).status).toBe(400);
    const tokens = (await (await exchange({ ...common, code_verifier: verifier })).json()) as { access_token: string };
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({ iss: `${base}/oidc`, aud: 'digit-api', sub: 'dominique.dpo', roles: ['town-dpo'], insee: '92012' });
    expect(claims.exp! - claims.iat!).toBe(600);
  });
});

describe('dashboard sign-in (CONTRACT.md v1.1: authorization code with PKCE, server-side session)', () => {
  it('shows a French, accessible sign-in form: lang, labels tied to fields, autocomplete', async () => {
    const page = await signInPage(new TestBrowser());
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="fr">');
    expect(page.body).toMatch(/<label for="login">Identifiant<\/label>\s*<input id="login" name="login"[^>]*autocomplete="username"/);
    expect(page.body).toMatch(
      /<label for="password">Mot de passe<\/label>\s*<input id="password" name="password" type="password" autocomplete="current-password"/,
    );
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('signs an ops person in: a session cookie HttpOnly, SameSite=Lax, not Secure on loopback, expiring; back to the page asked for', async () => {
    const browser = new TestBrowser();
    const page = await signIn(browser, 'camille.ops', password, '/api/v1/ops/dead-letters');
    expect(page.url).toBe(`${base}/api/v1/ops/dead-letters`);
    expect(page.status).toBe(200);
    const cookie = browser.setCookieLines.find((line) => line.startsWith('digit_session='))!;
    expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    expect(JSON.parse(await sessionOf(browser))).toMatchObject({ sub: 'camille.ops', roles: ['ops'] });
  });

  it('R-SEC-1: the session holds only a hash of the cookie, with the roles and town the token gave', async () => {
    const browser = new TestBrowser();
    await signIn(browser, 'dominique.dpo', password);
    const cookie = browser.cookie(base, 'digit_session')!;
    const rows = await identityRows('sessions', sql`sub = 'dominique.dpo'`);
    expect(rows).toEqual([
      expect.objectContaining({ id_hash: createHash('sha256').update(cookie).digest('hex'), roles: ['town-dpo'], insee: '92012' }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(cookie);
  });

  it('R-SEC-2: a session gives the same rights as a token: a town DPD gets 403 on an ops route', async () => {
    const browser = new TestBrowser();
    await signIn(browser, 'dominique.dpo', password);
    const response = await browser.request(`${base}/api/v1/ops/dead-letters`);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'forbidden' });
  });

  it('refuses a wrong password with an announced error tied to the fields, and signs nobody in', async () => {
    const browser = new TestBrowser();
    const page = await signIn(browser, 'lou.ops', 'not the password');
    expect(page.status).toBe(401);
    expect(page.body).toContain('role="alert"');
    expect(page.body).toContain('Identifiant ou mot de passe incorrect.');
    expect(page.body).toMatch(/id="password"[^>]*aria-invalid="true" aria-describedby="erreur"/);
    expect((await browser.request(`${base}/auth/session`)).status).toBe(401);
  });

  it('issue 12: rate-limits sign-in: after 5 failures on a login, even the right password gets 429 without being checked', async () => {
    const browser = new TestBrowser();
    for (let attempt = 0; attempt < 5; attempt++) expect((await signIn(browser, 'sam.ops', `wrong-${attempt}`)).status).toBe(401);
    const blocked = await signIn(browser, 'sam.ops', password);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(blocked.body).toContain('Trop de tentatives de connexion');
    expect((await browser.request(`${base}/auth/session`)).status).toBe(401);
  });

  it('refuses a callback whose state this browser was not given (a sign-in link forged by someone else)', async () => {
    const victim = new TestBrowser();
    const attacker = new TestBrowser();
    const form = await signInPage(attacker);
    const callback = await attacker.submit(
      attacker.form(form),
      { login: 'lou.ops', password },
      { stopAt: (url) => url.startsWith(`${base}/auth/callback`) },
    );
    const page = await victim.open(callback.url);
    expect(page.status).toBe(400);
    expect(victim.cookie(base, 'digit_session')).toBeUndefined();
  });

  it('never sends the browser elsewhere after sign-in: returnTo must be a path of this site', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const page = await signIn(new TestBrowser(), 'lou.ops', password, returnTo);
      expect(page.url).toBe(`${base}/`);
    }
  });
});

describe('CSRF with a cookie session (CONTRACT.md v1.1)', () => {
  it('refuses a state-changing request made with the cookie but without the session’s X-CSRF-Token, and lets it through with it', async () => {
    const browser = new TestBrowser();
    await signIn(browser, 'camille.ops', password);
    const { csrfToken } = JSON.parse(await sessionOf(browser)) as { csrfToken: string };
    const terminate = (headers: Record<string, string>) =>
      browser.request(`${base}/api/v1/conventions/92040/terminations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ requestedBy: 'town', noticeDate: '2026-01-05' }),
      });
    const before = await infra.store.headPosition();
    const refused = await terminate({});
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'csrf_token_invalid' });
    expect((await terminate({ 'x-csrf-token': 'guessed' })).status).toBe(403);
    expect(await infra.store.headPosition()).toBe(before);
    // Past the guard: the conventions service is not running in this test, so the gateway answers 503.
    expect((await terminate({ 'x-csrf-token': csrfToken })).status).toBe(503);
  });
});

describe('sign-out', () => {
  it('ends the session and the issuer’s: the old cookie no longer works, the next sign-in asks for the password again', async () => {
    const browser = new TestBrowser();
    await signIn(browser, 'lou.ops', password);
    const cookie = browser.cookie(base, 'digit_session')!;
    const confirm = await browser.open(`${base}/auth/logout`);
    const issuerPage = await browser.submit(browser.form(confirm), {}, { headers: { origin: base } });
    expect(issuerPage.body).toContain('Se déconnecter de DIGIT ?');
    const done = await browser.submit(browser.form(issuerPage), { logout: 'yes' });
    expect(done.url).toBe(`${base}/auth/logged-out`);
    expect(done.body).toContain('Vous êtes déconnecté de DIGIT.');
    expect((await fetch(`${base}/api/v1/ops/dead-letters`, { headers: { cookie: `digit_session=${cookie}` } })).status).toBe(401);
    expect((await browser.open(`${base}/auth/login`)).body).toContain('<input id="password"');
  });

  it('refuses a sign-out posted without the session’s token', async () => {
    const browser = new TestBrowser();
    await signIn(browser, 'lou.ops', password);
    const page = await browser.open(`${base}/auth/logout`, { method: 'POST' });
    expect(page.status).toBe(403);
    expect((await browser.request(`${base}/auth/session`)).status).toBe(200);
  });

  it('R-SEC-1: disabling an account ends its sessions and refuses its password', async () => {
    await accounts.add({ sub: 'alex.finance', role: 'finance' }, password);
    const browser = new TestBrowser();
    await signIn(browser, 'alex.finance', password);
    expect(await accounts.disable('alex.finance')).toBe(true);
    expect((await browser.request(`${base}/auth/session`)).status).toBe(401);
    expect((await signIn(new TestBrowser(), 'alex.finance', password)).status).toBe(401);
  });
});

describe('one-time sign-in links (CONTRACT.md v1.1: admin login-link)', () => {
  const links = () => new LoginLinks(infra.db, infra.schema('identity'));

  it('signs a browser in as the person named, once: a scanner’s GET does not use it, a second use is refused', async () => {
    const token = await links().create({ sub: 'claude.referent', role: 'town-referent', insee: '92040' });
    const browser = new TestBrowser();
    const confirm = await browser.open(`${base}/auth/link/${token}`);
    expect(confirm.status).toBe(200);
    expect((await browser.open(`${base}/auth/link/${token}`)).status).toBe(200);
    await browser.submit(browser.form(confirm), {}, { headers: { origin: base } });
    expect(JSON.parse(await sessionOf(browser))).toMatchObject({ sub: 'claude.referent', roles: ['town-referent'], insee: '92040' });
    const again = new TestBrowser();
    expect((await again.open(`${base}/auth/link/${token}`)).status).toBe(410);
    expect((await again.open(`${base}/auth/link/${token}`, { method: 'POST' })).status).toBe(410);
    expect(again.cookie(base, 'digit_session')).toBeUndefined();
  });

  it('refuses an expired link', async () => {
    const token = await links().create({ sub: 'x.ops', role: 'ops' }, 0);
    const browser = new TestBrowser();
    expect((await browser.open(`${base}/auth/link/${token}`, { method: 'POST' })).status).toBe(410);
    expect(browser.cookie(base, 'digit_session')).toBeUndefined();
  });

  it('refuses a link posted from another site (login CSRF) without using it up', async () => {
    const token = await links().create({ sub: 'y.ops', role: 'ops' });
    const browser = new TestBrowser();
    expect((await browser.open(`${base}/auth/link/${token}`, { method: 'POST', headers: { origin: 'https://evil.example' } })).status).toBe(
      403,
    );
    expect((await browser.open(`${base}/auth/link/${token}`)).status).toBe(200);
  });
});

describe('one verification path for every token (CONTRACT.md v1.1)', () => {
  it('accepts an access token signed with the issuer’s key for the running system (admin token), and refuses it for another audience', async () => {
    const info = readIssuerInfo(dataDir)!;
    const secrets = await loadIssuerSecrets(dataDir);
    const token = await signAccessToken(info, secrets, { sub: 'machine.ops', role: 'ops' });
    expect((await fetch(`${base}/api/v1/ops/dead-letters`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const foreign = await signAccessToken({ ...info, audience: 'another-api' }, secrets, { sub: 'machine.ops', role: 'ops' });
    expect((await fetch(`${base}/api/v1/ops/dead-letters`, { headers: { authorization: `Bearer ${foreign}` } })).status).toBe(401);
  });
});
