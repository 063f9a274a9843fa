import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Where the system keeps what must not sit in the database or the repository: the embedded
 * issuer's signing keys, the private NATS server's configuration and store, the running
 * system's addresses (CONTRACT.md "Who is calling (v1.1)"). `DIGIT_DATA_DIR`, else `.data/` at the
 * repository root (git-ignored). Created owner-only when absent.
 */
export const dataDirectory = (env: { readonly DIGIT_DATA_DIR?: string | undefined } = process.env): string => {
  const directory = env.DIGIT_DATA_DIR ? resolve(env.DIGIT_DATA_DIR) : resolve(repositoryRoot, '.data');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  return directory;
};

/** Writes a whole file or nothing (a reader never sees half of it), owner-only unless told otherwise. */
export const writeFileAtomically = (path: string, text: string, mode = 0o600): void => {
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temporary, text, { mode });
  chmodSync(temporary, mode);
  renameSync(temporary, path);
};

/** What `npm start` records of the system it runs, for the admin CLI (owner-only: the URL may hold a password). */
export interface RunningSystem {
  readonly databaseUrl: string;
}

const runningSystemPath = (dataDir: string) => join(dataDir, 'system.json');

export const writeRunningSystem = (dataDir: string, system: RunningSystem): void =>
  writeFileAtomically(runningSystemPath(dataDir), `${JSON.stringify(system, null, 2)}\n`);

export const readRunningSystem = (dataDir: string): RunningSystem | undefined => {
  try {
    return JSON.parse(readFileSync(runningSystemPath(dataDir), 'utf8')) as RunningSystem;
  } catch {
    return undefined;
  }
};
