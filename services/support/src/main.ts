import 'reflect-metadata';
import { openServiceInfra, serviceConfigFromEnv } from '@digit/runtime';
import { startTelemetry } from '@digit/telemetry';
import { startSupportService } from './support.app.js';

const telemetry = startTelemetry({ serviceName: 'support' });
const infra = await openServiceInfra(serviceConfigFromEnv(), 'support');
const service = await startSupportService(infra);
console.log('support service ready');

const shutdown = async () => {
  await service.stop();
  await infra.close();
  await telemetry.shutdown();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
