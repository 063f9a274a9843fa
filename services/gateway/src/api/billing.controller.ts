import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { RoutePolicy } from '../auth/route-policy.js';
import {
  ActualCostsDto,
  BudgetCostsDto,
  commandSubject,
  InvestmentDto,
  NewForecastDecisionDto,
  NewRateDecisionDto,
  querySubject,
  ReconciliationRequestDto,
  RegularisationDecisionDto,
  StatementIssueDto,
} from '@digit/contracts';
import { identifierParam, integerParam, knownTown } from '../http/path-params.js';
import { ApiError, ServiceClient } from '../http/service-client.js';

interface HeaderSetter {
  setHeader(name: string, value: string): unknown;
}

interface BillingDocument {
  readonly contentType: string;
  readonly filename: string;
  readonly body: string;
}

const ACTOR = 'ops:gateway';

/** Budget years the EPT can plan (the billing domain's range). */
const yearParam = (year: string): number => integerParam('year', year, Number.NaN, 2000, 2099);

const halfParam = (half: string): 1 | 2 => {
  if (half === '1' || half === '2') return Number(half) as 1 | 2;
  throw new ApiError(400, 'invalid_request', `Le semestre vaut 1 (janvier–juin) ou 2 (juillet–décembre) (reçu « ${half} »).`, [
    { path: 'half', message: 'semestre 1 ou 2 attendu' },
  ]);
};

/** `1`, `1.html` or `2.csv`: the statement as JSON, as a printable page or as a spreadsheet. */
const statementFile = (file: string): { half: 1 | 2; format: 'json' | 'html' | 'csv' } => {
  const match = /^([^.]*)(?:\.(html|csv))?$/.exec(file);
  if (!match) {
    throw new ApiError(404, 'not_found', `Document inconnu « ${file} » : demandez {semestre}, {semestre}.html ou {semestre}.csv.`, [
      { path: 'half', message: 'format html ou csv attendu' },
    ]);
  }
  return { half: halfParam(match[1] ?? ''), format: (match[2] as 'html' | 'csv' | undefined) ?? 'json' };
};

/** /api/v1/billing [R-BIL]: budgets, each town's share, statements, reconciliation, investments; answered by the billing service over NATS. */
// Interim: DIGIT ops only, until these routes move to the typed catalogue with their own policies.
@RoutePolicy({ roles: ['ops'] })
@Controller('api/v1/billing')
export class BillingController {
  constructor(private readonly services: ServiceClient) {}

  @Put('budgets/:year')
  async setBudget(@Param('year') year: string, @Body() body: unknown) {
    const forYear = yearParam(year);
    const costs = await this.services.validBody(BudgetCostsDto, body);
    return this.services.ask(commandSubject('billing', 'set-budget'), { year: forYear, body: costs, actor: ACTOR });
  }

  @Get('budgets/:year')
  budget(@Param('year') year: string) {
    return this.services.ask(querySubject('billing', 'budget'), { year: yearParam(year) });
  }

  @Put('actuals/:year')
  async recordActualCosts(@Param('year') year: string, @Body() body: unknown) {
    const forYear = yearParam(year);
    const costs = await this.services.validBody(ActualCostsDto, body);
    return this.services.ask(commandSubject('billing', 'record-actual-costs'), { year: forYear, body: costs, actor: ACTOR });
  }

  @Get('investments')
  investments() {
    return this.services.ask(querySubject('billing', 'investments'), {});
  }

  @Post('investments')
  @HttpCode(201)
  async registerInvestment(@Body() body: unknown) {
    const investment = await this.services.validBody(InvestmentDto, body);
    return this.services.ask(commandSubject('billing', 'register-investment'), { body: investment, actor: ACTOR });
  }

  @Get('reconciliations/:year')
  reconciliation(@Param('year') year: string) {
    return this.services.ask(querySubject('billing', 'reconciliation'), { year: yearParam(year) });
  }

  @Post('reconciliations/:year')
  @HttpCode(201)
  async reconcile(@Param('year') year: string, @Body() body: unknown) {
    const forYear = yearParam(year);
    const request = await this.services.validBody(ReconciliationRequestDto, body ?? {});
    return this.services.ask(commandSubject('billing', 'reconcile-year'), { year: forYear, body: request, actor: ACTOR });
  }

  @Post('reconciliations/:year/decision')
  @HttpCode(201)
  async decideNewForecast(@Param('year') year: string, @Body() body: unknown) {
    const forYear = yearParam(year);
    const decision = await this.services.validBody(NewForecastDecisionDto, body);
    return this.services.ask(commandSubject('billing', 'decide-new-forecast'), { year: forYear, body: decision, actor: ACTOR });
  }

  /** R-BIL-5: the town's follow-up committee accepts, amends or refuses the proposed regularisation. */
  @Post('reconciliations/:year/regularisations/:insee/decision')
  @HttpCode(201)
  async decideRegularisation(@Param('year') year: string, @Param('insee') insee: string, @Body() body: unknown) {
    const forYear = yearParam(year);
    const town = knownTown(insee);
    const decision = await this.services.validBody(RegularisationDecisionDto, body);
    return this.services.ask(commandSubject('billing', 'decide-regularisation'), { year: forYear, insee: town, body: decision, actor: ACTOR });
  }

  @Get('rejections')
  rejections() {
    return this.services.ask(querySubject('billing', 'rejections'), {});
  }

  @Get(':insee/charges')
  charges(@Param('insee') insee: string) {
    return this.services.ask(querySubject('billing', 'town-charges'), { insee: knownTown(insee) });
  }

  /** R-BIL-5: the "new rate N+1" actions a change of the town's share opened. */
  @Get(':insee/rate-reviews')
  rateReviews(@Param('insee') insee: string) {
    return this.services.ask(querySubject('billing', 'rate-reviews'), { insee: knownTown(insee) });
  }

  @Post(':insee/rate-reviews/:actionId/decision')
  @HttpCode(201)
  async decideNewRate(@Param('insee') insee: string, @Param('actionId') actionId: string, @Body() body: unknown) {
    const town = knownTown(insee);
    const action = identifierParam('actionId', actionId);
    const decision = await this.services.validBody(NewRateDecisionDto, body);
    return this.services.ask(commandSubject('billing', 'decide-new-rate'), { insee: town, actionId: action, body: decision, actor: ACTOR });
  }

  /** CONTRACT.md: `{ lines: [{ pool, rate, baseCents, amountCents, ... }], totalCents, halves }` [R-BIL-2..6]. */
  @Get(':insee/:year')
  townShare(@Param('insee') insee: string, @Param('year') year: string) {
    return this.services.ask(querySubject('billing', 'town-share'), { insee: knownTown(insee), year: yearParam(year) });
  }

  @Post(':insee/:year/statements/:half')
  @HttpCode(201)
  async issueStatement(@Param('insee') insee: string, @Param('year') year: string, @Param('half') half: string, @Body() body: unknown) {
    const town = knownTown(insee);
    const forYear = yearParam(year);
    const request = await this.services.validBody(StatementIssueDto, body ?? {});
    return this.services.ask(commandSubject('billing', 'issue-statement'), { insee: town, year: forYear, half: halfParam(half), body: request, actor: ACTOR });
  }

  @Get(':insee/:year/statements/:file')
  async statement(
    @Param('insee') insee: string,
    @Param('year') year: string,
    @Param('file') file: string,
    @Res({ passthrough: true }) response: HeaderSetter,
  ) {
    const request = { insee: knownTown(insee), year: yearParam(year), ...statementFile(file) };
    if (request.format === 'json') return this.services.ask(querySubject('billing', 'statement'), request);
    const document = await this.services.ask<BillingDocument>(querySubject('billing', 'statement-document'), request);
    response.setHeader('Content-Type', document.contentType);
    const disposition = request.format === 'csv' ? 'attachment' : 'inline';
    response.setHeader('Content-Disposition', `${disposition}; filename="${document.filename}"`);
    return document.body;
  }
}
