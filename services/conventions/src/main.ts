import 'reflect-metadata';
import { openServiceInfra, serviceConfigFromEnv } from '@digit/runtime';
import { startTelemetry } from '@digit/telemetry';
import { startConventionsService } from './conventions.app.js';

const telemetry = startTelemetry({ serviceName: 'conventions' });
const infra = await openServiceInfra(serviceConfigFromEnv(), 'conventions');
const service = await startConventionsService(infra);
console.log('conventions service ready');

const shutdown = async () => {
  await service.stop();
  await infra.close();
  await telemetry.shutdown();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
