import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Where the system keeps what must not sit in the database or the repository: the embedded
 * issuer's signing keys, the private NATS server's configuration and store, the running
 * system's addresses (CONTRACT.md "Who is calling (v1.1)"). `DIGIT_DATA_DIR`, else `.data/` at the
 * repository root (git-ignored). Created owner-only when absent.
 */
export const dataDirectory = (env: NodeJS.ProcessEnv = process.env): string => {
  const directory = env.DIGIT_DATA_DIR ? resolve(env.DIGIT_DATA_DIR) : resolve(repositoryRoot, '.data');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  return directory;
};
