import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSEE_CODES } from '@digit/contracts';
import {
  inboxPrefixOf,
  issueServiceCredentials,
  issueTownCredentials,
  natsPaths,
  natsUrlWithCredentials,
  readNatsState,
  runNatsServer,
  townUserName,
  type ServiceUser,
} from '@digit/identity';
import { freePort } from './free-port.js';

/** What a client passes to nats.js `connect` for one user of the server. */
export interface NatsLogin {
  readonly user: string;
  readonly pass: string;
  readonly inboxPrefix: string;
}

/**
 * A private nats-server with the configuration `npm start` generates (libs/identity/src/nats):
 * every service's user, and the given towns' users with credentials issued as
 * `npm run admin -- town-credentials` issues them.
 */
export interface AuthorizedTestNats {
  /** `127.0.0.1:<port>`. */
  readonly servers: string;
  readonly dataDir: string;
  service(name: ServiceUser): NatsLogin;
  /** `nats://<service>:<password>@127.0.0.1:<port>`, a service process's NATS_URL. */
  serviceUrl(name: ServiceUser): string;
  town(insee: string): NatsLogin;
  stop(): Promise<void>;
}

export const startAuthorizedTestNats = async (options: { towns?: readonly string[] } = {}): Promise<AuthorizedTestNats> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'digit-authorized-nats-'));
  const port = await freePort();
  const paths = natsPaths(dataDir);
  const services = issueServiceCredentials(paths, '127.0.0.1', port);
  const towns = new Map<string, string>();
  for (const insee of options.towns ?? INSEE_CODES) towns.set(insee, issueTownCredentials(paths, readNatsState(paths)!, insee).password);
  const server = await runNatsServer({ config: paths.config, host: '127.0.0.1', port, logFile: join(paths.directory, 'nats-server.log') });
  return {
    servers: `127.0.0.1:${port}`,
    dataDir,
    service: (name) => ({ user: name, pass: services[name], inboxPrefix: inboxPrefixOf(name) }),
    serviceUrl: (name) => natsUrlWithCredentials('127.0.0.1', port, name, services[name]),
    town: (insee) => ({ user: townUserName(insee), pass: towns.get(insee)!, inboxPrefix: inboxPrefixOf(insee) }),
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
