import 'reflect-metadata';
import { runService } from '@digit/runtime';
import { startDataExchangeService } from './data-exchange.app.js';

await runService('data-exchange', (infra) => startDataExchangeService(infra));
