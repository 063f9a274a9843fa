import { parisNow } from '@digit/calendar';
import { supportMessages } from '@digit/contracts';
import type { Subscription } from '@digit/event-store';
import { defineService, type RunningService, type ServiceInfra } from '@digit/runtime';
import { AlertsController } from './alerts.controller.js';
import { CommitteesController } from './committees.controller.js';
import { DisputesController } from './disputes.controller.js';
import { MaintenanceController } from './maintenance.controller.js';
import { ProjectsController } from './projects.controller.js';
import { migrateSupportReadModels } from './read-model/support.migrations.js';
import { SUPPORT_STREAM_PREFIXES, supportReadModelsProjection } from './read-model/support.read-model.js';
import { RequestsController } from './requests.controller.js';
import { SessionsController } from './sessions.controller.js';
import { SUPPORT_RUNTIME, type SupportRuntime } from './support-edge.js';
import { startSupportScheduler, type SupportScheduler } from './support-scheduler.js';
import { supportSettingsFromEnv, type SupportSettings } from './support-settings.js';

export interface SupportServiceOptions {
  /** Defaults to `supportSettingsFromEnv()`. */
  readonly settings?: SupportSettings;
  /** The deadline check's clock (tests stand at a chosen instant); the real Paris clock by default. */
  readonly deadlineCheckClock?: () => string;
}

/**
 * The support context (R-SUP-1..6) as a running service: read models in its own schema, its
 * events relayed to `digit.events.support.<type>`, commands and queries on NATS, and the
 * periodic deadline check.
 */
export const supportService = defineService<SupportServiceOptions, 'support', { scheduler: SupportScheduler }>({
  name: 'support',
  schema: 'support',
  messages: supportMessages,
  streamPrefixes: SUPPORT_STREAM_PREFIXES,
  controllers: [
    AlertsController,
    RequestsController,
    ProjectsController,
    MaintenanceController,
    SessionsController,
    CommitteesController,
    DisputesController,
  ],
  migrate: (infra, schema) => migrateSupportReadModels(infra.db, schema),
  readModels: (_infra, schema) => ({ support: supportReadModelsProjection(schema) }),
  providers: ({ infra, schema, options, readModels }) => [
    { provide: SUPPORT_RUNTIME, useValue: supportRuntime(infra, schema, options, readModels.support) },
  ],
  async workers({ infra, schema, options, readModels, onError }) {
    const runtime = supportRuntime(infra, schema, options, readModels.support);
    const settings = runtime.settings;
    return {
      scheduler: startSupportScheduler(runtime, {
        intervalMs: settings.deadlineCheckIntervalMs,
        now: options.deadlineCheckClock ?? parisNow,
        onError,
      }),
    };
  },
});

/** A replay (issue 14) answers at its own instant. */
const supportRuntime = (infra: ServiceInfra, schema: string, options: SupportServiceOptions, readModels: Subscription): SupportRuntime => ({
  infra,
  schema,
  readModels,
  settings: options.settings ?? supportSettingsFromEnv(),
  now: infra.replay ? () => infra.replay!.knownAt : parisNow,
});

export type SupportService = RunningService<'support', { scheduler: SupportScheduler }>;

export const startSupportService = (infra: ServiceInfra, options: SupportServiceOptions = {}): Promise<SupportService> =>
  supportService.start(infra, options);
