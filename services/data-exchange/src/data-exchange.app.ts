import { setTimeout as sleep } from 'node:timers/promises';
import { dataExchangeMessages } from '@digit/contracts';
import type { Subscription } from '@digit/event-store';
import { defineService, type RunningService, type ServiceInfra } from '@digit/runtime';
import { dataExchangeOptionsFromEnv } from './data-exchange.config.js';
import { INFRA, READ_MODELS, SERVICE_OPTIONS, type DataExchangeOptions, type ReadModels } from './data-exchange.tokens.js';
import { CatalogueController } from './datasets/catalogue.controller.js';
import { DatasetsController } from './datasets/datasets.controller.js';
import { migrateDataExchangeReadModels } from './read-model/data-exchange.migrations.js';
import { DATASET_STREAM_PREFIX, datasetsProjection, METADATA_RECORD_STREAM_PREFIX } from './read-model/datasets.read-model.js';
import { ROAD_REGISTRY_STREAM_PREFIX, roadRegistryProjection } from './read-model/road-registry.read-model.js';
import { createRoadRegistryWriter, indexRoadRegistryEvents } from './voirie/road-registry.writer.js';
import { startVoirieOrderConsumer, type VoirieOrderConsumer } from './voirie/voirie-order.consumer.js';
import { ensureVoirieStreams } from './voirie/voirie-streams.js';
import { VoirieController } from './voirie/voirie.controller.js';

/** A town's orders in hand come again after this long if their copy neither answers nor dies (a dead copy's are rewound). */
const ORDERS_ACK_WAIT_MS = 30_000;

/** A reply waits at most this long for its read model, then answers with what it has. */
const READ_YOUR_WRITES_MS = 3000;

const upToDate = (subscription: Subscription) => async (position?: bigint) => {
  const timer = new AbortController();
  try {
    await Promise.race([subscription.caughtUp(position), sleep(READ_YOUR_WRITES_MS, undefined, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
};

/**
 * The data-exchange service (R-DX-1..8): the towns' road orders from JetStream into the road
 * registry, its queries and exports, the datasets towns send, the metadata catalogue and the
 * third-party licences, answered on NATS as the message catalogue says (`dataExchangeMessages`).
 */
export const dataExchangeService = defineService<DataExchangeOptions, 'registry' | 'datasets', { orders: VoirieOrderConsumer }>({
  name: 'data-exchange',
  schema: 'data_exchange',
  messages: dataExchangeMessages,
  streamPrefixes: [ROAD_REGISTRY_STREAM_PREFIX, DATASET_STREAM_PREFIX, METADATA_RECORD_STREAM_PREFIX],
  controllers: [VoirieController, DatasetsController, CatalogueController],
  async migrate(infra, schema) {
    await migrateDataExchangeReadModels(infra.db, schema);
    await indexRoadRegistryEvents(infra.store);
  },
  prepare: (infra) => ensureVoirieStreams(infra.bus, { ackWaitMs: ORDERS_ACK_WAIT_MS }),
  readModels: (_infra, schema) => ({ registry: roadRegistryProjection(schema), datasets: datasetsProjection(schema) }),
  providers: ({ infra, schema, options, readModels }) => [
    { provide: INFRA, useValue: infra },
    {
      provide: READ_MODELS,
      useValue: {
        schema,
        registryUpToDate: () => upToDate(readModels.registry)(),
        datasetsUpToDate: upToDate(readModels.datasets),
      } satisfies ReadModels,
    },
    { provide: SERVICE_OPTIONS, useValue: options },
  ],
  // Orders are taken at once: each reply waits for its own read model instead (read your writes).
  ready: async () => undefined,
  workers: async ({ infra, onError }) => ({
    orders: await startVoirieOrderConsumer({
      bus: infra.bus,
      writer: createRoadRegistryWriter(infra.store),
      ackWaitMs: ORDERS_ACK_WAIT_MS,
      onError,
    }),
  }),
});

export type DataExchangeService = RunningService<'registry' | 'datasets', { orders: VoirieOrderConsumer }>;

/** `options` default to the environment's. */
export const startDataExchangeService = (infra: ServiceInfra, options: Partial<DataExchangeOptions> = {}): Promise<DataExchangeService> =>
  dataExchangeService.start(infra, { ...dataExchangeOptionsFromEnv(), ...options });
