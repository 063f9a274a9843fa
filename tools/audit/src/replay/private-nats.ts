import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A nats-server only this replay uses. */
export interface PrivateNats {
  /** `nats://replay:<password>@127.0.0.1:<port>`: never printed but to the one process that asks (`--serve`). */
  readonly url: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;
/** `sh -c WATCHDOG replay-nats <binary> <config> <folder>`: the server, stopped (and its folder removed) once standard input ends. */
const WATCHDOG = '"$1" -c "$2" & server=$!; cat > /dev/null; kill "$server"; wait "$server"; rm -rf "$3"';
const LISTENING = /Listening for client connections on [^\s]*:(\d+)/;

/** The installed nats-server (2.9+): NATS_SERVER_BIN, else the PATH, else Debian's /usr/sbin. */
const natsServerBinary = (): string => {
  const onPath = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).stdout.trim();
  const found = process.env.NATS_SERVER_BIN ?? (onPath || (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : undefined));
  if (!found) throw new Error('nats-server est introuvable : le rejeu démarre le sien (apt-get install nats-server, ou NATS_SERVER_BIN)');
  return found;
};

/**
 * A private nats-server on loopback, on a port the kernel picks, JetStream in a temporary folder,
 * one user with a password made for this run (in a file only this user reads, never on a command
 * line). The replayed services answer personal data in clear: their subjects must cross no
 * shared server, and the replay needs no credentials on the live system's NATS.
 */
export const startPrivateNats = async (): Promise<PrivateNats> => {
  const directory = await mkdtemp(join(tmpdir(), 'digit-replay-nats-'));
  const password = randomBytes(24).toString('hex');
  const config = join(directory, 'nats-server.conf');
  await writeFile(
    config,
    [
      'host: "127.0.0.1"',
      'port: -1',
      `jetstream { store_dir: ${JSON.stringify(join(directory, 'jetstream'))}, max_memory_store: 64MB, max_file_store: 1GB }`,
      `authorization { user: "replay", password: ${JSON.stringify(password)} }`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  // Through a shell that stops the server when its input ends: when this process ends, however
  // it ends (even killed), the pipe closes and the server goes with it.
  const child = spawn('sh', ['-c', WATCHDOG, 'replay-nats', natsServerBinary(), config, directory], { stdio: ['pipe', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.stdin.end();
    await exited;
  };
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`nats-server ne répond pas :\n${log}`)), READY_TIMEOUT_MS);
      child.once('error', (error) => reject(new Error(`nats-server ne démarre pas : ${error.message}`)));
      child.once('exit', (code) => reject(new Error(`nats-server s'est arrêté (code ${code}) :\n${log}`)));
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        const listening = LISTENING.exec(log);
        if (!listening || !log.includes('Server is ready')) return;
        clearTimeout(timer);
        resolve(listening[1]!);
      });
    });
    child.stderr.removeAllListeners('data');
    child.stderr.resume();
    return { url: `nats://replay:${password}@127.0.0.1:${port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
