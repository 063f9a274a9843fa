import { Controller, Get, Header, Inject } from '@nestjs/common';
import { CurrentCaller, RoutePolicy } from '../auth/route-policy.js';
import { conventionsMessages, toPublishedEvent, type Caller } from '@digit/contracts';
import type { EventStore } from '@digit/event-store';
import { readDeadLetters, type Bus } from '@digit/messaging';
import { EVENT_STORE } from '../api/audit.controller.js';
import { parisToday } from '../http/paris-today.js';
import { BUS, ServiceClient } from '../http/service-client.js';
import { renderDashboard } from './dashboard.page.js';

/** The ops dashboard at `/` (its data routes: ops/ops.controller.ts, alerts/alerts-overview.controller.ts). */
// Interim: DIGIT ops only, until the dashboard's pages (issue 13) replace this one.
@RoutePolicy({ roles: ['ops'] })
@Controller()
export class DashboardController {
  constructor(
    private readonly services: ServiceClient,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async dashboard(@CurrentCaller() caller: Caller): Promise<string> {
    const head = await this.store.headPosition();
    const [towns, deadLetters, recent] = await Promise.all([
      this.services.send(conventionsMessages.towns, { today: parisToday() }, caller).catch(() => null),
      readDeadLetters(this.bus, 50).catch(() => null),
      this.store.readAll({ after: head > 30n ? head - 30n : 0n, limit: 30, sealed: true }),
    ]);
    return renderDashboard({
      generatedAt: new Date(),
      towns,
      deadLetters: deadLetters?.reverse() ?? null,
      recentEvents: recent.reverse().map(toPublishedEvent),
    });
  }
}
