import 'reflect-metadata';
import { openServiceInfra, serviceConfigFromEnv } from '@digit/runtime';
import { startTelemetry } from '@digit/telemetry';
import { startGateway } from './gateway.app.js';

const telemetry = startTelemetry({ serviceName: 'gateway' });
const config = serviceConfigFromEnv();
const infra = await openServiceInfra(config, 'gateway');
const app = await startGateway(infra, config.port);
console.log(`gateway listening on http://127.0.0.1:${config.port}/api/v1`);

const shutdown = async () => {
  await app.close();
  await infra.close();
  await telemetry.shutdown();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
