import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { parisToday } from '@digit/calendar';
import { ALERTS_OVERVIEW_POLICY, AlertsRequest, authorize, type AlertsOverviewView, type Caller } from '@digit/contracts';
import type { Bus } from '@digit/messaging';
import { CurrentCaller, RoutePolicy, type AuthenticatedRequest } from '../auth/route-policy.js';
import { requestOfRoute, validRequest, type RouteRequest } from '../edge/request-of-route.js';
import { ApiError, BUS } from '../http/service-client.js';
import { gatherAlerts } from './gather-alerts.js';

/**
 * `GET /api/v1/alerts?asOf=&insee=`: every service's alerts for one date, asked in parallel as
 * the caller, so each service's own policy decides what the caller reads (a town's people get
 * their town's; a role a service does not serve is not asked). A service that does not answer is
 * an alert of its own, never a failed page.
 */
@RoutePolicy(ALERTS_OVERVIEW_POLICY)
@Controller('api/v1/alerts')
export class AlertsOverviewController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async alerts(@Req() request: RouteRequest & AuthenticatedRequest, @CurrentCaller() caller: Caller): Promise<AlertsOverviewView> {
    const built = await requestOfRoute(request, { method: 'GET', path: '/api/v1/alerts', query: { asOf: 'string', insee: 'string' } });
    const access = authorize(ALERTS_OVERVIEW_POLICY, caller, built);
    if (!access.ok) throw new ApiError(403, 'forbidden', access.message);
    const valid = await validRequest(AlertsRequest, access.request);
    return gatherAlerts(this.bus, caller, {
      asOf: valid.asOf ?? parisToday(),
      ...(valid.insee === undefined ? {} : { insee: valid.insee }),
    });
  }
}
