import { isAbsolute, join, resolve } from 'node:path';

/** Where the seal's key and anchors live, from the environment (README "Auditors"). */
export interface SealConfig {
  /** `DIGIT_DATA_DIR` (default `.data/` at the repository root): the seal log, and the embedded default's key. */
  readonly dataDir: string;
  /** `DIGIT_SEAL_KEY_FILE`: the Ed25519 private key (PKCS#8 PEM, mode 0600) that production provides. */
  readonly signingKeyFile: string | undefined;
  /** `DIGIT_SEAL_PUBLIC_KEY_FILE`: the public key (SPKI PEM) an auditor's machine checks seals with. */
  readonly publicKeyFile: string | undefined;
  /** `NATS_REPLICAS` (default 1): replicas of the key-value bucket of seals. */
  readonly replicas: number;
  /** `DIGIT_ENV=production` (the one production setting, libs/runtime's ServiceConfig): the key must be given, never generated. */
  readonly production: boolean;
}

const REPOSITORY_ROOT = new URL('../../..', import.meta.url).pathname;

const positiveInteger = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined || text === '') return fallback;
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`${name} must be a positive integer, got ${text}`);
  return Number(text);
};

export const sealConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): SealConfig => ({
  dataDir: env.DIGIT_DATA_DIR
    ? isAbsolute(env.DIGIT_DATA_DIR)
      ? env.DIGIT_DATA_DIR
      : resolve(env.DIGIT_DATA_DIR)
    : join(REPOSITORY_ROOT, '.data'),
  signingKeyFile: env.DIGIT_SEAL_KEY_FILE || undefined,
  publicKeyFile: env.DIGIT_SEAL_PUBLIC_KEY_FILE || undefined,
  replicas: positiveInteger('NATS_REPLICAS', env.NATS_REPLICAS, 1),
  production: env.DIGIT_ENV === 'production',
});

/** The folder of the embedded default's key pair and of the seal logs. */
export const sealDirectory = (config: Pick<SealConfig, 'dataDir'>): string => join(config.dataDir, 'history-seal');

/** A history's name as a file name or a key-value key: letters, digits, `.`, `_` and `-` only. */
export const safeHistoryName = (history: string): string => history.replace(/[^A-Za-z0-9._-]/g, '_');
