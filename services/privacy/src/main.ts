import 'reflect-metadata';
import { openServiceInfra, serviceConfigFromEnv } from '@digit/runtime';
import { startTelemetry } from '@digit/telemetry';
import { startPrivacyService } from './privacy.app.js';

const telemetry = startTelemetry({ serviceName: 'privacy' });
const infra = await openServiceInfra(serviceConfigFromEnv(), 'privacy');
const service = await startPrivacyService(infra);
console.log('privacy service ready');

const shutdown = async () => {
  await service.stop();
  await infra.close();
  await telemetry.shutdown();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
