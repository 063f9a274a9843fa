import {
  authorize,
  billingMessages,
  compareAlerts,
  conventionsMessages,
  dataExchangeMessages,
  grantedRoles,
  privacyMessages,
  supportMessages,
  type Alert,
  type AlertsOverviewView,
  type AlertsRequest,
  type AlertSourceView,
  type AlertsView,
  type Caller,
  type Message,
} from '@digit/contracts';
import { sendMessage, type Bus } from '@digit/messaging';

/** Every service's `alerts` query (R-SEC-6), and how a French reader names the service. */
const ALERT_SOURCES: readonly { readonly service: string; readonly label: string; readonly message: Message<AlertsRequest, AlertsView> }[] =
  [
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
 * Every service's alerts for `request.asOf` (and `request.insee`), asked in parallel as `caller`:
 * each service's own policy decides what the caller reads (a town's people get their town's; a
 * service whose alerts the caller's roles do not read is not asked). A service that does not
 * answer within ALERTS_TIMEOUT_MS is an alert of its own, never a failed answer. For the
 * dashboard's pages as for `GET /api/v1/alerts`.
 */
export const gatherAlerts = async (
  bus: Bus,
  caller: Caller,
  request: AlertsRequest & { readonly asOf: string },
): Promise<AlertsOverviewView> => {
  const answers = await Promise.all(ALERT_SOURCES.map((source) => askSource(bus, source, request, caller)));
  return {
    asOf: request.asOf,
    alerts: answers.flatMap((answer) => answer.alerts).sort(compareAlerts),
    sources: answers.map((answer) => answer.source),
  };
};

const askSource = async (
  bus: Bus,
  source: (typeof ALERT_SOURCES)[number],
  request: AlertsRequest & { readonly asOf: string },
  caller: Caller,
): Promise<SourceAnswer> => {
  const access = authorize(source.message.policy, caller, request);
  if (grantedRoles(source.message.policy, caller).length === 0 || !access.ok) {
    return { source: { service: source.service, status: 'not_asked', alerts: 0 }, alerts: [] };
  }
  try {
    const reply = await sendMessage(bus, source.message, access.request as AlertsRequest, caller, ALERTS_TIMEOUT_MS);
    if (reply.ok)
      return { source: { service: source.service, status: 'ok', alerts: reply.value.alerts.length }, alerts: reply.value.alerts };
  } catch {
    // No responder, timeout, NATS gone: the service does not answer.
  }
  return {
    source: { service: source.service, status: 'unavailable', alerts: 1 },
    alerts: [unavailableAlert(source.service, source.label, request.asOf)],
  };
};
