import { Module, type DynamicModule, type INestMicroservice, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AnyMessage } from '@digit/contracts';
import { startSubscription, type Projection, type Subscription } from '@digit/event-store';
import { JetStreamTransport, RethrowToMessageEdge, startEventRelay, type EventRelay } from '@digit/messaging';
import { openSealedTexts } from '@digit/personal-data';
import type { ServiceInfra } from './service-infra.js';

/** Something a service runs by itself (a scheduler, a consumer): stopped before its edge closes. */
export interface Stoppable {
  stop(): Promise<void>;
}

export type WorkerSet = Readonly<Record<string, Stoppable>>;

/** What a service's parts are built from, once its read models run. */
export interface ServiceContext<Options, ReadModelName extends string> {
  readonly infra: ServiceInfra;
  /** The service's own read-model schema (prefixed in tests). */
  readonly schema: string;
  readonly options: Options;
  readonly readModels: Readonly<Record<ReadModelName, Subscription>>;
  readonly onError: (error: unknown) => void;
}

/**
 * One declaration per service (issue 17): its schema and migrations, its read models, the
 * streams it relays, its message catalogue and the controllers that answer it, what its
 * controllers are given, and what it does by itself. `start` runs them in the one order every
 * service needs; a replay (issue 14) runs the same service without relay nor workers.
 */
export interface ServiceDefinition<Options, ReadModelName extends string, Workers extends WorkerSet = WorkerSet> {
  /** The NATS service name, the relay's context and the log prefix: `support`, `data-exchange`. */
  readonly name: string;
  /** The read-model schema's base name: `support`, `data_exchange`. */
  readonly schema: string;
  readonly messages: Readonly<Record<string, AnyMessage>>;
  /** The streams whose events this service publishes on `digit.events.<name>.<type>`. */
  readonly streamPrefixes: readonly string[];
  readonly controllers: readonly Type<unknown>[];
  /** Tables and indexes, before anything reads them (live and replay alike). */
  migrate(infra: ServiceInfra, schema: string): Promise<void>;
  /** Live only, after the migrations: seeds, streams the service consumes. */
  prepare?(infra: ServiceInfra, schema: string, options: Options): Promise<void>;
  readModels(infra: ServiceInfra, schema: string): Readonly<Record<ReadModelName, Projection>>;
  /** What the controllers are injected with. */
  providers(context: ServiceContext<Options, ReadModelName>): Provider[];
  /** Awaited before the service says it is ready; by default every read model has caught up. */
  ready?(context: ServiceContext<Options, ReadModelName>): Promise<void>;
  /** Live only: what the service does by itself, by name, started once it is ready. */
  workers?(context: ServiceContext<Options, ReadModelName>): Promise<Workers>;
}

export interface RunningService<ReadModelName extends string, Workers extends WorkerSet = WorkerSet> {
  readonly app: INestMicroservice;
  readonly readModels: Readonly<Record<ReadModelName, Subscription>>;
  /** None in a replay (issue 14): the bus carries nothing there, and nothing acts on its own. */
  readonly relay: EventRelay | undefined;
  readonly workers: Partial<Workers>;
  stop(): Promise<void>;
}

export interface DefinedService<Options, ReadModelName extends string, Workers extends WorkerSet = WorkerSet> {
  readonly definition: ServiceDefinition<Options, ReadModelName, Workers>;
  start(infra: ServiceInfra, options: Options): Promise<RunningService<ReadModelName, Workers>>;
}

const moduleOf = (name: string, controllers: readonly Type<unknown>[], providers: Provider[]): DynamicModule => {
  // One module class per service, named for Nest's logs and errors.
  const module = class {};
  Module({})(module);
  Object.defineProperty(module, 'name', { value: `${name}Module` });
  return { module, controllers: [...controllers], providers };
};

const startReadModels = <ReadModelName extends string>(
  infra: ServiceInfra,
  projections: Readonly<Record<ReadModelName, Projection>>,
  onError: (error: unknown) => void,
): Readonly<Record<ReadModelName, Subscription>> =>
  Object.fromEntries(
    Object.entries<Projection>(projections).map(([name, projection]) => [name, startSubscription(infra.store, projection, { onError })]),
  ) as Record<ReadModelName, Subscription>;

export const defineService = <Options, ReadModelName extends string, Workers extends WorkerSet = WorkerSet>(
  definition: ServiceDefinition<Options, ReadModelName, Workers>,
): DefinedService<Options, ReadModelName, Workers> => ({
  definition,
  async start(infra, options) {
    const schema = infra.schema(definition.schema);
    const live = !infra.replay;
    const onError = (error: unknown) => console.error(`${definition.name}:`, error);
    await definition.migrate(infra, schema);
    if (live) await definition.prepare?.(infra, schema, options);
    const readModels = startReadModels(infra, definition.readModels(infra, schema), onError);
    const relay = live
      ? startEventRelay({
          store: infra.store,
          bus: infra.bus,
          context: definition.name,
          streamPrefixes: definition.streamPrefixes,
          onError,
        })
      : undefined;
    const context: ServiceContext<Options, ReadModelName> = { infra, schema, options, readModels, onError };
    const app = await NestFactory.createMicroservice(moduleOf(definition.name, definition.controllers, definition.providers(context)), {
      strategy: new JetStreamTransport({
        bus: infra.bus,
        service: definition.name,
        store: infra.store,
        messages: Object.values(definition.messages),
        // Read models keep free text sealed; a reply is where it is opened (issue 15).
        openReply: (reply) => openSealedTexts(reply, infra.keyStore),
      }),
      logger: ['error', 'warn'],
    });
    // A thrown DomainError reaches the message edge as such (its status), not as Nest's generic 500.
    app.useGlobalFilters(new RethrowToMessageEdge());
    await app.listen();
    await (definition.ready
      ? definition.ready(context)
      : Promise.all(Object.values<Subscription>(readModels).map((model) => model.caughtUp())));
    const workers: Partial<Workers> = live ? ((await definition.workers?.(context)) ?? {}) : {};
    return {
      app,
      readModels,
      relay,
      workers,
      async stop() {
        for (const worker of Object.values<Stoppable | undefined>(workers).reverse()) await worker?.stop();
        await app.close();
        await relay?.stop();
        for (const model of Object.values<Subscription>(readModels)) await model.stop();
      },
    };
  },
});
