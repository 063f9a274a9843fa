import { Controller, Inject } from '@nestjs/common';
import { alertsFor, supportMessages, type Alert, type AlertsRequest } from '@digit/contracts';
import { parisDateOf, parisMomentOf } from '@digit/calendar';
import { Handles } from '@digit/messaging';
import { interruptionAlert, requestAlerts } from './domain/index.js';
import { interruptionsAt } from './read-model/maintenance-notices.read-model.js';
import { ALERT_CANDIDATES, ticketsOpenAt } from './read-model/tickets.read-model.js';
import { SUPPORT_RUNTIME, type SupportRuntime } from './support-edge.js';

/** When more requests were open than the alerts look at, DIGIT is told so rather than shown a partial list as whole. */
const truncatedAlert = (at: string): Alert => ({
  kind: 'alerts-truncated',
  rule: 'R-SUP-3',
  severity: 'warning',
  subject: 'support',
  insee: null,
  date: parisDateOf(at),
  message: `Plus de ${ALERT_CANDIDATES} demandes étaient ouvertes : les alertes ne portent que sur les ${ALERT_CANDIDATES} plus anciennes ; consultez la liste des demandes (filtre breached=true).`,
  demo: false,
});

/** R-SEC-6 in support: response times (R-SUP-3), requests held by the privacy check (R-GDPR-2), interruptions (R-SUP-4). */
@Controller()
export class AlertsController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  @Handles(supportMessages.alerts)
  async alerts(request: AlertsRequest) {
    const now = this.runtime.now();
    const asOf = request.asOf ?? parisDateOf(now);
    const at = parisMomentOf(asOf, now);
    const { db } = this.runtime.infra;
    const [tickets, interruptions] = await Promise.all([
      ticketsOpenAt(db, this.runtime.schema, at, request.insee),
      interruptionsAt(db, this.runtime.schema, at),
    ]);
    const alerts = [
      ...tickets.slice(0, ALERT_CANDIDATES).flatMap((ticket) => requestAlerts(ticket.request, ticket.privacyCheckedAt, at)),
      ...interruptions.flatMap((notice) => interruptionAlert(notice, at, request.insee) ?? []),
      ...(tickets.length > ALERT_CANDIDATES ? [truncatedAlert(at)] : []),
    ];
    return { asOf, alerts: alertsFor(alerts, request.insee) };
  }
}
