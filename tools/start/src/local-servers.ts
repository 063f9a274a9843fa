import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, chownSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const answers = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 1000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

const waitUntilAnswering = async (host: string, port: number, what: string, seconds = 30): Promise<void> => {
  for (let i = 0; i < seconds * 4; i++) {
    if (await answers(host, port)) return;
    await sleep(250);
  }
  throw new Error(`${what} does not answer on ${host}:${port}`);
};

const onPath = (binary: string): string | undefined => {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).stdout.trim();
  return found || undefined;
};

/** Debian keeps PostgreSQL's server binaries off the PATH, under /usr/lib/postgresql/<version>/bin. */
const postgresBinary = (name: string): string | undefined => {
  const direct = onPath(name);
  if (direct) return direct;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  return versions.map((version) => join(base, version, 'bin', name)).find((path) => existsSync(path));
};

/** PostgreSQL refuses to run as root: when we are root, the private instance runs as `postgres`. */
const asServerUser = (command: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

export const startPrivatePostgres = async (dataDir: string, port: number): Promise<void> => {
  const initdb = postgresBinary('initdb');
  const pgCtl = postgresBinary('pg_ctl');
  if (!initdb || !pgCtl) {
    throw new Error('PostgreSQL is not installed: `apt-get install postgresql` (or set DATABASE_URL to a running server).');
  }
  const cluster = join(dataDir, 'postgres');
  mkdirSync(cluster, { recursive: true });
  if (process.getuid?.() === 0) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const groups = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dataDir, Number(ids.stdout), Number(groups.stdout));
    chownSync(cluster, Number(ids.stdout), Number(groups.stdout));
  }
  if (!existsSync(join(cluster, 'PG_VERSION'))) {
    const [command, args] = asServerUser(initdb, ['-D', cluster, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    const init = spawnSync(command, args, { stdio: 'inherit' });
    if (init.status !== 0) throw new Error('initdb failed');
  }
  const [command, args] = asServerUser(pgCtl, [
    '-D',
    cluster,
    '-l',
    join(cluster, 'server.log'),
    '-o',
    `-p ${port} -k ${cluster} -h 127.0.0.1`,
    'start',
  ]);
  spawnSync(command, args, { stdio: 'inherit' });
  await waitUntilAnswering('127.0.0.1', port, 'PostgreSQL');
};
