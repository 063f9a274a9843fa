/**
 * `npm start` end to end, as a new user runs it (issue 12 "Done when", issue 18 "Supervision",
 * CONTRACT.md "Who is calling (v1.1)"): its own authorized NATS server, the six services
 * supervised, the admin CLI (accounts, tokens, one-time links, towns' NATS credentials), a
 * sign-in through the embedded issuer's page, the town DSI script with the credentials it was
 * given, a service killed and restarted, and no secret in any log line. A database and a data
 * directory of its own; every process it starts is stopped at the end.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort, testDatabaseUrl, TestBrowser } from '@digit/testing';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

const dataDir = mkdtempSync(join(tmpdir(), 'digit-npm-start-'));
const databaseName = `digit_t${randomBytes(4).toString('hex')}`;
const databaseUrl = (() => {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const kek = randomBytes(32).toString('base64');
/** Every secret the run used or made: none may appear in any log line. */
const secrets = new Map<string, string>([['DIGIT_PERSONAL_DATA_KEK', kek]]);

let port: number;
let natsPort: number;
let start: ChildProcess;
let log = '';

const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, DIGIT_DATA_DIR: dataDir };
  for (const name of ['NATS_URL', 'OIDC_ISSUER', 'HOST', 'DIGIT_NATS_NAMESPACE', 'DIGIT_SCHEMA_PREFIX', 'DATABASE_URL']) delete env[name];
  return env;
};

/** `npm run -s admin -- …` as a person runs it here (the database found from what npm start recorded). */
const admin = async (...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> => {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'tools/admin/dist/main.js'), ...args], {
      env: baseEnv(),
      cwd: root,
    });
    log += stderr;
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    log += failed.stderr;
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
};

const api = (path: string) => `http://127.0.0.1:${port}${path}`;

const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> => {
  for (const deadline = Date.now() + timeoutMs; !(await condition()); await sleep(100)) {
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms; npm start said:\n${log.slice(-4000)}`);
  }
};

const pidOf = (service: string): number => {
  const matches = [...log.matchAll(new RegExp(`\\[start\\] ${service} démarré / started \\(pid (\\d+)\\)`, 'g'))];
  return Number(matches.at(-1)?.[1]);
};

const health = async () =>
  (await (await fetch(api('/api/v1/health'))).json()) as { status: string; services: { name: string; status: string }[] };

beforeAll(async () => {
  port = await freePort();
  natsPort = await freePort();
  start = spawn(process.execPath, [join(root, 'tools/start/dist/main.js')], {
    env: { ...baseEnv(), DATABASE_URL: databaseUrl, PORT: String(port), NATS_PORT: String(natsPort), DIGIT_PERSONAL_DATA_KEK: kek },
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  start.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  start.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await waitFor(() => log.includes('[start] prêt / ready'), 150_000, 'the ready line');
  await waitFor(() => log.includes('first sign-in'), 10_000, 'the first sign-in hint');
}, 180_000);

afterAll(async () => {
  if (start && start.exitCode === null) {
    const exited = new Promise((resolve) => start.once('exit', resolve));
    start.kill('SIGTERM');
    await exited;
  }
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`drop database if exists "${databaseName}" with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('npm start with its defaults (CONTRACT.md v1.1, issue 12)', () => {
  it('runs its own NATS server on NATS_PORT, says so in its ready line, and tells how to sign the first ops person in', () => {
    expect(log).toContain(`NATS nats://127.0.0.1:${natsPort}`);
    expect(log).toContain('npm run -s admin -- user add <identifiant> --role ops');
    expect(log).toContain('npm run -s admin -- login-link --role ops --sub <identifiant>');
  });

  it('R-SEC-3: its NATS server lets no one in without credentials', async () => {
    await expect(connect({ servers: `127.0.0.1:${natsPort}`, reconnect: false })).rejects.toThrow(/Authorization Violation/);
  });

  it('R-SEC-1: the API refuses a call without a token', async () => {
    expect((await fetch(api('/api/v1/towns'))).status).toBe(401);
  });

  it.each([
    [['token', '--role', 'admin'], /Rôle inconnu « admin »/],
    [['token', '--role', 'town-dsi'], /limité à une commune : précisez --insee/],
    [['token', '--role', 'ops', '--insee', '92012'], /vaut pour toutes les communes : retirez --insee/],
    [['token', '--role', 'auditor', '--insee', '92012'], /vaut pour toutes les communes/],
    [['login-link', '--role', 'town-dpo', '--insee', '99999'], /Commune inconnue « 99999 »/],
    [['town-credentials', '75056'], /Commune inconnue « 75056 »/],
    [['user', 'add', 'x.y', '--role', 'finance', '--insee', '92040'], /retirez --insee/],
  ])('the admin CLI refuses %j in French, printing nothing on stdout', async (args, message) => {
    const result = await admin(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('CONTRACT v1.1: `admin token` prints one access token alone on stdout; with it /api/v1/towns answers, a town role sees only its town', async () => {
    const ops = await admin('token', '--role', 'ops');
    expect(ops.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    secrets.set('ops token', ops.stdout.trim());
    const towns = await fetch(api('/api/v1/towns'), { headers: { authorization: `Bearer ${ops.stdout.trim()}` } });
    expect(towns.status).toBe(200);
    expect(((await towns.json()) as unknown[]).length).toBe(8);
    const dpo = (await admin('token', '--role', 'town-dpo', '--insee', '92040', '--sub', 'dpo.issy')).stdout.trim();
    secrets.set('dpo token', dpo);
    const own = (await (await fetch(api('/api/v1/towns'), { headers: { authorization: `Bearer ${dpo}` } })).json()) as { insee: string }[];
    expect(own.map((town) => town.insee)).toEqual(['92040']);
  });

  it('`admin user add` generates a password shown once; the person signs in on the French page and the session calls the API', async () => {
    const added = await admin('user', 'add', 'camille.martin', '--role', 'ops', '--name', 'Camille Martin');
    expect(added.code).toBe(0);
    expect(added.stderr).toContain('Compte créé : camille.martin');
    const password = added.stdout.trim();
    secrets.set('account password', password);
    const browser = new TestBrowser();
    const form = await browser.open(api('/auth/login'));
    expect(form.body).toContain('<html lang="fr">');
    const signedIn = await browser.submit(browser.form(form), { login: 'camille.martin', password });
    expect(signedIn.url).toBe(api('/'));
    secrets.set('session cookie', browser.cookie(api('/'), 'digit_session')!);
    expect((await browser.request(api('/api/v1/towns'))).status).toBe(200);
    expect((await admin('user', 'list')).stdout).toMatch(
      /^camille\.martin\texploitation DIGIT\tCamille Martin\tcréé le \d{2}\/\d{2}\/\d{4}\tactif$/m,
    );
    expect((await admin('user', 'add', 'camille.martin', '--role', 'ops')).code).toBe(1);
  });

  it('`admin login-link` prints a one-time URL that signs a browser in once', async () => {
    const link = (await admin('login-link', '--role', 'town-referent', '--insee', '92012', '--sub', 'ref.boulogne')).stdout.trim();
    expect(link).toMatch(new RegExp(`^${api('/auth/link/')}[\\w-]+$`));
    secrets.set('login link', link.split('/').at(-1)!);
    const browser = new TestBrowser();
    await browser.submit(browser.form(await browser.open(link)), {}, { headers: { origin: api('') } });
    const session = (await (await browser.request(api('/auth/session'))).json()) as { sub: string; insee: string };
    expect(session).toMatchObject({ sub: 'ref.boulogne', insee: '92012' });
    expect((await new TestBrowser().open(link)).status).toBe(410);
  });
});

describe("a town's DSI on npm start's NATS (CONTRACT.md v1.1, R-DX-3, R-SEC-3)", () => {
  let first: string;

  it('`admin town-credentials` prints the URL last; `npm run town-dsi` works with it; publishing for another town is refused', async () => {
    const issued = await admin('town-credentials', '92012');
    expect(issued.code).toBe(0);
    first = issued.stdout.trim().split('\n').at(-1)!;
    expect(first).toMatch(new RegExp(`^nats://town-92012:[\\w-]+@127\\.0\\.0\\.1:${natsPort}$`));
    secrets.set('town password', decodeURIComponent(new URL(first).password));
    const dsi = await run(process.execPath, [join(root, 'tools/town-dsi/dist/main.js'), '92012'], {
      env: { ...baseEnv(), NATS_URL: first },
      cwd: root,
    });
    log += dsi.stderr;
    expect(dsi.stdout).toContain('every outcome as expected');
    const url = new URL(first);
    const nc = await connect({
      servers: url.host,
      user: url.username,
      pass: decodeURIComponent(url.password),
      inboxPrefix: '_INBOX_92012',
      reconnect: false,
    });
    try {
      await expect(jetstream(nc).publish('digit.towns.92040.voirie.orders', '{}', { timeout: 2000 })).rejects.toThrow(
        /Permissions Violation/,
      );
    } finally {
      await nc.close();
    }
  }, 90_000);

  it('issuing new credentials revokes the old ones at once, even an open connection', async () => {
    const old = new URL(first);
    const open = await connect({
      servers: old.host,
      user: old.username,
      pass: decodeURIComponent(old.password),
      inboxPrefix: '_INBOX_92012',
      reconnect: false,
    });
    const closed = open.closed();
    const next = new URL((await admin('town-credentials', '92012')).stdout.trim().split('\n').at(-1)!);
    secrets.set('rotated town password', decodeURIComponent(next.password));
    await expect(closed).resolves.toBeDefined();
    await expect(
      connect({ servers: old.host, user: old.username, pass: decodeURIComponent(old.password), reconnect: false }),
    ).rejects.toThrow(/Authorization Violation/);
    const fresh = await connect({
      servers: next.host,
      user: next.username,
      pass: decodeURIComponent(next.password),
      inboxPrefix: '_INBOX_92012',
    });
    await fresh.close();
  });
});

describe('supervision (issue 18)', () => {
  it('a killed service is restarted; meanwhile health says degraded and the others answer; then health is ok again', async () => {
    const token = (await admin('token', '--role', 'ops')).stdout.trim();
    const billing = pidOf('billing');
    process.kill(billing, 'SIGKILL');
    await waitFor(async () => (await health()).status === 'degraded', 5_000, 'health degraded');
    expect((await health()).services).toContainEqual({ name: 'billing', status: 'unavailable' });
    expect((await fetch(api('/api/v1/towns'), { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await waitFor(() => log.includes("billing s'est arrêté (signal SIGKILL) ; redémarrage dans"), 5_000, 'the restart line');
    await waitFor(async () => (await health()).status === 'ok', 60_000, 'health ok again');
    expect(pidOf('billing')).not.toBe(billing);
    expect(log).toMatch(/billing redémarré \(pid \d+\) \/ billing restarted/);
  }, 90_000);
});

describe('no secret in any log line (R-SEC-5)', () => {
  it('never logs a password, token, cookie, link, NATS password, the KEK or the signing keys', () => {
    const gatewayEnv = readFileSync(`/proc/${pidOf('gateway')}/environ`, 'utf8').split('\0');
    const gatewayNats = new URL(gatewayEnv.find((entry) => entry.startsWith('NATS_URL='))!.slice('NATS_URL='.length));
    secrets.set('gateway NATS password', decodeURIComponent(gatewayNats.password));
    const issuer = JSON.parse(readFileSync(join(dataDir, 'identity', 'issuer-secrets.json'), 'utf8')) as {
      signingKeys: Record<string, string>[];
      cookieKeys: string[];
    };
    for (const [index, key] of issuer.signingKeys.entries())
      for (const part of ['d', 'p', 'q', 'dp', 'dq', 'qi']) secrets.set(`signing key ${index}.${part}`, key[part]!);
    issuer.cookieKeys.forEach((key, index) => secrets.set(`cookie key ${index}`, key));
    expect(secrets.size).toBeGreaterThan(15);
    const leaked = [...secrets].filter(([, value]) => value && log.includes(value)).map(([name]) => name);
    expect(leaked).toEqual([]);
    expect(log.split('\n').length).toBeGreaterThan(20);
  });
});

describe('stopping (issue 18)', () => {
  it('stops every service and its NATS server on SIGTERM', async () => {
    const pids = ['conventions', 'billing', 'data-exchange', 'support', 'privacy', 'gateway'].map(pidOf);
    const natsPid = Number(readFileSync(join(dataDir, 'nats', 'nats-server.pid'), 'utf8'));
    const exited = new Promise((resolve) => start.once('exit', resolve));
    start.kill('SIGTERM');
    await exited;
    const alive = (pid: number) => {
      try {
        return process.kill(pid, 0);
      } catch {
        return false;
      }
    };
    expect([...pids, natsPid].filter(alive)).toEqual([]);
  }, 60_000);
});
