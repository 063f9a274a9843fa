/**
 * `npm start`: the whole system on one machine. Uses DATABASE_URL / NATS_URL when set, else
 * 127.0.0.1:5432 and :4222, starting private servers under .data/ when nothing answers there;
 * creates the database, then runs every service (each migrates and seeds what it owns).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createDatabase, ensureDatabaseRoles, serviceDatabaseUrl } from '@digit/runtime';
import { answers, startPrivateNats, startPrivatePostgres } from './local-servers.js';

const root = new URL('../../..', import.meta.url).pathname;
const dataDir = join(root, '.data');
const SERVICES = ['conventions', 'billing', 'data-exchange', 'support', 'privacy', 'gateway'];

const log = (line: string) => console.log(`[start] ${line}`);

const ensureServers = async (): Promise<{ databaseUrl: string; natsUrl: string }> => {
  if (!process.env.DATABASE_URL && !(await answers('127.0.0.1', 5432))) {
    log('nothing answers on 127.0.0.1:5432: starting a private PostgreSQL in .data/postgres');
    await startPrivatePostgres(dataDir, 5432);
  }
  if (!process.env.NATS_URL && !(await answers('127.0.0.1', 4222))) {
    log('nothing answers on 127.0.0.1:4222: starting a private NATS (JetStream) in .data/nats');
    await startPrivateNats(dataDir, 4222);
  }
  return {
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/digit',
    natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  };
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
const serviceDatabaseUrls = async (databaseUrl: string): Promise<(service: string) => string> => {
  if (process.env.DATABASE_URL) return () => databaseUrl;
  const admin = createDatabase(databaseUrl);
  try {
    const roles = await ensureDatabaseRoles(admin);
    return (service) => serviceDatabaseUrl(databaseUrl, roles.services[service] ?? roles.auditor);
  } finally {
    await admin.destroy();
  }
};

/** The V8 flags of every service process: why in the file. */
const nodeFlags = (JSON.parse(readFileSync(join(root, 'infra', 'node', 'service-node-flags.json'), 'utf8')) as { flags: string[] }).flags;

const run = (service: string, env: NodeJS.ProcessEnv): ChildProcess => {
  const child = spawn(process.execPath, [...nodeFlags, '--enable-source-maps', join(root, 'services', service, 'dist', 'main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).map((line) => `[${service}] ${line}`).join('\n');
  child.stdout?.on('data', (chunk: Buffer) => console.log(prefix(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => console.error(prefix(chunk)));
  return child;
};

const main = async (): Promise<void> => {
  const { databaseUrl, natsUrl } = await ensureServers();
  await ensureDatabase(databaseUrl);
  const databaseUrlOf = await serviceDatabaseUrls(databaseUrl);
  const port = Number(process.env.PORT ?? 3000);
  const env = { ...process.env, DATABASE_URL: databaseUrl, NATS_URL: natsUrl, PORT: String(port) };
  const children = SERVICES.filter((service) => existsSync(join(root, 'services', service, 'dist', 'main.js'))).map((service) => ({
    service,
    child: run(service, { ...env, DATABASE_URL: databaseUrlOf(service) }),
  }));
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const { child } of children) child.kill('SIGTERM');
    setTimeout(() => process.exit(code), 3000).unref();
  };
  for (const { service, child } of children) {
    child.on('exit', (code) => {
      if (!stopping) {
        log(`${service} stopped (exit ${code}); stopping the others`);
        stop(1);
      }
    });
  }
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  const api = `http://127.0.0.1:${port}/api/v1`;
  for (let i = 0; i < 240 && !stopping; i++) {
    const ready = await fetch(`${api}/towns`).then((response) => response.ok).catch(() => false);
    if (ready) {
      log(`ready: ${api}/towns  (dashboard: http://127.0.0.1:${port}/)`);
      return;
    }
    await sleep(250);
  }
  if (!stopping) log(`the API did not answer on ${api}/towns within a minute; see the logs above`);
};

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
