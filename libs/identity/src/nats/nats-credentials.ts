import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { writeFileAtomically } from '@digit/runtime';
import { renderPrivateServerConfig } from './nats-config.js';
import { SERVICE_USERS, serviceNatsUser, townNatsUser, townUserName, type ServiceUser } from './nats-users.js';

/**
 * `npm start`'s private NATS server under DIGIT_DATA_DIR/nats: its configuration (generated), its
 * JetStream store, its pid file, and `credentials.json`, which keeps only bcrypt hashes of the
 * users' passwords. Services get fresh passwords at each start (passed to each process in its
 * NATS_URL); a town's password is issued by `npm run admin -- town-credentials <insee>`, and a new
 * one replaces (revokes) the old as soon as the server reloads.
 */
export interface NatsServerState {
  readonly host: string;
  readonly port: number;
  readonly serviceHashes: Readonly<Partial<Record<ServiceUser, string>>>;
  readonly townHashes: Readonly<Record<string, string>>;
}

export interface NatsPaths {
  readonly directory: string;
  readonly config: string;
  readonly state: string;
  readonly pidFile: string;
  readonly storeDir: string;
}

const BCRYPT_COST = 11;

export const natsPaths = (dataDir: string): NatsPaths => {
  const directory = join(dataDir, 'nats');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  return {
    directory,
    config: join(directory, 'nats-server.conf'),
    state: join(directory, 'credentials.json'),
    pidFile: join(directory, 'nats-server.pid'),
    storeDir: join(directory, 'jetstream'),
  };
};

const newNatsPassword = (): string => randomBytes(24).toString('base64url');

const hashOf = (password: string): string => bcrypt.hashSync(password, BCRYPT_COST);

export const readNatsState = (paths: NatsPaths): NatsServerState | undefined => {
  try {
    return JSON.parse(readFileSync(paths.state, 'utf8')) as NatsServerState;
  } catch {
    return undefined;
  }
};

/** Writes the state and the configuration it gives, owner-only. */
export const writeNatsState = (paths: NatsPaths, state: NatsServerState): void => {
  writeFileAtomically(paths.state, `${JSON.stringify(state, null, 2)}\n`);
  const users = [
    ...SERVICE_USERS.filter((service) => state.serviceHashes[service]).map((service) =>
      serviceNatsUser(service, state.serviceHashes[service]!),
    ),
    ...Object.entries(state.townHashes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([insee, hash]) => townNatsUser(insee, hash)),
  ];
  writeFileAtomically(
    paths.config,
    renderPrivateServerConfig({ host: state.host, port: state.port, storeDir: paths.storeDir, pidFile: paths.pidFile, users }),
  );
};

/**
 * A new password for every service, for a server on `host:port`; the towns' credentials are kept.
 * Returns each service's clear password, to hand to its process only.
 */
export const issueServiceCredentials = (paths: NatsPaths, host: string, port: number): Record<ServiceUser, string> => {
  const passwords = Object.fromEntries(SERVICE_USERS.map((service) => [service, newNatsPassword()])) as Record<ServiceUser, string>;
  const serviceHashes = Object.fromEntries(SERVICE_USERS.map((service) => [service, hashOf(passwords[service])]));
  writeNatsState(paths, { host, port, serviceHashes, townHashes: readNatsState(paths)?.townHashes ?? {} });
  return passwords;
};

/** A new password for a town's DSI, replacing any earlier one; the caller reloads the server. */
export const issueTownCredentials = (paths: NatsPaths, state: NatsServerState, insee: string): { user: string; password: string } => {
  const password = newNatsPassword();
  writeNatsState(paths, { ...state, townHashes: { ...state.townHashes, [insee]: hashOf(password) } });
  return { user: townUserName(insee), password };
};

/** `nats://user:password@host:port`, the form CONTRACT.md gives a DSI (user and password URL-encoded). */
export const natsUrlWithCredentials = (host: string, port: number, user: string, password: string): string =>
  `nats://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}`;

/** Makes the running server read its configuration again (users and permissions change in place). */
export const reloadNatsServer = (paths: NatsPaths): boolean => {
  let pid: number;
  try {
    pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 'SIGHUP');
    return true;
  } catch {
    return false;
  }
};
