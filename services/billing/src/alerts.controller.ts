import { Controller, Inject } from '@nestjs/common';
import { sql } from 'kysely';
import {
  alertsFor,
  billingMessages,
  isDomainError,
  TOWNS,
  type Alert,
  type AlertsRequest,
  type Insee,
  type NewRateAction,
  type ReconciliationView,
  type RegularisationRecord,
} from '@digit/contracts';
import { Handles } from '@digit/messaging';
import {
  endedHalves,
  newForecastAlert,
  newRateAlerts,
  regularisationAlerts,
  statementAlerts,
  statementStreamId,
  timelineUnknownAlert,
  type StatementState,
} from './domain/index.js';
import { BILLING_RUNTIME, type BillingRuntime } from './billing-runtime.js';
import { loadList, rateReviewList, townRegularisationsList } from './read-model/billing-lists.js';

/** R-SEC-6 in billing: mémoires not issued (R-BIL-4), regularisations awaiting the committee, new rates and forecasts N+1 to decide (R-BIL-5). */
@Controller()
export class AlertsController {
  constructor(@Inject(BILLING_RUNTIME) private readonly runtime: BillingRuntime) {}

  @Handles(billingMessages.alerts)
  async alerts(request: AlertsRequest) {
    const asOf = request.asOf ?? this.runtime.today();
    const towns = TOWNS.filter((town) => request.insee === undefined || town.insee === request.insee);
    const [perTown, forecasts] = await Promise.all([
      Promise.all(towns.map((town) => this.townAlerts(town.insee, asOf))),
      // The new forecast is the EPT's: a town's alerts leave it out.
      request.insee === undefined ? this.newForecastAlerts(asOf) : [],
    ]);
    return { asOf, alerts: alertsFor([...perTown.flat(), ...forecasts], request.insee) };
  }

  private async townAlerts(insee: Insee, asOf: string): Promise<Alert[]> {
    const db = this.runtime.db;
    const halves = endedHalves(asOf);
    const [timeline, statements, regularisations, actions] = await Promise.all([
      this.runtime.timeline(insee),
      Promise.all(halves.map(async (semester) => ({ semester, state: await this.runtime.state<StatementState>(statementStreamId(insee, Number(semester.from.slice(0, 4)), semester.half)) }))),
      loadList<RegularisationRecord>(db, townRegularisationsList(insee)),
      loadList<NewRateAction>(db, rateReviewList(insee)),
    ]);
    const issuedOn = new Map(statements.map(({ semester, state }) => [semester.from, state?.issued?.issuedOn ?? null]));
    return [
      ...(isDomainError(timeline) ? [timelineUnknownAlert(insee, asOf)] : statementAlerts(insee, timeline, (semester) => issuedOn.get(semester.from) ?? null, asOf)),
      ...regularisationAlerts(insee, regularisations, asOf),
      ...newRateAlerts(insee, actions, asOf),
    ];
  }

  /** Every year's comparison whose "new forecast N+1" action is open (a few years at most). */
  private async newForecastAlerts(asOf: string): Promise<Alert[]> {
    const rows = await this.runtime.db
      .selectFrom('billing_streams')
      .select('state')
      .where('stream_id', 'like', 'reconciliation-%')
      .where(sql<boolean>`state->'newForecast'->>'status' = 'open'`)
      .execute();
    return rows.flatMap(({ state }) => {
      const view = state as unknown as ReconciliationView;
      return view.year === null ? [] : (newForecastAlert(view.year, view.reconciledOn, view.newForecast, asOf) ?? []);
    });
  }
}
