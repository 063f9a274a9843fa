// Nest-style DTOs of @digit/contracts need the metadata API first.
import 'reflect-metadata';
import { parisNow } from '@digit/calendar';
import { startSubscription } from '@digit/event-store';
import { openServiceInfra, readOnlyEventStore, type ServiceInfra } from '@digit/runtime';
import { startBillingService } from '@digit/billing-service/app';
import { startConventionsService } from '@digit/conventions-service/app';
import { startDataExchangeService } from '@digit/data-exchange-service/app';
import { migrateDashboard, voirieOrdersProjection } from '@digit/gateway-service/dashboard/voirie';
import { startPrivacyService } from '@digit/privacy-service/app';
import { startSupportService } from '@digit/support-service/app';
import { extendTownList, metropolisTowns } from './metropolis-towns.js';

/**
 * The rebuild's process (spawned by the metropolis benchmark, killed at its deadline): the five
 * services in replay mode (a read-only store, no relay, no scheduler) on the metropolis's
 * history, and the gateway's dashboard projection, each from position 0 on empty schemas, as on
 * a first start. A process of its own because a service's start may wait for its read models to
 * catch up (support does), which at ten million events outlasts any deadline: a kill stops it.
 */
const { METROPOLIS_DATABASE_URL, METROPOLIS_NATS_URL, METROPOLIS_NAMESPACE, METROPOLIS_PREFIX } = process.env;
extendTownList(metropolisTowns());
const base = await openServiceInfra(
  {
    databaseUrl: METROPOLIS_DATABASE_URL!,
    natsUrl: METROPOLIS_NATS_URL!,
    natsNamespace: METROPOLIS_NAMESPACE!,
    schemaPrefix: METROPOLIS_PREFIX!,
    port: 0,
  },
  'bench-metropolis-rebuild',
);
const infra: ServiceInfra = { ...base, store: readOnlyEventStore(base.store), replay: { knownAt: parisNow() } };
const dashboard = infra.schema('dashboard');
await migrateDashboard(infra.db, dashboard);
startSubscription(infra.store, voirieOrdersProjection(dashboard), { idleMs: 100 });
// Those whose start returns at once first; support's waits for its read models.
for (const start of [startDataExchangeService, startConventionsService, startPrivacyService, startBillingService, startSupportService])
  await start(infra);
