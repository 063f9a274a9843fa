import { startTelemetry } from '@digit/telemetry';
import { serviceConfigFromEnv, type ServiceConfig } from './service-config.js';
import { openServiceInfra, type ServiceInfra } from './service-infra.js';

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
  const service = await start(infra);
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
