import 'reflect-metadata';
import { runService } from '@digit/runtime';
import { startSupportService } from './support.app.js';

await runService('support', (infra) => startSupportService(infra));
