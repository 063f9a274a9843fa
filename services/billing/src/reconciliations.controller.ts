import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  commandSubject,
  INSEE_CODES,
  isDomainError,
  NewForecastDecisionDto,
  NewRateDecisionDto,
  querySubject,
  ReconciliationRequestDto,
  RegularisationDecisionDto,
} from '@digit/contracts';
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
  type RateReviewState,
  type TownChargesState,
} from './domain/index.js';
import { actorOf } from './billing.controller.js';
import { badRequest, failureOf, notFound, requireTown, requireYear, validBody } from './billing-failure.js';
import { BILLING_RUNTIME, type BillingRuntime } from './billing-runtime.js';
import type { ReconciliationView } from './read-model/reconciliation.view.js';

interface ReconciliationRequest {
  readonly insee?: unknown;
  readonly actionId?: unknown;
  readonly year?: unknown;
  readonly actor?: unknown;
  readonly body?: unknown;
}

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

  @MessagePattern(commandSubject('billing', 'reconcile-year'))
  async reconcile(payload: ReconciliationRequest) {
    const year = requireYear(payload?.year);
    const { reconciledOn = this.runtime.today() } = await validBody(ReconciliationRequestDto, payload.body);
    this.runtime.notInFuture(reconciledOn, 'reconciledOn');
    const budget = await this.runtime.current(budgetDecider, budgetStreamId(year));
    const forecast = forecastBasesOf(budget, year);
    if (isDomainError(forecast)) throw failureOf(forecast);
    const actual = actualBasesOf(budget, year);
    if (isDomainError(actual)) throw failureOf(actual);
    const towns = [];
    for (const insee of INSEE_CODES) towns.push({ insee, terms: (await this.runtime.timeline(insee)).periods });
    const command = { type: 'ReconcileYear' as const, data: { year, reconciledOn, forecast, actual, towns } };
    await this.runtime.decide(reconciliationDecider, reconciliationStreamId(year), command, actorOf(payload));
    return this.view(year);
  }

  @MessagePattern(commandSubject('billing', 'decide-new-forecast'))
  async decideNewForecast(payload: ReconciliationRequest) {
    const year = requireYear(payload?.year);
    const { decision, decidedOn = this.runtime.today() } = await validBody(NewForecastDecisionDto, payload.body);
    this.runtime.notInFuture(decidedOn, 'decidedOn');
    const command = { type: 'DecideNewForecast' as const, data: { year, decidedOn, decision: decision.trim() } };
    await this.runtime.decide(reconciliationDecider, reconciliationStreamId(year), command, actorOf(payload));
    return this.view(year);
  }

  @MessagePattern(commandSubject('billing', 'decide-regularisation'))
  async decideRegularisation(payload: ReconciliationRequest) {
    const year = requireYear(payload?.year);
    const insee = requireTown(payload.insee);
    const decision = await validBody(RegularisationDecisionDto, payload.body);
    this.runtime.notInFuture(decision.committeeDate, 'committeeDate');
    await this.runtime.decide(townChargesDecider, townChargesStreamId(insee), { type: 'DecideRegularisation', data: { insee, year, ...decision } }, actorOf(payload));
    return this.view(year);
  }

  @MessagePattern(querySubject('billing', 'rate-reviews'))
  rateReviews(payload: ReconciliationRequest) {
    return this.rateReviewsOf(requireTown(payload?.insee));
  }

  @MessagePattern(commandSubject('billing', 'decide-new-rate'))
  async decideNewRate(payload: ReconciliationRequest) {
    const insee = requireTown(payload?.insee);
    if (typeof payload.actionId !== 'string') throw badRequest("L'identifiant de l'action « nouveau taux » manque.", 'actionId');
    const { decision, decidedOn = this.runtime.today() } = await validBody(NewRateDecisionDto, payload.body);
    this.runtime.notInFuture(decidedOn, 'decidedOn');
    const command = { type: 'DecideNewRate' as const, data: { insee, actionId: payload.actionId, decidedOn, decision } };
    await this.runtime.decide(rateReviewDecider, rateReviewStreamId(insee), command, actorOf(payload));
    return this.rateReviewsOf(insee);
  }

  private async rateReviewsOf(insee: string) {
    const state = await this.runtime.state<RateReviewState>(rateReviewStreamId(insee));
    return { insee, actions: state?.actions ?? [] };
  }

  @MessagePattern(querySubject('billing', 'reconciliation'))
  reconciliation(payload: ReconciliationRequest) {
    return this.view(requireYear(payload?.year));
  }

  private async view(year: number) {
    const view = await this.runtime.state<ReconciliationView>(reconciliationStreamId(year));
    if (!view?.reconciledOn) {
      throw notFound('reconciliation-not-found', `L'exercice ${year} n'a pas encore été comparé au prévisionnel (POST /api/v1/billing/reconciliations/${year}).`);
    }
    const regularisations = [];
    for (const insee of INSEE_CODES) {
      const charges = await this.runtime.state<TownChargesState>(townChargesStreamId(insee));
      const record = charges?.regularisations?.find((candidate) => candidate.year === year);
      if (record) regularisations.push({ insee, ...record, statusLabel: REGULARISATION_STATUS_FR[record.status] });
    }
    return { ...view, threshold: DEVIATION_THRESHOLD, regularisations };
  }
}
