import 'reflect-metadata';
import { openServiceInfra, serviceConfigFromEnv } from '@digit/runtime';
import { startTelemetry } from '@digit/telemetry';
import { startDataExchangeService } from './data-exchange.app.js';

const telemetry = startTelemetry({ serviceName: 'data-exchange' });
const infra = await openServiceInfra(serviceConfigFromEnv(), 'data-exchange');
const service = await startDataExchangeService(infra);
console.log('data-exchange service ready');

const shutdown = async () => {
  await service.stop();
  await infra.close();
  await telemetry.shutdown();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
