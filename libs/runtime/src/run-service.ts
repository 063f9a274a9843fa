import { sql } from 'kysely';
import { startTelemetry } from '@digit/telemetry';
import { serviceConfigFromEnv, type ServiceConfig } from './service-config.js';
import { openServiceInfra, type ServiceInfra } from './service-infra.js';

/**
 * Copies of one service starting together (`DIGIT_COPIES`) would run the same `create ... if not
 * exists` (read models, indexes) at once, which PostgreSQL's catalog can refuse: they start one
 * after another, each holding the service's advisory lock until it serves.
 */
const oneCopyAtATime = <T>(infra: ServiceInfra, name: string, work: () => Promise<T>): Promise<T> =>
  infra.db.connection().execute(async (connection) => {
    const lock = `digit-service-start:${infra.config.schemaPrefix}:${name}`;
    await sql`select pg_advisory_lock(hashtext(${lock}))`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${lock}))`.execute(connection);
    }
  });

/**
 * A service's `main`: telemetry, connections from the environment, the service itself, a line
 * on stdout once it serves (`npm start` and the fault suite wait for it), and a clean stop on
 * SIGTERM / SIGINT.
 */
export const runService = async (
  name: string,
  start: (infra: ServiceInfra) => Promise<{ stop(): Promise<void> }>,
  readyLine: (config: ServiceConfig) => string = () => `${name} service ready`,
): Promise<void> => {
  const telemetry = startTelemetry({ serviceName: name });
  const config = serviceConfigFromEnv();
  const infra = await openServiceInfra(config, name);
  const service = await oneCopyAtATime(infra, name, () => start(infra));
  console.log(readyLine(config));
  let stopping = false;
  // A second signal while stopping (Ctrl-C twice, a supervisor's retry) must not close twice.
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await service.stop();
    await infra.close();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
};
