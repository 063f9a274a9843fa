import 'reflect-metadata';
import { runService } from '@digit/runtime';
import { startBillingService } from './billing.app.js';

await runService('billing', (infra) => startBillingService(infra));
