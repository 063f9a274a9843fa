import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { commandSubject, INSEE_CODES, isDomainError, NewForecastDecisionDto, querySubject, ReconciliationRequestDto } from '@digit/contracts';
import {
  actualBasesOf,
  budgetDecider,
  budgetStreamId,
  DEVIATION_THRESHOLD,
  forecastBasesOf,
  reconciliationDecider,
  reconciliationStreamId,
} from './domain/index.js';
import { actorOf } from './billing.controller.js';
import { failureOf, notFound, requireYear, validBody } from './billing-failure.js';
import { BILLING_RUNTIME, type BillingRuntime } from './billing-runtime.js';
import type { ReconciliationView } from './read-model/reconciliation.view.js';

interface ReconciliationRequest {
  readonly year?: unknown;
  readonly actor?: unknown;
  readonly body?: unknown;
}

/**
 * The annual comparison of the compte administratif N with the forecast (R-BIL-5): beyond 15 %
 * on a pool or the total, a "new forecast N+1" action stays open until a decision closes it;
 * each town's adjustment is recorded by a process step and carried into its next statement.
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

  @MessagePattern(querySubject('billing', 'reconciliation'))
  reconciliation(payload: ReconciliationRequest) {
    return this.view(requireYear(payload?.year));
  }

  private async view(year: number) {
    const view = await this.runtime.state<ReconciliationView>(reconciliationStreamId(year));
    if (!view?.reconciledOn) {
      throw notFound('reconciliation-not-found', `L'exercice ${year} n'a pas encore été comparé au prévisionnel (POST /api/v1/billing/reconciliations/${year}).`);
    }
    return { ...view, threshold: DEVIATION_THRESHOLD };
  }
}
