import { Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parisNow } from '@digit/calendar';
import { supportMessages } from '@digit/contracts';
import { startSubscription, type Subscription } from '@digit/event-store';
import { JetStreamTransport, startEventRelay, type EventRelay } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
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
import { openSealedTexts } from '@digit/personal-data';

@Module({})
class SupportModule {
  static register(runtime: SupportRuntime): DynamicModule {
    return {
      module: SupportModule,
      controllers: [AlertsController, RequestsController, ProjectsController, MaintenanceController, SessionsController, CommitteesController, DisputesController],
      providers: [{ provide: SUPPORT_RUNTIME, useValue: runtime }],
    };
  }
}

export interface SupportServiceOptions {
  /** Defaults to `supportSettingsFromEnv()`. */
  readonly settings?: SupportSettings;
  /** The deadline check's clock (tests stand at a chosen instant); the real Paris clock by default. */
  readonly deadlineCheckClock?: () => string;
}

export interface SupportService {
  readonly app: INestMicroservice;
  readonly readModels: Subscription;
  /** None in a replay (issue 14), where nothing acts on its own. */
  readonly relay: EventRelay | undefined;
  readonly scheduler: SupportScheduler | undefined;
  stop(): Promise<void>;
}

/**
 * The support context (R-SUP-1..6) as a running service: read models in its own schema, its
 * events relayed to `digit.events.support.<type>`, commands and queries on NATS, and the
 * periodic deadline check.
 */
export const startSupportService = async (infra: ServiceInfra, options: SupportServiceOptions = {}): Promise<SupportService> => {
  const settings = options.settings ?? supportSettingsFromEnv();
  const schema = infra.schema('support');
  await migrateSupportReadModels(infra.db, schema);
  const onError = (error: unknown) => console.error('support:', error);
  const readModels = startSubscription(infra.store, supportReadModelsProjection(schema), { onError });
  // A replay (issue 14) relays nothing, checks no deadline, and answers at its own instant.
  const replay = infra.replay;
  const relay = replay ? undefined : startEventRelay({ store: infra.store, bus: infra.bus, context: 'support', streamPrefixes: SUPPORT_STREAM_PREFIXES, onError });
  const runtime: SupportRuntime = { infra, schema, readModels, settings, now: replay ? () => replay.knownAt : parisNow };
  const app = await NestFactory.createMicroservice(SupportModule.register(runtime), {
    strategy: new JetStreamTransport({ bus: infra.bus, service: 'support', store: infra.store, messages: Object.values(supportMessages), openReply: (reply) => openSealedTexts(reply, infra.keyStore) }),
    logger: ['error', 'warn'],
  });
  await app.listen();
  await readModels.caughtUp();
  const scheduler = replay
    ? undefined
    : startSupportScheduler(runtime, {
        intervalMs: settings.deadlineCheckIntervalMs,
        now: options.deadlineCheckClock ?? parisNow,
        onError,
      });
  return {
    app,
    readModels,
    relay,
    scheduler,
    async stop() {
      await scheduler?.stop();
      await app.close();
      await relay?.stop();
      await readModels.stop();
    },
  };
};
