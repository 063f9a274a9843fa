import 'reflect-metadata';
import { runService } from '@digit/runtime';
import { startConventionsService } from './conventions.app.js';

await runService('conventions', (infra) => startConventionsService(infra));
