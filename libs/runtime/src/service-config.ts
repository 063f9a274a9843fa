/** `production` refuses what only suits one machine (a key-encryption key generated beside the code). */
export type DigitEnvironment = 'production' | 'development';

/** What every service reads from its environment (CONTRACT.md: DATABASE_URL, NATS_URL, PORT). */
export interface ServiceConfig {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  /** Prefix of every NATS subject and stream: empty in production, unique per test run. */
  readonly natsNamespace: string;
  /** Prefix of every PostgreSQL schema: empty in production, unique per test run. */
  readonly schemaPrefix: string;
  readonly port: number;
  /** Base64 of 32 bytes that wraps the per-person keys (DIGIT_PERSONAL_DATA_KEK); required in production. */
  readonly personalDataKek?: string;
  /** DIGIT_ENV: `development` unless told `production`. */
  readonly environment?: DigitEnvironment;
  /** DIGIT_DATA_DIR: the machine's own state (a generated key-encryption key); `.data/` at the repository root by default (dataDirectory). */
  readonly dataDir?: string;
}

const environmentOf = (text: string | undefined): DigitEnvironment => {
  if (text === undefined || text === '' || text === 'development') return 'development';
  if (text === 'production') return 'production';
  throw new Error(
    `DIGIT_ENV vaut « production » ou « development », pas « ${text} ». / DIGIT_ENV must be production or development, not "${text}".`,
  );
};

export const serviceConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): ServiceConfig => ({
  databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/digit',
  natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
  natsNamespace: env.DIGIT_NATS_NAMESPACE ?? '',
  schemaPrefix: env.DIGIT_SCHEMA_PREFIX ?? '',
  port: Number(env.PORT ?? 3000),
  personalDataKek: env.DIGIT_PERSONAL_DATA_KEK || undefined,
  environment: environmentOf(env.DIGIT_ENV),
  dataDir: env.DIGIT_DATA_DIR || undefined,
});

export const schemaName = (config: Pick<ServiceConfig, 'schemaPrefix'>, name: string): string =>
  config.schemaPrefix ? `${config.schemaPrefix}_${name}` : name;
