import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '@nats-io/transport-node';
import { isInsee, TOWN_VOIRIE_OUTCOMES_STREAM, townName, type Insee } from '@digit/contracts';
import {
  inboxPrefixOf,
  issueTownCredentials,
  natsPaths,
  natsUrlWithCredentials,
  readNatsState,
  reloadNatsServer,
  townOutcomesConsumer,
} from '@digit/identity';
import { AdminError, type AdminContext, type AdminOutput } from './admin-context.js';

/**
 * Waits until the reloaded server lets the town in and JetStream answers it (a reload briefly
 * re-applies the accounts): the URL is printed only once it works.
 */
const waitUntilAccepted = async (host: string, port: number, insee: string, user: string, pass: string): Promise<boolean> => {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(200)) {
    try {
      const nc = await connect({
        servers: `${host}:${port}`,
        user,
        pass,
        inboxPrefix: inboxPrefixOf(insee),
        reconnect: false,
        timeout: 2000,
      });
      try {
        // The town's own consumer (its info is allowed to it): any JetStream answer, even "not found yet", says JetStream serves it.
        const reply = await nc.request(`$JS.API.CONSUMER.INFO.${TOWN_VOIRIE_OUTCOMES_STREAM}.${townOutcomesConsumer(insee)}`, '', {
          timeout: 2000,
        });
        if (reply.data.length > 0) return true;
      } finally {
        await nc.close();
      }
    } catch {
      // Not reloaded yet, or JetStream not answering yet: try again.
    }
  }
  return false;
};

/**
 * `town-credentials <insee>`: new NATS credentials for the town's DSI on `npm start`'s own NATS
 * server (CONTRACT.md v1.1). The server keeps only a bcrypt hash and reloads at once: the
 * previous password stops working, connections made with it are closed. The URL, last line of
 * stdout, is shown once.
 */
export const townCredentialsCommand = async (context: AdminContext, output: AdminOutput, insee: string | undefined): Promise<void> => {
  if (!insee)
    throw new AdminError('Précisez la commune : town-credentials <insee> (92012, 92022, 92040, 92047, 92048, 92072, 92075, 92077).');
  if (!isInsee(insee)) throw new AdminError(`Commune inconnue « ${insee} » : 92012, 92022, 92040, 92047, 92048, 92072, 92075 ou 92077.`);
  const paths = natsPaths(context.dataDir);
  const state = readNatsState(paths);
  if (!state) {
    throw new AdminError(
      `Aucun serveur NATS de npm start ici (${paths.directory}). Avec NATS_URL, c’est l’exploitant du serveur qui gère les comptes des communes (infra/nats/README.md).`,
      1,
    );
  }
  const { user, password } = issueTownCredentials(paths, state, insee);
  const host = state.host === '0.0.0.0' ? '127.0.0.1' : state.host;
  const reloaded = reloadNatsServer(paths) && (await waitUntilAccepted(host, state.port, insee, user, password));
  output.out(`Identifiants NATS de la DSI de ${townName(insee as Insee)} (${insee}) : utilisateur ${user}.`);
  output.out(
    reloaded
      ? 'Les identifiants précédents de cette commune sont révoqués dès maintenant.'
      : 'Le serveur NATS ne répond pas : ces identifiants vaudront à son prochain démarrage (npm start) ; les précédents ne valent plus.',
  );
  output.out(
    `Ils permettent seulement de publier sur digit.towns.${insee}.voirie.orders et de lire les réponses de la commune (consommateur ${townOutcomesConsumer(insee)}, boîte de réception ${inboxPrefixOf(insee)}).`,
  );
  output.out('Transmettez l’adresse ci-dessous par un canal sûr : elle ne sera plus affichée.');
  output.out(natsUrlWithCredentials(host, state.port, user, password));
};
