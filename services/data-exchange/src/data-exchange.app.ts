import { setTimeout as sleep } from 'node:timers/promises';
import { Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { dataExchangeMessages } from '@digit/contracts';
import { startSubscription, type Subscription } from '@digit/event-store';
import { JetStreamTransport, startEventRelay, type EventRelay } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
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

@Module({})
class DataExchangeModule {
  static register(infra: ServiceInfra, readModels: ReadModels, options: DataExchangeOptions): DynamicModule {
    return {
      module: DataExchangeModule,
      controllers: [VoirieController, DatasetsController, CatalogueController],
      providers: [
        { provide: INFRA, useValue: infra },
        { provide: READ_MODELS, useValue: readModels },
        { provide: SERVICE_OPTIONS, useValue: options },
      ],
    };
  }
}

export interface DataExchangeService {
  readonly app: INestMicroservice;
  readonly registry: Subscription;
  readonly datasets: Subscription;
  /** None in a replay (issue 14): the bus carries nothing there. */
  readonly relay: EventRelay | undefined;
  stop(): Promise<void>;
}

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
 * third-party licences, answered on NATS as the message catalogue says (`dataExchangeMessages`). `options` default to the environment's.
 */
export const startDataExchangeService = async (infra: ServiceInfra, options: Partial<DataExchangeOptions> = {}): Promise<DataExchangeService> => {
  const settings = { ...dataExchangeOptionsFromEnv(), ...options };
  const schema = infra.schema('data_exchange');
  await migrateDataExchangeReadModels(infra.db, schema);
  await indexRoadRegistryEvents(infra.store);
  // A replay (issue 14) answers from the history alone: it takes no order and relays nothing.
  const live = !infra.replay;
  if (live) await ensureVoirieStreams(infra.bus, { ackWaitMs: ORDERS_ACK_WAIT_MS });
  const onError = (error: unknown) => console.error('data-exchange:', error);
  const registry = startSubscription(infra.store, roadRegistryProjection(schema), { onError });
  const datasets = startSubscription(infra.store, datasetsProjection(schema), { onError });
  const relay = live
    ? startEventRelay({
        store: infra.store,
        bus: infra.bus,
        context: 'data-exchange',
        streamPrefixes: [ROAD_REGISTRY_STREAM_PREFIX, DATASET_STREAM_PREFIX, METADATA_RECORD_STREAM_PREFIX],
        onError,
      })
    : undefined;
  const readModels: ReadModels = { schema, registryUpToDate: () => upToDate(registry)(), datasetsUpToDate: upToDate(datasets) };
  const app = await NestFactory.createMicroservice(DataExchangeModule.register(infra, readModels, settings), {
    strategy: new JetStreamTransport({ bus: infra.bus, service: 'data-exchange', store: infra.store, messages: Object.values(dataExchangeMessages) }),
    logger: ['error', 'warn'],
  });
  await app.listen();
  const orders: VoirieOrderConsumer | undefined = live ? await startVoirieOrderConsumer({ bus: infra.bus, writer: createRoadRegistryWriter(infra.store), ackWaitMs: ORDERS_ACK_WAIT_MS, onError }) : undefined;
  return {
    app,
    registry,
    datasets,
    relay,
    async stop() {
      await orders?.stop();
      await app.close();
      await relay?.stop();
      await registry.stop();
      await datasets.stop();
    },
  };
};
