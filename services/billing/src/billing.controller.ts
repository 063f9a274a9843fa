import { Controller, Inject } from '@nestjs/common';
import {
  billingMessages,
  DEFAULT_PAGE_SIZE,
  DomainError,
  isDomainError,
  townName,
  type BudgetRequest,
  type BudgetView,
  type InvestmentsRequest,
  type RecordActualCostsRequest,
  type RegisteredInvestment,
  type RegisterInvestmentRequest,
  type RejectionsRequest,
  type SetBudgetRequest,
  type TownShareRequest,
} from '@digit/contracts';
import { Handles, type MessageContext } from '@digit/messaging';
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
  type BudgetCommand,
  type BudgetState,
} from './domain/index.js';
import { BILLING_RUNTIME, type BillingRuntime } from './billing-runtime.js';
import { INVESTMENTS_LIST, loadListItem, loadListPage } from './read-model/billing-lists.js';
import { loadRejections } from './read-model/rejections.read-model.js';

/**
 * Budgets, actual costs, each town's yearly share and the investment register, over NATS
 * (R-BIL-1..3, R-BIL-6, R-BIL-7). Who acts is the caller (R-SEC-1); who may is the message's
 * policy (libs/contracts billing.messages.ts: changing budgets is GPSO finance's, R-SEC-4).
 */
@Controller()
export class BillingController {
  constructor(@Inject(BILLING_RUNTIME) private readonly runtime: BillingRuntime) {}

  @Handles(billingMessages.setBudget)
  async setBudget(request: SetBudgetRequest, context: MessageContext) {
    const { year, sigOperationalCents, payrollCents, structureFlatCents } = request;
    return this.changeBudget(
      year,
      { type: 'SetForecastBudget', data: { year, sigOperationalCents, payrollCents, structureFlatCents } },
      context,
    );
  }

  @Handles(billingMessages.recordActualCosts)
  async recordActualCosts(request: RecordActualCostsRequest, context: MessageContext) {
    const { year, closedOn, sigOperationalCents, payrollCents, structureFlatCents } = request;
    return this.changeBudget(
      year,
      { type: 'RecordActualCosts', data: { year, closedOn, sigOperationalCents, payrollCents, structureFlatCents } },
      context,
    );
  }

  private async changeBudget(year: number, command: BudgetCommand, context: MessageContext): Promise<BudgetView | DomainError> {
    const outcome = await this.runtime.decide(budgetDecider, budgetStreamId(year), command, context.metadata);
    if (isDomainError(outcome)) return outcome;
    return { ...(await this.budgetView(year)), recorded: outcome.decided.map((event) => event.type) };
  }

  @Handles(billingMessages.budget)
  async budget(request: BudgetRequest) {
    const view = await this.budgetView(request.year);
    return view.forecast ? view : budgetMissing(view.year);
  }

  private async budgetView(year: number): Promise<BudgetView> {
    const state = await this.runtime.state<BudgetState>(budgetStreamId(year));
    return { year, forecast: state?.forecast ?? null, actual: state?.actual ?? null };
  }

  /** CONTRACT.md `GET /api/v1/billing/{insee}/{year}`: lines per pool, total and the two halves. */
  @Handles(billingMessages.townShare)
  async townShare(request: TownShareRequest) {
    const { insee, year } = request;
    const budget = await this.runtime.state<BudgetState>(budgetStreamId(year));
    const bases = forecastBasesOf(budget ?? budgetDecider.initialState, year);
    if (isDomainError(bases)) return bases;
    const timeline = await this.runtime.timeline(insee);
    if (isDomainError(timeline)) return timeline;
    const share = townYearShare({ insee, year, bases, terms: timeline.periods });
    if (isDomainError(share)) return share;
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

  /** The line as registered: read back by its key, never the whole register (issue 18). */
  @Handles(billingMessages.registerInvestment)
  async registerInvestment(request: RegisterInvestmentRequest, context: MessageContext) {
    const { assetId, asset, costCents, startYear, depreciationYears } = request;
    const data = { assetId, asset, costCents, startYear, depreciationYears, recordedOn: this.runtime.today() };
    const outcome = await this.runtime.decide(
      investmentRegisterDecider,
      INVESTMENT_REGISTER_STREAM,
      { type: 'RegisterInvestment', data },
      context.metadata,
    );
    if (isDomainError(outcome)) return outcome;
    const line = await loadListItem<RegisteredInvestment>(this.runtime.db, INVESTMENTS_LIST, assetId);
    return line ?? new DomainError('not_found', 'investment_not_found', `L'investissement ${assetId} n'est pas au registre.`);
  }

  @Handles(billingMessages.investments)
  async investments(request: InvestmentsRequest) {
    const page = await loadListPage<RegisteredInvestment>(this.runtime.db, INVESTMENTS_LIST, {
      limit: request.limit ?? DEFAULT_PAGE_SIZE,
      after: request.after,
    });
    return { investments: page.items, next: page.next, depreciationRule: DEPRECIATION_RULE_FR };
  }

  @Handles(billingMessages.rejections)
  rejections(request: RejectionsRequest) {
    return loadRejections(this.runtime.infra.db, this.runtime.schema, { limit: request.limit ?? DEFAULT_PAGE_SIZE, after: request.after });
  }
}
