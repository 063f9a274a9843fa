import { Controller, Inject } from '@nestjs/common';
import { addDays, parisToday } from '@digit/calendar';
import { alertsFor, privacyMessages, type AlertsRequest } from '@digit/contracts';
import { Handles } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import { draftProcessingAlerts, refusedCheckAlerts, REFUSED_CHECK_DAYS, TRAINING_DUE_WITHIN_DAYS, trainingAlerts } from './domain/index.js';
import { INFRA } from './privacy-edge.js';
import { ALERT_CANDIDATES, latestChecksOfItems } from './read-model/processing-log.read-model.js';
import { loadDraftProcessings } from './read-model/register.read-model.js';
import { loadAgentsDuePage } from './read-model/training.read-model.js';

/** R-SEC-6 in privacy: data held by a refused check (R-GDPR-2), draft processings (R-GDPR-1), agents' trainings due (R-GDPR-3). */
@Controller()
export class AlertsController {
  constructor(@Inject(INFRA) private readonly infra: ServiceInfra) {}

  private get schema() {
    return this.infra.schema('privacy');
  }

  @Handles(privacyMessages.alerts)
  async alerts(request: AlertsRequest) {
    const asOf = request.asOf ?? parisToday();
    const { db } = this.infra;
    const period = { from: addDays(asOf, 1 - REFUSED_CHECK_DAYS), to: asOf };
    const [checks, drafts, agents] = await Promise.all([
      latestChecksOfItems(db, this.schema, period, request.insee),
      loadDraftProcessings(db, this.schema, request.insee, ALERT_CANDIDATES),
      // DIGIT's agents concern no town: a town's alerts leave them out.
      request.insee === undefined ? loadAgentsDuePage(db, this.schema, { asOf, withinDays: TRAINING_DUE_WITHIN_DAYS, limit: ALERT_CANDIDATES }) : null,
    ]);
    const alerts = [
      ...refusedCheckAlerts(checks),
      ...drafts.flatMap(({ insee, processing }) => draftProcessingAlerts(insee, [processing], asOf)),
      ...trainingAlerts(agents?.items ?? [], asOf),
    ];
    return { asOf, alerts: alertsFor(alerts, request.insee) };
  }
}
