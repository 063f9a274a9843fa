import { conventionsMessages } from '@digit/contracts';
import { WrongExpectedVersionError, type EventStore } from '@digit/event-store';
import { defineService, type RunningService, type ServiceInfra, type Stoppable } from '@digit/runtime';
import { startCalendarTransitions } from './calendar-transitions.js';
import { ConventionCommandsController } from './convention-commands.controller.js';
import { ConventionsController } from './conventions.controller.js';
import { CONVENTION_STATES, CONVENTIONS_OPTIONS, INFRA, type ConventionsOptions } from './conventions-edge.js';
import { seedConventionEvents } from './seed/index.js';
import { startContactErasures } from './read-model/erasure.read-model.js';
import {
  conventionStatesProjection,
  CONVENTION_STREAM_PREFIX,
  migrateConventionStates,
} from './read-model/convention-states.read-model.js';

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

/** `DIGIT_TOWN_SIRETS`: JSON `{ "92012": "<14 digits>", ... }`; absent or malformed means none. */
export const conventionsOptionsFromEnv = (env: NodeJS.ProcessEnv = process.env): ConventionsOptions => {
  try {
    const parsed: unknown = JSON.parse(env.DIGIT_TOWN_SIRETS ?? '{}');
    return { siretByInsee: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {} };
  } catch {
    return { siretByInsee: {} };
  }
};

/**
 * The conventions context (R-CON): the seed's histories, the convention states read model, the
 * calendar's transitions and the contacts' erasures, answered on NATS as `conventionsMessages` says.
 */
export const conventionsService = defineService<ConventionsOptions, 'states', { calendar: Stoppable; erasures: Stoppable }>({
  name: 'conventions',
  schema: 'conventions',
  messages: conventionsMessages,
  streamPrefixes: [CONVENTION_STREAM_PREFIX],
  controllers: [ConventionsController, ConventionCommandsController],
  migrate: (infra, schema) => migrateConventionStates(infra.db, schema),
  prepare: (infra) => seedConventions(infra.store),
  readModels: (_infra, schema) => ({ states: conventionStatesProjection(schema) }),
  providers: ({ infra, options, readModels }) => [
    { provide: INFRA, useValue: infra },
    { provide: CONVENTION_STATES, useValue: readModels.states },
    { provide: CONVENTIONS_OPTIONS, useValue: options },
  ],
  workers: async ({ infra, onError }) => ({
    calendar: startCalendarTransitions(infra, { onError }),
    erasures: await startContactErasures(infra),
  }),
});

export type ConventionsService = RunningService<'states', { calendar: Stoppable; erasures: Stoppable }>;

export const startConventionsService = (
  infra: ServiceInfra,
  options: ConventionsOptions = conventionsOptionsFromEnv(),
): Promise<ConventionsService> => conventionsService.start(infra, options);
