import 'reflect-metadata';
import { runService } from '@digit/runtime';
import { startPrivacyService } from './privacy.app.js';

await runService('privacy', (infra) => startPrivacyService(infra));
