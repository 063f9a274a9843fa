import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@digit/testing';
import { waitFor } from './fault-figures.js';
import { answers } from './port-answers.js';

/**
 * A throw-away three-node JetStream cluster on loopback (the installed nats-server), as
 * infra/nats/cluster.conf describes it but without TLS nor users: each node keeps its ports and
 * store across a stop and a start, as a node restarted in place would.
 */
export interface PrivateNatsCluster {
  /** The three client URLs, comma-separated (NATS_URL for a cluster). */
  readonly url: string;
  readonly names: readonly string[];
  /** kill -9 of a node. */
  kill(name: string): Promise<void>;
  /** A clean stop (SIGTERM), as a rolling upgrade does. */
  stop(name: string): Promise<void>;
  /**
   * Starts a node again, and waits until it answers and says JetStream is healthy (its streams and
   * consumers caught up), or at most 30 s; resolves with the health it reached, `ok` or the reason.
   */
  start(name: string): Promise<string>;
  /** The JetStream meta leader's name, as a live node sees it. */
  metaLeader(): Promise<string | undefined>;
  destroy(): Promise<void>;
}

interface Node {
  readonly name: string;
  readonly port: number;
  readonly clusterPort: number;
  readonly httpPort: number;
  readonly config: string;
  child?: ChildProcess;
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

const monitor = async <T>(node: Node, path: string): Promise<{ status: number; body?: T }> => {
  try {
    const response = await fetch(`http://127.0.0.1:${node.httpPort}${path}`, { signal: AbortSignal.timeout(2_000) });
    return { status: response.status, body: (await response.json()) as T };
  } catch {
    return { status: 0 };
  }
};

export const startPrivateNatsCluster = async (): Promise<PrivateNatsCluster> => {
  const directory = mkdtempSync(join(tmpdir(), 'digit-faults-nats-cluster-'));
  const binary = process.env.NATS_SERVER_BIN ?? 'nats-server';
  const nodes: Node[] = [];
  for (const name of ['n1', 'n2', 'n3']) {
    nodes.push({
      name,
      port: await freePort(),
      clusterPort: await freePort(),
      httpPort: await freePort(),
      config: join(directory, `${name}.conf`),
    });
  }
  for (const node of nodes) {
    const store = join(directory, node.name);
    mkdirSync(store);
    writeFileSync(
      node.config,
      [
        `server_name: ${node.name}`,
        'host: 127.0.0.1',
        `port: ${node.port}`,
        `http: 127.0.0.1:${node.httpPort}`,
        `jetstream { store_dir: "${store}" }`,
        `cluster { name: "digit-faults", host: 127.0.0.1, port: ${node.clusterPort}, routes: [${nodes.map((each) => `"nats-route://127.0.0.1:${each.clusterPort}"`).join(', ')}] }`,
        '',
      ].join('\n'),
    );
  }
  const byName = (name: string): Node => nodes.find((node) => node.name === name)!;
  const running = () => nodes.filter((node) => node.child);

  const launch = async (node: Node): Promise<void> => {
    const child = spawn(binary, ['-c', node.config], { stdio: 'ignore' });
    node.child = child;
    const failed = new Promise<boolean>((resolve) => child.once('error', () => resolve(false)).once('exit', () => resolve(false)));
    const up = await Promise.race([waitFor(() => answers(node.port), 15_000), failed]);
    if (!up) throw new Error(`${binary} did not start node ${node.name} on port ${node.port}`);
  };

  const metaLeader = async (): Promise<string | undefined> => {
    for (const node of running()) {
      const { body } = await monitor<{ meta_cluster?: { leader?: string } }>(node, '/jsz');
      if (body?.meta_cluster?.leader) return body.meta_cluster.leader;
    }
    return undefined;
  };

  const halt = async (name: string, signal: NodeJS.Signals): Promise<void> => {
    const node = byName(name);
    const child = node.child;
    if (!child) return;
    child.kill(signal);
    await exited(child);
    node.child = undefined;
  };

  await Promise.all(nodes.map(launch));
  if (!(await waitFor(async () => (await metaLeader()) !== undefined, 30_000, 100)))
    throw new Error('the private NATS cluster elected no JetStream meta leader');

  return {
    url: nodes.map((node) => `nats://127.0.0.1:${node.port}`).join(','),
    names: nodes.map((node) => node.name),
    kill: (name) => halt(name, 'SIGKILL'),
    stop: (name) => halt(name, 'SIGTERM'),
    async start(name) {
      const node = byName(name);
      await launch(node);
      // Healthy: JetStream on, its streams and consumers caught up with their leaders.
      let health = 'not answering';
      await waitFor(
        async () => {
          const { status, body } = await monitor<{ status?: string; error?: string }>(node, '/healthz');
          health = status === 200 ? 'ok' : (body?.error ?? `HTTP ${status}`);
          return status === 200;
        },
        30_000,
        100,
      );
      return health;
    },
    metaLeader,
    async destroy() {
      await Promise.all(nodes.map((node) => halt(node.name, 'SIGKILL')));
      rmSync(directory, { recursive: true, force: true });
    },
  };
};
