import 'reflect-metadata';
import { openServiceInfra, serviceConfigFromEnv } from '@digit/runtime';
import { startTelemetry } from '@digit/telemetry';
import { startBillingService } from './billing.app.js';

const telemetry = startTelemetry({ serviceName: 'billing' });
const infra = await openServiceInfra(serviceConfigFromEnv(), 'billing');
const service = await startBillingService(infra);
console.log('billing service ready');

const shutdown = async () => {
  await service.stop();
  await infra.close();
  await telemetry.shutdown();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
