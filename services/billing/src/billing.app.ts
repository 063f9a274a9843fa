import { billingMessages, toPublishedEvent } from '@digit/contracts';
import type { Projection } from '@digit/event-store';
import { migrateProcessedMessages } from '@digit/messaging';
import { defineService, type RunningService, type ServiceInfra } from '@digit/runtime';
import { AlertsController } from './alerts.controller.js';
import { BillingController } from './billing.controller.js';
import { BillingEventsController } from './billing-events.controller.js';
import { billingProcessSteps } from './billing-process.js';
import { BILLING_RUNTIME, BillingRuntime } from './billing-runtime.js';
import { ReconciliationsController } from './reconciliations.controller.js';
import { StatementsController } from './statements.controller.js';
import { migrateBillingReadModels } from './read-model/billing.migrations.js';
import { BILLING_STREAM_PREFIXES, billingStreamsProjection } from './read-model/billing-streams.read-model.js';
import { recordConventionEvent } from './read-model/convention-events.read-model.js';

/**
 * Live, the conventions' events reach billing over the bus. A replay (issue 14) relays nothing
 * and decides nothing (the history holds what the steps and the consumers decided), so the
 * events billing keeps are read from the history, where the conventions service recorded them.
 */
const conventionEventsFromHistory = (schema: string): Projection => ({
  name: 'billing:convention-events',
  streamPrefixes: ['convention-'],
  apply: async (trx, event) => void (await recordConventionEvent(trx, schema, toPublishedEvent(event))),
});

/**
 * The billing service (R-BIL): its read models in schema `billing`, its process steps, the relay
 * of its events to `digit.events.billing.<type>`, and its NATS edge (queries, commands, and the
 * conventions' and support's events it consumes).
 */
export const billingService = defineService<void, 'streams' | 'steps'>({
  name: 'billing',
  schema: 'billing',
  messages: billingMessages,
  streamPrefixes: BILLING_STREAM_PREFIXES,
  controllers: [AlertsController, BillingController, StatementsController, ReconciliationsController, BillingEventsController],
  async migrate(infra, schema) {
    await migrateProcessedMessages(infra.db, schema);
    await migrateBillingReadModels(infra.db, schema);
  },
  readModels: (infra, schema) => ({
    streams: billingStreamsProjection(schema),
    steps: infra.replay ? conventionEventsFromHistory(schema) : billingProcessSteps(infra.store, schema),
  }),
  providers: ({ infra, readModels }) => [
    { provide: BILLING_RUNTIME, useValue: new BillingRuntime(infra, readModels.streams, readModels.steps) },
  ],
  // The process steps first, then the read model they feed.
  async ready({ readModels }) {
    await readModels.steps.caughtUp();
    await readModels.streams.caughtUp();
  },
});

export type BillingService = RunningService<'streams' | 'steps'>;

export const startBillingService = (infra: ServiceInfra): Promise<BillingService> => billingService.start(infra);
