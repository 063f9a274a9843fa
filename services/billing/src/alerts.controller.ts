import { Controller, Inject } from '@nestjs/common';
import { sql } from 'kysely';
import {
  alertsFor,
  billingMessages,
  conventionTermsTimeline,
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
  type Semester,
  type StatementState,
} from './domain/index.js';
import { BILLING_RUNTIME, type BillingRuntime } from './billing-runtime.js';
import { loadLists, rateReviewList, townRegularisationsList } from './read-model/billing-lists.js';
import { loadStreamStates } from './read-model/billing-streams.read-model.js';
import { loadConventionEventsOfTowns } from './read-model/convention-events.read-model.js';

const statementOf = (insee: Insee, semester: Semester): string =>
  statementStreamId(insee, Number(semester.from.slice(0, 4)), semester.half);

/**
 * R-SEC-6 in billing: mémoires not issued (R-BIL-4), regularisations awaiting the committee, new
 * rates and forecasts N+1 to decide (R-BIL-5). Every town's figures are read together, in a few
 * queries, so the dashboard's first page stays fast.
 */
@Controller()
export class AlertsController {
  constructor(@Inject(BILLING_RUNTIME) private readonly runtime: BillingRuntime) {}

  @Handles(billingMessages.alerts)
  async alerts(request: AlertsRequest) {
    const asOf = request.asOf ?? this.runtime.today();
    const towns = TOWNS.filter((town) => request.insee === undefined || town.insee === request.insee).map((town) => town.insee);
    const halves = endedHalves(asOf);
    const { db } = this.runtime;
    const [conventions, statements, lists, forecasts] = await Promise.all([
      loadConventionEventsOfTowns(this.runtime.infra.db, this.runtime.schema, towns),
      loadStreamStates<StatementState>(
        this.runtime.infra.db,
        this.runtime.schema,
        towns.flatMap((insee) => halves.map((semester) => statementOf(insee, semester))),
      ),
      loadLists<unknown>(
        db,
        towns.flatMap((insee) => [townRegularisationsList(insee), rateReviewList(insee)]),
      ),
      // The new forecast is the EPT's: a town's alerts leave it out.
      request.insee === undefined ? this.newForecastAlerts(asOf) : [],
    ]);
    const alerts = towns.flatMap((insee): Alert[] => {
      // Every town has a convention history: none received yet, or a gap, means billing is still receiving it.
      const received = conventions.get(insee);
      const issuedOn = (semester: Semester) => statements.get(statementOf(insee, semester))?.issued?.issuedOn ?? null;
      return [
        ...(received?.complete && received.events.length > 0
          ? statementAlerts(insee, conventionTermsTimeline(received.events), issuedOn, asOf)
          : [timelineUnknownAlert(insee, asOf)]),
        ...regularisationAlerts(insee, (lists.get(townRegularisationsList(insee)) ?? []) as RegularisationRecord[], asOf),
        ...newRateAlerts(insee, (lists.get(rateReviewList(insee)) ?? []) as NewRateAction[], asOf),
      ];
    });
    return { asOf, alerts: alertsFor([...alerts, ...forecasts], request.insee) };
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
