import { Controller, Inject } from '@nestjs/common';
import {
  billingMessages,
  DEFAULT_PAGE_SIZE,
  DomainError,
  INSEE_CODES,
  isDomainError,
  type DecideNewForecastRequest,
  type DecideNewRateRequest,
  type DecideRegularisationRequest,
  type NewRateAction,
  type RateReviewsRequest,
  type RateReviewsView,
  type ReconcileYearRequest,
  type ReconciliationRequest,
  type ReconciliationView,
  type RegularisationRecord,
} from '@digit/contracts';
import { Handles, type MessageContext } from '@digit/messaging';
import {
  actualBasesOf,
  budgetDecider,
  budgetStreamId,
  DEVIATION_THRESHOLD,
  forecastBasesOf,
  rateReviewDecider,
  rateReviewStreamId,
  reconciliationDecider,
  reconciliationStreamId,
  REGULARISATION_STATUS_FR,
  townChargesDecider,
  townChargesStreamId,
} from './domain/index.js';
import { BILLING_RUNTIME, type BillingRuntime } from './billing-runtime.js';
import { loadList, loadListPage, rateReviewList, townRegularisationsList } from './read-model/billing-lists.js';
import type { FoldedReconciliation } from './read-model/reconciliation.view.js';

/**
 * The annual comparison of the compte administratif N with the forecast (R-BIL-5): beyond 15 %
 * on a pool or the total, a "new forecast N+1" action stays open until a decision closes it, and
 * each town's difference becomes a regularisation proposal (a process step) that only its
 * follow-up committee's decision turns into a charge for its next statement. A change of a town's
 * share likewise opens a "new rate N+1" action (rate reviews).
 */
@Controller()
export class ReconciliationsController {
  constructor(@Inject(BILLING_RUNTIME) private readonly runtime: BillingRuntime) {}

  @Handles(billingMessages.reconcileYear)
  async reconcile(request: ReconcileYearRequest, context: MessageContext) {
    const { year, reconciledOn = this.runtime.today() } = request;
    const future = this.runtime.inFuture(reconciledOn, 'reconciledOn');
    if (future) return future;
    const budget = await this.runtime.current(budgetDecider, budgetStreamId(year));
    const forecast = forecastBasesOf(budget, year);
    if (isDomainError(forecast)) return forecast;
    const actual = actualBasesOf(budget, year);
    if (isDomainError(actual)) return actual;
    const towns = [];
    for (const insee of INSEE_CODES) {
      const timeline = await this.runtime.timeline(insee);
      if (isDomainError(timeline)) return timeline;
      towns.push({ insee, terms: timeline.periods });
    }
    const command = { type: 'ReconcileYear' as const, data: { year, reconciledOn, forecast, actual, towns } };
    const outcome = await this.runtime.decide(reconciliationDecider, reconciliationStreamId(year), command, context.metadata);
    return isDomainError(outcome) ? outcome : this.view(year);
  }

  @Handles(billingMessages.decideNewForecast)
  async decideNewForecast(request: DecideNewForecastRequest, context: MessageContext) {
    const { year, decision, decidedOn = this.runtime.today() } = request;
    const future = this.runtime.inFuture(decidedOn, 'decidedOn');
    if (future) return future;
    const command = { type: 'DecideNewForecast' as const, data: { year, decidedOn, decision: decision.trim() } };
    const outcome = await this.runtime.decide(reconciliationDecider, reconciliationStreamId(year), command, context.metadata);
    return isDomainError(outcome) ? outcome : this.view(year);
  }

  @Handles(billingMessages.decideRegularisation)
  async decideRegularisation(request: DecideRegularisationRequest, context: MessageContext) {
    const { insee, year, outcome: decided, amountCents, committeeDate, committeeReference, note } = request;
    const future = this.runtime.inFuture(committeeDate, 'committeeDate');
    if (future) return future;
    const data = {
      insee,
      year,
      outcome: decided,
      committeeDate,
      committeeReference,
      ...(amountCents === undefined ? {} : { amountCents }),
      ...(note === undefined ? {} : { note }),
    };
    const outcome = await this.runtime.decide(
      townChargesDecider,
      townChargesStreamId(insee),
      { type: 'DecideRegularisation', data },
      context.metadata,
    );
    return isDomainError(outcome) ? outcome : this.view(year);
  }

  @Handles(billingMessages.rateReviews)
  rateReviews(request: RateReviewsRequest) {
    return this.rateReviewsOf(request.insee, request);
  }

  @Handles(billingMessages.decideNewRate)
  async decideNewRate(request: DecideNewRateRequest, context: MessageContext) {
    const { insee, actionId, decision, decidedOn = this.runtime.today() } = request;
    const future = this.runtime.inFuture(decidedOn, 'decidedOn');
    if (future) return future;
    const command = { type: 'DecideNewRate' as const, data: { insee, actionId, decidedOn, decision } };
    const outcome = await this.runtime.decide(rateReviewDecider, rateReviewStreamId(insee), command, context.metadata);
    return isDomainError(outcome) ? outcome : this.rateReviewsOf(insee, {});
  }

  private async rateReviewsOf(
    insee: RateReviewsView['insee'],
    page: { readonly limit?: number; readonly after?: string },
  ): Promise<RateReviewsView> {
    const actions = await loadListPage<NewRateAction>(this.runtime.db, rateReviewList(insee), {
      limit: page.limit ?? DEFAULT_PAGE_SIZE,
      after: page.after,
    });
    return { insee, actions: actions.items, next: actions.next };
  }

  @Handles(billingMessages.reconciliation)
  reconciliation(request: ReconciliationRequest) {
    return this.view(request.year);
  }

  /** The year's comparison and the eight towns' regularisations (each town's list holds one a year). */
  private async view(year: number): Promise<ReconciliationView | DomainError> {
    const view = await this.runtime.state<FoldedReconciliation>(reconciliationStreamId(year));
    if (!view?.reconciledOn) {
      return new DomainError(
        'not_found',
        'reconciliation_not_found',
        `L'exercice ${year} n'a pas encore été comparé au prévisionnel (POST /api/v1/billing/reconciliations/${year}).`,
      );
    }
    const regularisations = [];
    for (const insee of INSEE_CODES) {
      const record = (await loadList<RegularisationRecord>(this.runtime.db, townRegularisationsList(insee))).find(
        (candidate) => candidate.year === year,
      );
      if (record) regularisations.push({ insee, ...record, statusLabel: REGULARISATION_STATUS_FR[record.status] });
    }
    return { ...view, threshold: DEVIATION_THRESHOLD, regularisations };
  }
}
