/**
 * `npm start`: the whole system on one machine. PostgreSQL: DATABASE_URL, else 127.0.0.1:5432,
 * else a private server under DIGIT_DATA_DIR. NATS: NATS_URL (the operator's server, with
 * authorization as infra/nats says), else always its own nats-server with the project's
 * authorization generated under DIGIT_DATA_DIR. Then every service, each supervised, in as many
 * copies as DIGIT_COPIES / DIGIT_COPIES_<SERVICE> say: a copy that dies is restarted, the others
 * keep running. Without DATABASE_URL, each service connects as
 * its own database role (ensureDatabaseRoles).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { natsPaths, readNatsState, SERVICE_USERS, startAuthorizedNats, type AuthorizedNats, type ServiceUser } from '@digit/identity';
import { createDatabase, dataDirectory, ensureDatabaseRoles, schemaName, serviceDatabaseUrl, writeRunningSystem } from '@digit/runtime';
import { freePort } from '@digit/testing';
import { answers, startPrivatePostgres } from './local-servers.js';
import { copiesOf, copyName } from './copies.js';
import { supervise, type Supervisor } from './supervisor.js';

const root = new URL('../../..', import.meta.url).pathname;
const dataDir = dataDirectory();

const log = (line: string) => console.log(`[start] ${line}`);

const ensurePostgres = async (): Promise<string> => {
  if (!process.env.DATABASE_URL && !(await answers('127.0.0.1', 5432))) {
    log(`nothing answers on 127.0.0.1:5432: starting a private PostgreSQL in ${join(dataDir, 'postgres')}`);
    await startPrivatePostgres(dataDir, 5432);
  }
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/digit';
};

const ensureDatabase = async (databaseUrl: string): Promise<void> => {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1)) || 'postgres';
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      log(`creating database ${name}`);
      await client.query(`create database "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
};

/**
 * Least privilege (issue 18): on the embedded default (no DATABASE_URL: the machine's PostgreSQL,
 * trust authentication), each service connects as its own role, which may append to and read the
 * events table but never rewrite it; the event store is migrated by its owner role first. With
 * DATABASE_URL set, the operator runs ensureDatabaseRoles and gives each service its own URL.
 */
const serviceDatabaseUrls = async (databaseUrl: string): Promise<(service: ServiceUser) => string> => {
  if (process.env.DATABASE_URL) return () => databaseUrl;
  const admin = createDatabase(databaseUrl);
  try {
    const roles = await ensureDatabaseRoles(admin);
    return (service) => {
      const role = roles.services[service];
      if (!role) throw new Error(`no database role for ${service}: add it to SERVICE_SCHEMAS (libs/runtime database-roles.ts)`);
      return serviceDatabaseUrl(databaseUrl, role);
    };
  } finally {
    await admin.destroy();
  }
};

/** A service's NATS_URL: its own user on our server; with NATS_URL set, `NATS_URL_<SERVICE>` (e.g. NATS_URL_DATA_EXCHANGE) else NATS_URL. */
const natsUrlOf = (service: ServiceUser, nats: AuthorizedNats | undefined): string =>
  nats?.serviceUrl(service) ?? process.env[`NATS_URL_${service.toUpperCase().replace(/-/g, '_')}`] ?? process.env.NATS_URL!;

/** The V8 flags of every service process: why in the file. */
const nodeFlags = (JSON.parse(readFileSync(join(root, 'infra', 'node', 'service-node-flags.json'), 'utf8')) as { flags: string[] }).flags;

const run = (service: string, env: NodeJS.ProcessEnv, label = service): ChildProcess => {
  const child = spawn(process.execPath, [...nodeFlags, '--enable-source-maps', join(root, 'services', service, 'dist', 'main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((line) => `[${label}] ${line}`)
      .join('\n');
  child.stdout?.on('data', (chunk: Buffer) => console.log(prefix(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => console.error(prefix(chunk)));
  return child;
};

/** Until every service answers the health route (or a couple of minutes pass). */
const waitUntilHealthy = async (api: string): Promise<boolean> => {
  for (let i = 0; i < 480; i++) {
    const status = await fetch(`${api}/health`)
      .then((response) => (response.ok ? (response.json() as Promise<{ status: string }>) : undefined))
      .then((body) => body?.status)
      .catch(() => undefined);
    if (status === 'ok') return true;
    await sleep(250);
  }
  return false;
};

/** How to sign the first ops person in, while no account exists (no password is ever printed here). */
const firstSignInHint = async (databaseUrl: string): Promise<void> => {
  if (process.env.OIDC_ISSUER) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = `"${schemaName({ schemaPrefix: process.env.DIGIT_SCHEMA_PREFIX ?? '' }, 'identity')}".accounts`;
    const { rows } = await client.query<{ count: string }>(`select count(*) as count from ${table} where disabled_at is null`);
    if (Number(rows[0]?.count) > 0) return;
  } finally {
    await client.end();
  }
  log(
    "première connexion : aucun compte n'existe encore. Créez le premier compte d'exploitation (le mot de passe s'affiche une seule fois) :",
  );
  log('    npm run -s admin -- user add <identifiant> --role ops');
  log('  ou ouvrez le lien de connexion à usage unique que donne :');
  log('    npm run -s admin -- login-link --role ops --sub <identifiant>');
  log('first sign-in: no account yet; create the first ops account with `npm run -s admin -- user add <login> --role ops`.');
};

/** NATS_PORT, else the port of the last run while it is free (the towns' URLs keep working), else a free one. */
const natsPort = async (host: string): Promise<number> => {
  if (process.env.NATS_PORT) return Number(process.env.NATS_PORT);
  const previous = readNatsState(natsPaths(dataDir))?.port;
  return previous && !(await answers(host, previous)) ? previous : freePort();
};

const main = async (): Promise<void> => {
  const databaseUrl = await ensurePostgres();
  await ensureDatabase(databaseUrl);
  // The admin CLI administers with the administrator's connection, never a service's role.
  writeRunningSystem(dataDir, { databaseUrl });
  const databaseUrlOf = await serviceDatabaseUrls(databaseUrl);
  const natsHost = process.env.NATS_HOST ?? '127.0.0.1';
  const nats = process.env.NATS_URL ? undefined : await startAuthorizedNats({ dataDir, host: natsHost, port: await natsPort(natsHost) });
  if (nats)
    log(`NATS privé, avec autorisation par utilisateur / private NATS with per-user authorization: nats://${nats.host}:${nats.port}`);
  const port = Number(process.env.PORT ?? 3000);
  const services = SERVICE_USERS.filter((service) => existsSync(join(root, 'services', service, 'dist', 'main.js')));
  const supervisor: Supervisor = supervise(
    services.flatMap((service) => {
      const copies = copiesOf(service);
      // The gateway's copies listen on one port, the kernel sharing the connections out.
      const shared = service === 'gateway' && copies > 1 ? { DIGIT_REUSE_PORT: '1' } : {};
      return Array.from({ length: copies }, (_, index) => ({
        name: copyName(service, index),
        start: () => {
          const env = {
            ...process.env,
            ...shared,
            DATABASE_URL: databaseUrlOf(service),
            NATS_URL: natsUrlOf(service, nats),
            PORT: String(port),
            DIGIT_DATA_DIR: dataDir,
          };
          const child = run(service, env, copyName(service, index));
          log(`${copyName(service, index)} démarré / started (pid ${child.pid})`);
          return child;
        },
      }));
    }),
    { log },
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await supervisor.stop();
    await nats?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  const host = process.env.HOST ?? '127.0.0.1';
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  if (!(await waitUntilHealthy(`${origin}/api/v1`))) {
    if (!stopping) log(`not every service answers ${origin}/api/v1/health after two minutes; see the logs above`);
    return;
  }
  log(
    `prêt / ready: ${origin}/api/v1 — tableau de bord / dashboard ${origin}/ (connexion / sign-in: ${origin}/auth/login)${nats ? ` — NATS nats://${nats.host}:${nats.port}` : ''}`,
  );
  await firstSignInHint(databaseUrl);
};

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
