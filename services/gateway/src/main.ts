import 'reflect-metadata';
import { runService } from '@digit/runtime';
import { startGateway } from './gateway.app.js';

await runService(
  'gateway',
  async (infra) => {
    const app = await startGateway(infra, infra.config.port);
    return { stop: () => app.close() };
  },
  (config) => `gateway listening on http://127.0.0.1:${config.port}/api/v1`,
);
