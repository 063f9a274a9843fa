import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { parisToday } from '@digit/calendar';
import {
  ALERTS_OVERVIEW_POLICY,
  AlertsRequest,
  authorize,
  billingMessages,
  compareAlerts,
  conventionsMessages,
  dataExchangeMessages,
  grantedRoles,
  privacyMessages,
  supportMessages,
  type Alert,
  type AlertSourceView,
  type AlertsOverviewView,
  type AlertsView,
  type Caller,
  type Message,
} from '@digit/contracts';
import { sendMessage, type Bus } from '@digit/messaging';
import { CurrentCaller, RoutePolicy, type AuthenticatedRequest } from '../auth/route-policy.js';
import { requestOfRoute, type RouteRequest } from '../edge/request-of-route.js';
import { ApiError, BUS, ServiceClient } from '../http/service-client.js';

/** Every service's `alerts` query (R-SEC-6), and how a French reader names the service. */
const ALERT_SOURCES: readonly { readonly service: string; readonly label: string; readonly message: Message<AlertsRequest, AlertsView> }[] = [
  { service: 'conventions', label: 'des conventions', message: conventionsMessages.alerts },
  { service: 'data-exchange', label: 'd’échange de données', message: dataExchangeMessages.licenceAlerts },
  { service: 'support', label: 'du support', message: supportMessages.alerts },
  { service: 'privacy', label: 'RGPD', message: privacyMessages.alerts },
  { service: 'billing', label: 'de facturation', message: billingMessages.alerts },
];

/** A service slower than this is reported as not answering, so one slow service never holds the page. */
export const ALERTS_TIMEOUT_MS = 2000;

const unavailableAlert = (service: string, label: string, asOf: string): Alert => ({
  kind: 'service-unavailable',
  rule: 'R-SEC-6',
  severity: 'critical',
  subject: service,
  insee: null,
  date: asOf,
  message: `Le service ${label} ne répond pas : ses alertes ne sont pas connues. Vérifiez son état (page Système) puis rechargez.`,
  demo: false,
});

type SourceAnswer = { readonly source: AlertSourceView; readonly alerts: readonly Alert[] };

/**
 * `GET /api/v1/alerts?asOf=&insee=`: every service's alerts for one date, asked in parallel as
 * the caller, so each service's own policy decides what the caller reads (a town's people get
 * their town's; a role a service does not serve is not asked). A service that does not answer is
 * an alert of its own, never a failed page.
 */
@RoutePolicy(ALERTS_OVERVIEW_POLICY)
@Controller('api/v1/alerts')
export class AlertsOverviewController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    private readonly services: ServiceClient,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async alerts(@Req() request: RouteRequest & AuthenticatedRequest, @CurrentCaller() caller: Caller): Promise<AlertsOverviewView> {
    const built = await requestOfRoute(request, { method: 'GET', path: '/api/v1/alerts', query: { asOf: 'string', insee: 'string' } });
    const access = authorize(ALERTS_OVERVIEW_POLICY, caller, built);
    if (!access.ok) throw new ApiError(403, 'forbidden', access.message);
    const valid = await this.services.validBody(AlertsRequest, access.request);
    const asOf = valid.asOf ?? parisToday();
    const asked = { asOf, ...(valid.insee === undefined ? {} : { insee: valid.insee }) };
    const answers = await Promise.all(ALERT_SOURCES.map((source) => this.ask(source, asked, caller)));
    return { asOf, alerts: answers.flatMap((answer) => answer.alerts).sort(compareAlerts), sources: answers.map((answer) => answer.source) };
  }

  private async ask(source: (typeof ALERT_SOURCES)[number], request: AlertsRequest, caller: Caller): Promise<SourceAnswer> {
    const access = authorize(source.message.policy, caller, request);
    if (grantedRoles(source.message.policy, caller).length === 0 || !access.ok) {
      return { source: { service: source.service, status: 'not_asked', alerts: 0 }, alerts: [] };
    }
    try {
      const reply = await sendMessage(this.bus, source.message, access.request as AlertsRequest, caller, ALERTS_TIMEOUT_MS);
      if (reply.ok) return { source: { service: source.service, status: 'ok', alerts: reply.value.alerts.length }, alerts: reply.value.alerts };
    } catch {
      // No responder, timeout, NATS gone: the service does not answer.
    }
    return { source: { service: source.service, status: 'unavailable', alerts: 1 }, alerts: [unavailableAlert(source.service, source.label, request.asOf!)] };
  }
}
