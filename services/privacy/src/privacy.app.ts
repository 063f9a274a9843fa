import { Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parisNow } from '@digit/calendar';
import { startSubscription, type Subscription } from '@digit/event-store';
import { privacyMessages } from '@digit/contracts';
import { JetStreamTransport, startEventRelay, type EventRelay } from '@digit/messaging';
import { openSealedTexts, type PostgresSubjectKeyStore } from '@digit/personal-data';
import type { ServiceInfra } from '@digit/runtime';
import { AlertsController } from './alerts.controller.js';
import { ERASURE_STREAM_PREFIX, READ_STREAM_PREFIX, RETENTION_STREAM_PREFIX, SUBJECT_RIGHTS_STREAM_PREFIX, TRAINING_STREAM_ID } from './domain/index.js';
import { ErasureController } from './erasure.controller.js';
import { INFRA, KEY_STORE, READ_MODELS } from './privacy-edge.js';
import { PersonalDataReadsController } from './personal-data-reads.controller.js';
import { ProcessingLogController } from './processing-log.controller.js';
import { migratePrivacyReadModels, privacyReadModels } from './read-model/privacy-read-models.js';
import { PROCESSING_LOG_STREAM_PREFIX } from './read-model/processing-log.read-model.js';
import { REGISTER_STREAM_PREFIX } from './read-model/register.read-model.js';
import { RegisterController } from './register.controller.js';
import { RetentionController } from './retention.controller.js';
import { startRetentionScheduler, type RetentionScheduler } from './retention-scheduler.js';
import { SubjectRightsController } from './subject-rights.controller.js';
import { TrainingController } from './training.controller.js';

/** Every stream the privacy context writes, published as `digit.events.privacy.<type>`. */
export const PRIVACY_STREAM_PREFIXES = [REGISTER_STREAM_PREFIX, PROCESSING_LOG_STREAM_PREFIX, TRAINING_STREAM_ID, ERASURE_STREAM_PREFIX, READ_STREAM_PREFIX, RETENTION_STREAM_PREFIX, SUBJECT_RIGHTS_STREAM_PREFIX] as const;

@Module({})
class PrivacyModule {
  static register(infra: ServiceInfra, readModels: Subscription, keyStore: PostgresSubjectKeyStore): DynamicModule {
    return {
      module: PrivacyModule,
      controllers: [AlertsController, RegisterController, ProcessingLogController, TrainingController, ErasureController, PersonalDataReadsController, RetentionController, SubjectRightsController],
      providers: [
        { provide: INFRA, useValue: infra },
        { provide: READ_MODELS, useValue: readModels },
        { provide: KEY_STORE, useValue: keyStore },
      ],
    };
  }
}

export interface PrivacyService {
  readonly app: INestMicroservice;
  readonly readModels: Subscription;
  /** None in a replay (issue 14): the bus carries nothing there. */
  readonly relay: EventRelay | undefined;
  /** None in a replay: retention erases nothing in the past. */
  readonly retention: RetentionScheduler | undefined;
  stop(): Promise<void>;
}

export interface PrivacyServiceOptions {
  /** The retention scheduler's interval (default hourly) and clock (default now in Paris). */
  readonly retention?: { readonly intervalMs?: number; readonly now?: () => string };
}

const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The privacy service (R-GDPR): towns' DPD registers, the cross-check and its processing log,
 * GDPR training records, erasures. Subject keys live in the `personal_data` schema, which the
 * event store's personal-data hook shares: erasing here erases for every reader of the store.
 */
export const startPrivacyService = async (infra: ServiceInfra, options: PrivacyServiceOptions = {}): Promise<PrivacyService> => {
  const schema = infra.schema('privacy');
  await migratePrivacyReadModels(infra.db, schema);
  const keyStore = infra.keyStore;
  const onError = (error: unknown) => console.error('privacy:', error);
  const readModels = startSubscription(infra.store, privacyReadModels(schema), { onError });
  const relay = infra.replay ? undefined : startEventRelay({ store: infra.store, bus: infra.bus, context: 'privacy', streamPrefixes: PRIVACY_STREAM_PREFIXES, onError });
  const app = await NestFactory.createMicroservice(PrivacyModule.register(infra, readModels, keyStore), {
    strategy: new JetStreamTransport({ bus: infra.bus, service: 'privacy', store: infra.store, messages: Object.values(privacyMessages), openReply: (reply) => openSealedTexts(reply, infra.keyStore) }),
    logger: ['error', 'warn'],
  });
  await app.listen();
  await readModels.caughtUp();
  const retention = infra.replay
    ? undefined
    : startRetentionScheduler({ infra, readModels, keyStore }, { intervalMs: options.retention?.intervalMs ?? RETENTION_INTERVAL_MS, now: options.retention?.now ?? parisNow, onError });
  return {
    app,
    readModels,
    relay,
    retention,
    async stop() {
      await retention?.stop();
      await app.close();
      await relay?.stop();
      await readModels.stop();
    },
  };
};
