/** What every service reads from its environment (CONTRACT.md: DATABASE_URL, NATS_URL, PORT). */
export interface ServiceConfig {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  /** Prefix of every NATS subject and stream: empty in production, unique per test run. */
  readonly natsNamespace: string;
  /** Prefix of every PostgreSQL schema: empty in production, unique per test run. */
  readonly schemaPrefix: string;
  readonly port: number;
  /** Base64 of 32 bytes that encrypts the per-person keys at rest (optional). */
  readonly personalDataKek?: string;
}

export const serviceConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): ServiceConfig => ({
  databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/digit',
  natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
  natsNamespace: env.DIGIT_NATS_NAMESPACE ?? '',
  schemaPrefix: env.DIGIT_SCHEMA_PREFIX ?? '',
  port: Number(env.PORT ?? 3000),
  personalDataKek: env.DIGIT_PERSONAL_DATA_KEK,
});

export const schemaName = (config: Pick<ServiceConfig, 'schemaPrefix'>, name: string): string =>
  config.schemaPrefix ? `${config.schemaPrefix}_${name}` : name;
