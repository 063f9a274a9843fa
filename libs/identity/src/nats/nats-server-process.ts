import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { issueServiceCredentials, issueTownCredentials, natsPaths, natsUrlWithCredentials, readNatsState } from './nats-credentials.js';
import { inboxPrefixOf, townUserName, type ServiceUser } from './nats-users.js';

/** The installed nats-server (2.9+): NATS_SERVER_BIN, else the PATH, else Debian's /usr/sbin. */
const natsServerBinary = (): string => {
  const onPath = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).stdout.trim();
  const found = process.env.NATS_SERVER_BIN ?? (onPath || (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : undefined));
  if (!found) throw new Error('nats-server is not installed: `apt-get install nats-server` (or set NATS_URL to a running server).');
  return found;
};

const answers = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 500 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

const isAlive = (pid: number): boolean => {
  try {
    return process.kill(pid, 0);
  } catch {
    return false;
  }
};

/** A server a previous run left on the same store (killed without stopping it): stopped first. */
const stopLeftover = async (pidFile: string): Promise<void> => {
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 40 && isAlive(pid); i++) await sleep(250);
};

/** What a client passes to nats.js `connect` for one user of the server. */
export interface NatsLogin {
  readonly user: string;
  readonly pass: string;
  readonly inboxPrefix: string;
}

export interface AuthorizedNats {
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  service(name: ServiceUser): NatsLogin;
  /** `nats://<service>:<password>@host:port`: the service process's NATS_URL (never printed). */
  serviceUrl(name: ServiceUser): string;
  /** The towns given credentials at start (`towns` option; tests). */
  town(insee: string): NatsLogin;
  stop(): Promise<void>;
}

/**
 * `npm start`'s own nats-server (CONTRACT.md v1.1, R-SEC-3), also used by the tests of that
 * configuration: JetStream and the configuration under `<dataDir>/nats`, no anonymous
 * connection, each service its own user with a password made for this run, the towns given
 * credentials so far (`npm run admin -- town-credentials`) and, for tests, the `towns` named here.
 * In a process group of its own, so that Ctrl-C in a terminal reaches the services (which then
 * stop cleanly through it) but not the server; `stop` ends it after them.
 */
export const startAuthorizedNats = async (options: {
  dataDir: string;
  host: string;
  port: number;
  towns?: readonly string[];
}): Promise<AuthorizedNats> => {
  const { host, port } = options;
  const paths = natsPaths(options.dataDir);
  await stopLeftover(paths.pidFile);
  const services = issueServiceCredentials(paths, host, port);
  const towns = new Map((options.towns ?? []).map((insee) => [insee, issueTownCredentials(paths, readNatsState(paths)!, insee).password]));
  const logFile = join(paths.directory, 'nats-server.log');
  const child = spawn(natsServerBinary(), ['-c', paths.config, '-l', logFile], { stdio: 'ignore', detached: true });
  let gone = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => (gone = true));
  for (const deadline = Date.now() + 15_000; !(await answers(host, port)); await sleep(100)) {
    if (gone) throw new Error(`nats-server stopped at once: see ${logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nats-server does not answer on ${host}:${port}: see ${logFile}`);
    }
  }
  return {
    host,
    port,
    pid: child.pid!,
    service: (name) => ({ user: name, pass: services[name], inboxPrefix: inboxPrefixOf(name) }),
    serviceUrl: (name) => natsUrlWithCredentials(host, port, name, services[name]),
    town: (insee) => ({ user: townUserName(insee), pass: towns.get(insee)!, inboxPrefix: inboxPrefixOf(insee) }),
    async stop() {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
};
