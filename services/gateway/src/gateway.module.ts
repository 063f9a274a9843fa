import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { conventionsMessages, dataExchangeMessages, privacyMessages, supportMessages } from '@digit/contracts';
import type { EventStore } from '@digit/event-store';
import type { TokenVerifier } from '@digit/identity';
import type { Bus } from '@digit/messaging';
import { AuditController, EVENT_STORE } from './api/audit.controller.js';
import { BillingController } from './api/billing.controller.js';
import { ConventionsController } from './api/conventions.controller.js';
import { AuthGuard, TOKEN_VERIFIER } from './auth/auth.guard.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { catalogueRoutes } from './edge/catalogue-routes.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { BUS, ServiceClient } from './http/service-client.js';

/** Every route the catalogue's messages declare, before the hand-written ones (Express matches in order). */
const CATALOGUE_ROUTES = [
  catalogueRoutes('Conventions', Object.values(conventionsMessages)),
  catalogueRoutes('Privacy', Object.values(privacyMessages)),
  catalogueRoutes('DataExchange', Object.values(dataExchangeMessages)),
  catalogueRoutes('Support', Object.values(supportMessages)),
];

@Module({})
export class GatewayModule {
  static register(deps: { bus: Bus; store: EventStore; verifier: TokenVerifier }): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [
        ...CATALOGUE_ROUTES,
        ConventionsController,
        BillingController,
        AuditController,
        DashboardController,
      ],
      providers: [
        { provide: BUS, useValue: deps.bus },
        { provide: EVENT_STORE, useValue: deps.store },
        { provide: TOKEN_VERIFIER, useValue: deps.verifier },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        ServiceClient,
      ],
    };
  }
}
