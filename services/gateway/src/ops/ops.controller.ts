import { Controller, Get, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { parisNow } from '@digit/calendar';
import {
  DEFAULT_PAGE_SIZE,
  DeadLettersRequest,
  OPS_ONLY_POLICY,
  OPS_READERS_POLICY,
  ReplayDeadLetterRequest,
  type Caller,
  type DeadLetterReplayView,
  type DeadLettersPageView,
  type SystemStatusView,
} from '@digit/contracts';
import type { EventStore } from '@digit/event-store';
import type { Bus } from '@digit/messaging';
import { EVENT_STORE } from '../api/audit.controller.js';
import { CurrentCaller, RoutePolicy, type AuthenticatedRequest } from '../auth/route-policy.js';
import { requestOfRoute, validRequest, type RouteRequest } from '../edge/request-of-route.js';
import { ApiError, BUS } from '../http/service-client.js';
import { readDeadLettersPage, replayDeadLetter } from './dead-letters.js';
import { systemStatus } from './system-status.js';

/** NATS did not answer a dead letters' read or replay: said as such, never as a 500. */
const natsUnavailable = (error: unknown): never => {
  if (error instanceof ApiError) throw error;
  throw new ApiError(
    503,
    'nats_unavailable',
    'Le bus de messages (NATS) ne répond pas : les lettres mortes ne peuvent être lues ni rejouées ; réessayez dans un instant.',
  );
};

/**
 * The "Système" page's data for DIGIT ops and auditors (issue 13): the store and its followers'
 * lag, JetStream's streams and consumers, the dead letters (paged) and each service's health; and
 * the replay of a dead letter, DIGIT ops' act, recorded in the history.
 */
@Controller('api/v1/ops')
export class OpsController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @RoutePolicy(OPS_READERS_POLICY)
  @Get('system')
  @Header('Cache-Control', 'no-store')
  async system(@Req() request: RouteRequest & AuthenticatedRequest): Promise<SystemStatusView> {
    await requestOfRoute(request, { method: 'GET', path: '/api/v1/ops/system' });
    return systemStatus(this.bus, this.store, parisNow());
  }

  @RoutePolicy(OPS_READERS_POLICY)
  @Get('dead-letters')
  @Header('Cache-Control', 'no-store')
  async deadLetters(@Req() request: RouteRequest & AuthenticatedRequest): Promise<DeadLettersPageView> {
    const built = await requestOfRoute(request, {
      method: 'GET',
      path: '/api/v1/ops/dead-letters',
      query: { limit: 'integer', after: 'string' },
    });
    const page = await validRequest(DeadLettersRequest, built);
    return readDeadLettersPage(this.bus, this.store, {
      limit: page.limit ?? DEFAULT_PAGE_SIZE,
      ...(page.after === undefined ? {} : { before: Number(page.after) }),
    }).catch(natsUnavailable);
  }

  @RoutePolicy(OPS_ONLY_POLICY)
  @Post('dead-letters/:seq/replay')
  @HttpCode(200)
  async replay(@Req() request: RouteRequest & AuthenticatedRequest, @CurrentCaller() caller: Caller): Promise<DeadLetterReplayView> {
    const built = await requestOfRoute(request, {
      method: 'POST',
      path: '/api/v1/ops/dead-letters/:seq/replay',
      params: { seq: 'integer' },
    });
    const { seq } = await validRequest(ReplayDeadLetterRequest, built);
    return replayDeadLetter(this.bus, this.store, seq, caller).catch(natsUnavailable);
  }
}
