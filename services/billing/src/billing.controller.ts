import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ActualCostsDto, BudgetCostsDto, commandSubject, InvestmentDto, isDomainError, querySubject, townName } from '@digit/contracts';
import {
  budgetDecider,
  budgetMissing,
  budgetStreamId,
  DEPRECIATION_RULE_FR,
  forecastBasesOf,
  INVESTMENT_REGISTER_STREAM,
  investmentRegisterDecider,
  POOL_LABELS,
  PRO_RATA_RULE_FR,
  townYearShare,
  type BudgetState,
  type InvestmentRegisterState,
} from './domain/index.js';
import { failureOf, requireTown, requireYear, validBody } from './billing-failure.js';
import { BILLING_RUNTIME, type BillingRuntime } from './billing-runtime.js';
import { loadRejections } from './read-model/rejections.read-model.js';

interface Request {
  readonly insee?: unknown;
  readonly year?: unknown;
  readonly actor?: unknown;
  readonly body?: unknown;
}

export const actorOf = (payload: Request | undefined): string => (typeof payload?.actor === 'string' ? payload.actor : 'ops:unknown');

/** Budgets, actual costs, each town's yearly share and the investment register, over NATS (R-BIL-1..3, R-BIL-6, R-BIL-7). */
@Controller()
export class BillingController {
  constructor(@Inject(BILLING_RUNTIME) private readonly runtime: BillingRuntime) {}

  @MessagePattern(commandSubject('billing', 'set-budget'))
  async setBudget(payload: Request) {
    const year = requireYear(payload?.year);
    const costs = await validBody(BudgetCostsDto, payload.body);
    const outcome = await this.runtime.decide(budgetDecider, budgetStreamId(year), { type: 'SetForecastBudget', data: { year, ...costs } }, actorOf(payload));
    return { ...(await this.budgetView(year)), recorded: outcome.decided.map((event) => event.type) };
  }

  @MessagePattern(commandSubject('billing', 'record-actual-costs'))
  async recordActualCosts(payload: Request) {
    const year = requireYear(payload?.year);
    const { closedOn, ...costs } = await validBody(ActualCostsDto, payload.body);
    const command = { type: 'RecordActualCosts' as const, data: { year, closedOn, ...costs } };
    const outcome = await this.runtime.decide(budgetDecider, budgetStreamId(year), command, actorOf(payload));
    return { ...(await this.budgetView(year)), recorded: outcome.decided.map((event) => event.type) };
  }

  @MessagePattern(querySubject('billing', 'budget'))
  async budget(payload: Request) {
    const view = await this.budgetView(requireYear(payload?.year));
    if (!view.forecast) throw failureOf(budgetMissing(view.year));
    return view;
  }

  private async budgetView(year: number) {
    const state = await this.runtime.state<BudgetState>(budgetStreamId(year));
    return { year, forecast: state?.forecast ?? null, actual: state?.actual ?? null };
  }

  /** CONTRACT.md `GET /api/v1/billing/{insee}/{year}`: lines per pool, total and the two halves. */
  @MessagePattern(querySubject('billing', 'town-share'))
  async townShare(payload: Request) {
    const insee = requireTown(payload?.insee);
    const year = requireYear(payload.year);
    const budget = await this.runtime.state<BudgetState>(budgetStreamId(year));
    const bases = forecastBasesOf(budget ?? budgetDecider.initialState, year);
    if (isDomainError(bases)) throw failureOf(bases);
    const timeline = await this.runtime.timeline(insee);
    const share = townYearShare({ insee, year, bases, terms: timeline.periods });
    if (isDomainError(share)) throw failureOf(share);
    return {
      insee,
      townName: townName(insee),
      year,
      lines: share.lines.map((line) => ({ ...line, label: POOL_LABELS[line.pool] })),
      totalCents: share.totalCents,
      halves: share.halves,
      demoData: timeline.demo,
      proRataRule: PRO_RATA_RULE_FR,
    };
  }

  @MessagePattern(commandSubject('billing', 'register-investment'))
  async registerInvestment(payload: Request) {
    const investment = await validBody(InvestmentDto, payload?.body);
    const data = { ...investment, recordedOn: this.runtime.today() };
    await this.runtime.decide(investmentRegisterDecider, INVESTMENT_REGISTER_STREAM, { type: 'RegisterInvestment', data }, actorOf(payload));
    const register = await this.runtime.state<InvestmentRegisterState>(INVESTMENT_REGISTER_STREAM);
    return register?.investments.find((line) => line.assetId === investment.assetId);
  }

  @MessagePattern(querySubject('billing', 'investments'))
  async investments() {
    const register = await this.runtime.state<InvestmentRegisterState>(INVESTMENT_REGISTER_STREAM);
    return { investments: register?.investments ?? [], depreciationRule: DEPRECIATION_RULE_FR };
  }

  @MessagePattern(querySubject('billing', 'rejections'))
  rejections() {
    return loadRejections(this.runtime.infra.db, this.runtime.schema);
  }
}
