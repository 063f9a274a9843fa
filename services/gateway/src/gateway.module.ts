import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { EventStore } from '@digit/event-store';
import type { Bus } from '@digit/messaging';
import { AuditController, EVENT_STORE } from './api/audit.controller.js';
import { BillingController } from './api/billing.controller.js';
import { ConventionsController } from './api/conventions.controller.js';
import { DatasetsController } from './api/datasets.controller.js';
import { PrivacyController } from './api/privacy.controller.js';
import { SupportController } from './api/support.controller.js';
import { VoirieController } from './api/voirie.controller.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { BUS, ServiceClient } from './http/service-client.js';

@Module({})
export class GatewayModule {
  static register(deps: { bus: Bus; store: EventStore }): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [ConventionsController, BillingController, SupportController, PrivacyController, VoirieController, DatasetsController, AuditController, DashboardController],
      providers: [
        { provide: BUS, useValue: deps.bus },
        { provide: EVENT_STORE, useValue: deps.store },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        ServiceClient,
      ],
    };
  }
}
