import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { conventionsMessages } from '@digit/contracts';
import { startSubscription, WrongExpectedVersionError, type EventStore, type Subscription } from '@digit/event-store';
import { JetStreamTransport, startEventRelay, type EventRelay } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import { startCalendarTransitions } from './calendar-transitions.js';
import { ConventionCommandsController } from './convention-commands.controller.js';
import { ConventionsController } from './conventions.controller.js';
import { CONVENTION_STATES, CONVENTIONS_OPTIONS, INFRA, type ConventionsOptions } from './conventions-edge.js';
import { seedConventionEvents } from './seed/index.js';
import { startContactErasures } from './read-model/erasure.read-model.js';
import { conventionStatesProjection, CONVENTION_STREAM_PREFIX, migrateConventionStates } from './read-model/convention-states.read-model.js';
import { openSealedTexts } from '@digit/personal-data';

@Module({})
class ConventionsModule {
  static register(infra: ServiceInfra, states: Subscription, options: ConventionsOptions): DynamicModule {
    return {
      module: ConventionsModule,
      controllers: [ConventionsController, ConventionCommandsController],
      providers: [
        { provide: INFRA, useValue: infra },
        { provide: CONVENTION_STATES, useValue: states },
        { provide: CONVENTIONS_OPTIONS, useValue: options },
      ],
    };
  }
}

/** Appends the seed's histories once: a stream that exists already is left as it is. */
export const seedConventions = async (store: EventStore): Promise<void> => {
  for (const { streamId, events } of seedConventionEvents()) {
    try {
      await store.append(streamId, 'no_stream', events, { metadata: { actor: 'system:seed' } });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }
};

export interface ConventionsService {
  readonly app: INestMicroservice;
  readonly states: Subscription;
  /** None in a replay (issue 14): the bus carries nothing there. */
  readonly relay: EventRelay | undefined;
  stop(): Promise<void>;
}

/** `DIGIT_TOWN_SIRETS`: JSON `{ "92012": "<14 digits>", ... }`; absent or malformed means none. */
export const conventionsOptionsFromEnv = (env: NodeJS.ProcessEnv = process.env): ConventionsOptions => {
  try {
    const parsed: unknown = JSON.parse(env.DIGIT_TOWN_SIRETS ?? '{}');
    return { siretByInsee: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {} };
  } catch {
    return { siretByInsee: {} };
  }
};

export const startConventionsService = async (
  infra: ServiceInfra,
  options: ConventionsOptions = conventionsOptionsFromEnv(),
): Promise<ConventionsService> => {
  const schema = infra.schema('conventions');
  // A replay (issue 14) answers from the history alone: no seed, calendar, relay or erasure acts there.
  const live = !infra.replay;
  await migrateConventionStates(infra.db, schema);
  if (live) await seedConventions(infra.store);
  const onError = (error: unknown) => console.error('conventions:', error);
  const states = startSubscription(infra.store, conventionStatesProjection(schema), { onError });
  const relay = live ? startEventRelay({ store: infra.store, bus: infra.bus, context: 'conventions', streamPrefixes: [CONVENTION_STREAM_PREFIX], onError }) : undefined;
  const app = await NestFactory.createMicroservice(ConventionsModule.register(infra, states, options), {
    strategy: new JetStreamTransport({ bus: infra.bus, service: 'conventions', store: infra.store, messages: Object.values(conventionsMessages), openReply: (reply) => openSealedTexts(reply, infra.keyStore) }),
    logger: ['error', 'warn'],
  });
  await app.listen();
  const calendar = live ? startCalendarTransitions(infra, { onError }) : undefined;
  const erasures = live ? await startContactErasures(infra) : undefined;
  await states.caughtUp();
  return {
    app,
    states,
    relay,
    async stop() {
      await erasures?.stop();
      await calendar?.stop();
      await app.close();
      await relay?.stop();
      await states.stop();
    },
  };
};
