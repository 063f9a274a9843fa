import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';

/**
 * A NATS connection with JetStream, under an optional namespace: tests give each run its own
 * subjects (`t1a2b.digit.events...`) and stream names (`T1A2B_DIGIT_EVENTS`); production has none.
 */
export interface Bus {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly namespace: string;
  subject(logical: string): string;
  /** The logical subject of a namespaced one. */
  logicalSubject(subject: string): string;
  streamName(logical: string): string;
  close(): Promise<void>;
}

export const busFromConnection = async (nc: NatsConnection, namespace = ''): Promise<Bus> => {
  const prefix = namespace ? `${namespace}.` : '';
  return {
    nc,
    js: jetstream(nc),
    jsm: await jetstreamManager(nc),
    namespace,
    subject: (logical) => `${prefix}${logical}`,
    logicalSubject: (subject) => (prefix && subject.startsWith(prefix) ? subject.slice(prefix.length) : subject),
    streamName: (logical) => (namespace ? `${namespace.toUpperCase()}_${logical}` : logical),
    close: () => nc.drain(),
  };
};

/**
 * The nats.js v3 client ignores `user:password@` in a server URL: take the login from there
 * (as docker-compose's and `npm start`'s NATS_URL give it) and pass it as options.
 */
const serverAndLogin = (url: string): { servers: string; user?: string; pass?: string } => {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed?.username) return { servers: url };
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return { servers: parsed.toString().replace(/\/$/, ''), user, pass };
};

/**
 * `url` may list several servers, comma-separated (the nodes of a cluster: the client moves to
 * another when its node goes); the login is the first one's.
 */
export const connectBus = async (options: { url: string; name: string; namespace?: string }): Promise<Bus> => {
  const urls = options.url
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  const logins = urls.map(serverAndLogin);
  const login = { ...logins[0]!, servers: logins.map((each) => each.servers) };
  // A NATS user reads replies only on its own inbox prefix (infra/nats: `_INBOX_<user>`), so no
  // other process can read the answers it asked for.
  const inbox = login.user ? { inboxPrefix: `_INBOX_${login.user}` } : {};
  const nc = await connect({ ...login, ...inbox, name: options.name, maxReconnectAttempts: -1 });
  return busFromConnection(nc, options.namespace);
};
