/** Starts a private nats-server with one of the configs of this folder, for tests that need the real permissions. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { freePort } from '@digit/testing';

export interface PrivateNatsServer {
  readonly servers: string;
  readonly stop: () => Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

const isRunning = (child: ChildProcess): boolean => child.pid !== undefined && child.exitCode === null && child.signalCode === null;

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (isRunning(child) ? child.once('exit', () => resolve()) : resolve()));

/**
 * Port and store directory come from the command line because nats-server 2.9 refuses `-sd`
 * when the file also sets store_dir; `credentials` must be a user of the config (to probe readiness).
 */
export const startPrivateNatsServer = async (
  configPath: string,
  credentials: { user: string; pass: string },
): Promise<PrivateNatsServer> => {
  const storeDir = await mkdtemp(join(tmpdir(), 'digit-nats-'));
  const port = await freePort();
  const binary = process.env['NATS_SERVER_BIN'] ?? 'nats-server';
  const child = spawn(binary, ['-c', configPath, '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const spawnFailure = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new Error(`cannot start ${binary} (nats-server 2.9+): ${error.message}`))),
  );
  const earlyExit = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`nats-server exited with code ${code}:\n${log}`))),
  );
  // Both only matter while starting; later (stop kills the child) they must not be unhandled.
  spawnFailure.catch(() => undefined);
  earlyExit.catch(() => undefined);
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await exited(child);
    await rm(storeDir, { recursive: true, force: true });
  };
  const servers = `127.0.0.1:${port}`;
  try {
    await Promise.race([spawnFailure, earlyExit, waitUntilAnswering(servers, credentials, () => isRunning(child))]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, stop };
};

const waitUntilAnswering = async (servers: string, credentials: { user: string; pass: string }, running: () => boolean): Promise<void> => {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (running()) {
    try {
      const probe: NatsConnection = await connect({ servers, ...credentials, reconnect: false, timeout: 500 });
      await probe.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`nats-server did not answer on ${servers}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('nats-server stopped before answering (is nats-server 2.9+ installed? or set NATS_SERVER_BIN)');
};
