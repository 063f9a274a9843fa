import { Controller, Inject } from '@nestjs/common';
import { addDays, parisToday } from '@digit/calendar';
import { alertsFor, isDomainError, privacyMessages, type Alert, type AlertsRequest, type Insee } from '@digit/contracts';
import { Handles } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import {
  draftProcessingAlerts,
  refusedCheckAlerts,
  REFUSED_CHECK_DAYS,
  RETENTION_DUE_WITHIN_DAYS,
  retentionAlerts,
  retentionDue,
  TRAINING_DUE_WITHIN_DAYS,
  trainingAlerts,
} from './domain/index.js';
import { heldPersonalData } from './held-personal-data.js';
import { INFRA } from './privacy-edge.js';
import { ALERT_CANDIDATES, latestChecksOfItems } from './read-model/processing-log.read-model.js';
import { loadDraftProcessings, loadRetentionRules } from './read-model/register.read-model.js';
import { loadAgentsDuePage } from './read-model/training.read-model.js';

/** R-SEC-6 in privacy: data held by a refused check (R-GDPR-2), draft processings (R-GDPR-1), agents' trainings due (R-GDPR-3), retention erasures due (art. 5(1)(e)). */
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
    const [checks, drafts, agents, retention] = await Promise.all([
      latestChecksOfItems(db, this.schema, period, request.insee),
      loadDraftProcessings(db, this.schema, request.insee, ALERT_CANDIDATES),
      // DIGIT's agents concern no town: a town's alerts leave them out.
      request.insee === undefined
        ? loadAgentsDuePage(db, this.schema, { asOf, withinDays: TRAINING_DUE_WITHIN_DAYS, limit: ALERT_CANDIDATES })
        : null,
      this.retentionAlerts(asOf, request.insee),
    ]);
    const alerts = [
      ...refusedCheckAlerts(checks),
      ...drafts.flatMap(({ insee, processing }) => draftProcessingAlerts(insee, [processing], asOf)),
      ...trainingAlerts(agents?.items ?? [], asOf),
      ...retention,
    ];
    return { asOf, alerts: alertsFor(alerts, request.insee) };
  }

  /** Erasures retention will make within RETENTION_DUE_WITHIN_DAYS days; while a holder does not answer, none are shown (its own alert says it is down). */
  private async retentionAlerts(asOf: string, insee: Insee | undefined): Promise<Alert[]> {
    const rules = await loadRetentionRules(this.infra.db, this.schema, insee);
    if (rules.size === 0) return [];
    const held = await heldPersonalData(this.infra.bus, insee ? { insee } : {});
    if (isDomainError(held)) return [];
    return [...rules].flatMap(([town, processings]) =>
      retentionAlerts(retentionDue(town, processings, held, asOf, RETENTION_DUE_WITHIN_DAYS)),
    );
  }
}
