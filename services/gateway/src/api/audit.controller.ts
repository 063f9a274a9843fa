import { Controller, Get, Inject, Query } from '@nestjs/common';
import { RoutePolicy } from '../auth/route-policy.js';
import { toPublishedEvent } from '@digit/contracts';
import type { EventStore } from '@digit/event-store';
import { integerParam } from '../http/path-params.js';

export const EVENT_STORE = Symbol('EVENT_STORE');

/** The global history for auditors, in order, with each event's hash (CONTRACT.md). */
// Interim: DIGIT ops only, until these routes move to the typed catalogue with their own policies.
@RoutePolicy({ roles: ['ops'] })
@Controller('api/v1/audit')
export class AuditController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('events')
  async events(@Query('after') after?: string, @Query('limit') limit?: string) {
    const from = BigInt(integerParam('after', after, 0, 0, Number.MAX_SAFE_INTEGER));
    // As stored: each event's hash covers its data with personal fields encrypted.
    const events = await this.store.readAll({ after: from, limit: integerParam('limit', limit, 100, 1, 1000), sealed: true });
    return {
      events: events.map(toPublishedEvent),
      next: events.length > 0 ? events.at(-1)!.position.toString() : from.toString(),
    };
  }
}
