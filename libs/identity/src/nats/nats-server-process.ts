import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** The installed nats-server (2.9+): NATS_SERVER_BIN, else the PATH, else Debian's /usr/sbin. */
export const natsServerBinary = (): string => {
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

export interface NatsServerProcess {
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Runs nats-server with a generated configuration (port, store and authorization inside) and
 * resolves once it accepts connections; fails with its log's path if it stops first. In a
 * process group of its own, so that Ctrl-C in the terminal reaches the services (which then
 * stop cleanly) but not the server they stop through; `stop` ends it after them.
 */
export const runNatsServer = async (options: { config: string; host: string; port: number; logFile: string }): Promise<NatsServerProcess> => {
  const child = spawn(natsServerBinary(), ['-c', options.config, '-l', options.logFile], { stdio: 'ignore', detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  for (const deadline = Date.now() + 15_000; !(await answers(options.host, options.port)); await sleep(100)) {
    if (gone) throw new Error(`nats-server stopped at once: see ${options.logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nats-server does not answer on ${options.host}:${options.port}: see ${options.logFile}`);
    }
  }
  return {
    pid: child.pid!,
    async stop() {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
};
