import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { EventStore } from '@digit/event-store';
import type { TokenVerifier } from '@digit/identity';
import type { Bus } from '@digit/messaging';
import { AlertsOverviewController } from './alerts/alerts-overview.controller.js';
import { API_DOCS_OPTIONS, ApiDocsController } from './api-docs/api-docs.controller.js';
import type { OpenApiOptions } from './api-docs/openapi.js';
import { AuditController, EVENT_STORE } from './api/audit.controller.js';
import { AuthGuard, TOKEN_VERIFIER } from './auth/auth.guard.js';
import { DASHBOARD_SIGN_IN, type DashboardSignIn } from './auth/dashboard-sign-in.js';
import {
  EMBEDDED_ISSUER,
  SignInInteractionController,
  type EmbeddedIssuer,
} from './auth/embedded-issuer/sign-in-interaction.controller.js';
import { SignInController } from './auth/sign-in.controller.js';
import { AssetsController } from './dashboard/assets.controller.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { DashboardServices } from './dashboard/dashboard-services.js';
import { KNOWN_AT_CONFIG, KnownAtReplays, type KnownAtConfig } from './dashboard/known-at/known-at-replays.js';
import { BillingController } from './dashboard/billing.controller.js';
import { PrivacyController } from './dashboard/privacy.controller.js';
import { SupportController } from './dashboard/support.controller.js';
import { SystemController } from './dashboard/system.controller.js';
import { TownController } from './dashboard/town.controller.js';
import { VoirieController } from './dashboard/voirie/voirie.controller.js';
import { DASHBOARD_STORE, VoirieOrdersService, type DashboardStore } from './dashboard/voirie/voirie-orders.service.js';
import { catalogueRoutes } from './edge/catalogue-routes.js';
import { CATALOGUES } from './edge/catalogues.js';
import { HealthController } from './health/health.controller.js';
import { OpsController } from './ops/ops.controller.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { BUS, ServiceClient } from './http/service-client.js';

/** Every route the catalogue's messages declare, before the hand-written ones (Express matches in order). */
const CATALOGUE_ROUTES = Object.values(CATALOGUES).map((catalogue) => catalogueRoutes(catalogue.tag, Object.values(catalogue.messages)));

@Module({})
export class GatewayModule {
  static register(deps: {
    bus: Bus;
    store: EventStore;
    verifier: TokenVerifier;
    signIn: DashboardSignIn;
    embeddedIssuer?: EmbeddedIssuer;
    dashboard: DashboardStore;
    knownAt: KnownAtConfig;
    apiDocs: OpenApiOptions;
  }): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [
        ...CATALOGUE_ROUTES,
        HealthController,
        ApiDocsController,
        SignInController,
        ...(deps.embeddedIssuer ? [SignInInteractionController] : []),
        AuditController,
        AlertsOverviewController,
        OpsController,
        AssetsController,
        DashboardController,
        TownController,
        VoirieController,
        SupportController,
        BillingController,
        PrivacyController,
        SystemController,
      ],
      providers: [
        { provide: BUS, useValue: deps.bus },
        { provide: EVENT_STORE, useValue: deps.store },
        { provide: TOKEN_VERIFIER, useValue: deps.verifier },
        { provide: API_DOCS_OPTIONS, useValue: deps.apiDocs },
        { provide: DASHBOARD_SIGN_IN, useValue: deps.signIn },
        ...(deps.embeddedIssuer ? [{ provide: EMBEDDED_ISSUER, useValue: deps.embeddedIssuer }] : []),
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: DASHBOARD_STORE, useValue: deps.dashboard },
        { provide: KNOWN_AT_CONFIG, useValue: deps.knownAt },
        KnownAtReplays,
        ServiceClient,
        DashboardServices,
        VoirieOrdersService,
      ],
    };
  }
}
