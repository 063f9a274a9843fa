import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@digit/testing';
import { answers } from './port-answers.js';
import { waitFor } from './fault-figures.js';

/**
 * A throw-away nats-server with JetStream on a free port; `stop` and `start` keep the port and the
 * store directory, so streams and durable consumers outlive a restart as they would in production.
 * With `config` (e.g. infra/nats/nats-server.conf), the server runs with those users and permissions.
 */
export interface PrivateNats {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

export const startPrivateNats = async (options: { config?: string } = {}): Promise<PrivateNats> => {
  const directory = mkdtempSync(join(tmpdir(), 'digit-faults-nats-'));
  const port = await freePort();
  const binary = process.env.NATS_SERVER_BIN ?? 'nats-server';
  let child: ChildProcess | undefined;
  const server: PrivateNats = {
    url: `nats://127.0.0.1:${port}`,
    async start() {
      const config = options.config ? ['-c', options.config] : [];
      const started = spawn(binary, [...config, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', directory], { stdio: 'ignore' });
      child = started;
      const failed = new Promise<boolean>((resolve) => started.once('error', () => resolve(false)).once('exit', () => resolve(false)));
      const up = await Promise.race([waitFor(() => answers(port), 10_000), failed]);
      if (!up) throw new Error(`${binary} did not start on port ${port} (is nats-server 2.9+ installed? or set NATS_SERVER_BIN)`);
    },
    async stop() {
      if (!child) return;
      child.kill('SIGTERM');
      await exited(child);
      child = undefined;
    },
    async destroy() {
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
};
