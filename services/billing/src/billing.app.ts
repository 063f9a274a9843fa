import { Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { billingMessages, toPublishedEvent } from '@digit/contracts';
import { startSubscription, type Projection, type Subscription } from '@digit/event-store';
import { JetStreamTransport, migrateProcessedMessages, startEventRelay, type EventRelay } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
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
import { openSealedTexts } from '@digit/personal-data';

@Module({})
class BillingModule {
  static register(runtime: BillingRuntime): DynamicModule {
    return {
      module: BillingModule,
      controllers: [AlertsController, BillingController, StatementsController, ReconciliationsController, BillingEventsController],
      providers: [{ provide: BILLING_RUNTIME, useValue: runtime }],
    };
  }
}

export interface BillingService {
  readonly app: INestMicroservice;
  readonly streams: Subscription;
  /** The process steps; in a replay, the conventions' events read from the history (see below). */
  readonly steps: Subscription;
  /** None in a replay (issue 14): the bus carries nothing there. */
  readonly relay: EventRelay | undefined;
  stop(): Promise<void>;
}

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
export const startBillingService = async (infra: ServiceInfra): Promise<BillingService> => {
  const schema = infra.schema('billing');
  await migrateProcessedMessages(infra.db, schema);
  await migrateBillingReadModels(infra.db, schema);
  const onError = (error: unknown) => console.error('billing:', error);
  const streams = startSubscription(infra.store, billingStreamsProjection(schema), { onError });
  const steps = startSubscription(infra.store, infra.replay ? conventionEventsFromHistory(schema) : billingProcessSteps(infra.store, schema), { onError });
  const relay = infra.replay ? undefined : startEventRelay({ store: infra.store, bus: infra.bus, context: 'billing', streamPrefixes: BILLING_STREAM_PREFIXES, onError });
  const runtime = new BillingRuntime(infra, streams, steps);
  const app = await NestFactory.createMicroservice(BillingModule.register(runtime), {
    strategy: new JetStreamTransport({ bus: infra.bus, service: 'billing', store: infra.store, messages: Object.values(billingMessages), openReply: (reply) => openSealedTexts(reply, infra.keyStore) }),
    logger: ['error', 'warn'],
  });
  await app.listen();
  await runtime.settled();
  return {
    app,
    streams,
    steps,
    relay,
    async stop() {
      await app.close();
      await relay?.stop();
      await steps.stop();
      await streams.stop();
    },
  };
};
