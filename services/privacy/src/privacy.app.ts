import { parisNow } from '@digit/calendar';
import { privacyMessages } from '@digit/contracts';
import { defineService, type RunningService, type ServiceInfra } from '@digit/runtime';
import { AlertsController } from './alerts.controller.js';
import {
  ERASURE_STREAM_PREFIX,
  READ_STREAM_PREFIX,
  RETENTION_STREAM_PREFIX,
  SUBJECT_RIGHTS_STREAM_PREFIX,
  TRAINING_STREAM_ID,
} from './domain/index.js';
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
export const PRIVACY_STREAM_PREFIXES = [
  REGISTER_STREAM_PREFIX,
  PROCESSING_LOG_STREAM_PREFIX,
  TRAINING_STREAM_ID,
  ERASURE_STREAM_PREFIX,
  READ_STREAM_PREFIX,
  RETENTION_STREAM_PREFIX,
  SUBJECT_RIGHTS_STREAM_PREFIX,
] as const;

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
export const privacyService = defineService<PrivacyServiceOptions, 'privacy', { retention: RetentionScheduler }>({
  name: 'privacy',
  schema: 'privacy',
  messages: privacyMessages,
  streamPrefixes: PRIVACY_STREAM_PREFIXES,
  controllers: [
    AlertsController,
    RegisterController,
    ProcessingLogController,
    TrainingController,
    ErasureController,
    PersonalDataReadsController,
    RetentionController,
    SubjectRightsController,
  ],
  migrate: (infra, schema) => migratePrivacyReadModels(infra.db, schema),
  readModels: (_infra, schema) => ({ privacy: privacyReadModels(schema) }),
  providers: ({ infra, readModels }) => [
    { provide: INFRA, useValue: infra },
    { provide: READ_MODELS, useValue: readModels.privacy },
    { provide: KEY_STORE, useValue: infra.keyStore },
  ],
  // Live only: retention erases nothing in a replay of the past.
  workers: async ({ infra, options, readModels, onError }) => ({
    retention: startRetentionScheduler(
      { infra, readModels: readModels.privacy, keyStore: infra.keyStore },
      { intervalMs: options.retention?.intervalMs ?? RETENTION_INTERVAL_MS, now: options.retention?.now ?? parisNow, onError },
    ),
  }),
});

export type PrivacyService = RunningService<'privacy', { retention: RetentionScheduler }>;

export const startPrivacyService = (infra: ServiceInfra, options: PrivacyServiceOptions = {}): Promise<PrivacyService> =>
  privacyService.start(infra, options);
