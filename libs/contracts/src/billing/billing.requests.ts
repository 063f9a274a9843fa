import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageRequestDto } from '../edge/paging.js';
import { IsCalendarDate } from '../http/calendar-date.js';
import { IsTown } from '../http/town.js';
import type { Insee } from '../towns.js';
import type { Half, RegularisationOutcome } from './billing-views.js';

/**
 * The billing service's requests [R-BIL], validated once, at the service's edge. Limits (issue 18):
 * - years 2000 to 2099 (the EPT plans no budget outside; conventions date back to 2008);
 * - a pool's budget or actual cost, an investment's cost: 0 to 100 000 000,00 € (10^10 cents), about
 *   200 times DIGIT's seed budget (137 000 € + 358 000 € + 63 000 €), so that every product of the
 *   billing rules (payroll × 1.04, base × rate × days, depreciation) stays exact in integer cents;
 *   a regularisation amended by the committee: −100 000 000,00 € to 100 000 000,00 €;
 * - free texts: decisions and notes 2,000 characters, committee references and asset names 500;
 *   identifiers (asset, action) 64 characters of letters, digits, `.`, `_`, `-`;
 * - pages of 1,000 at most (PageRequestDto).
 */
export const MAX_AMOUNT_CENTS = 10_000_000_000;
export const FIRST_BUDGET_YEAR = 2000;
export const LAST_BUDGET_YEAR = 2099;
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const YEAR_MESSAGE = { message: `year doit être une année entre ${FIRST_BUDGET_YEAR} et ${LAST_BUDGET_YEAR}` };
const whole = (field: string) => ({
  message: `${field} doit être un nombre entier de centimes, sans décimales (13700000 pour 137 000,00 €)`,
});
const notNegative = (field: string) => ({ message: `${field} ne peut pas être négatif` });
const atMostAmount = (field: string) => ({ message: `${field} vaut au plus ${MAX_AMOUNT_CENTS} centimes (100 000 000,00 €)` });
const atMost = (length: number) => ({ message: `$property : ${length} caractères au plus` });
const TEXT = { message: '$property doit être un texte' };

class YearRequest {
  @IsInt(YEAR_MESSAGE)
  @Min(FIRST_BUDGET_YEAR, YEAR_MESSAGE)
  @Max(LAST_BUDGET_YEAR, YEAR_MESSAGE)
  year!: number;
}

class TownRequest {
  @IsTown()
  insee!: Insee;
}

/** A list read by rank (the order its items were recorded in): the cursor is the last rank served. */
class RankedPageRequest extends PageRequestDto {
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'after doit être le curseur donné par la page précédente (champ next)' })
  override after?: string;
}

class TownYearRequest extends YearRequest {
  @IsTown()
  insee!: Insee;
}

/**
 * `PUT /api/v1/billing/budgets/{year}` (CONTRACT.md, R-BIL-1): the year's forecast of the three
 * cost pools in integer cents. The personnel base is payroll + 4 % (assimilated costs).
 */
export class SetBudgetRequest extends YearRequest {
  @IsInt(whole('sigOperationalCents'))
  @Min(0, notNegative('sigOperationalCents'))
  @Max(MAX_AMOUNT_CENTS, atMostAmount('sigOperationalCents'))
  sigOperationalCents!: number;

  @IsInt(whole('payrollCents'))
  @Min(0, notNegative('payrollCents'))
  @Max(MAX_AMOUNT_CENTS, atMostAmount('payrollCents'))
  payrollCents!: number;

  @IsInt(whole('structureFlatCents'))
  @Min(0, notNegative('structureFlatCents'))
  @Max(MAX_AMOUNT_CENTS, atMostAmount('structureFlatCents'))
  structureFlatCents!: number;
}

/** `PUT /api/v1/billing/actuals/{year}` (R-BIL-5): the compte administratif of the year, adopted on `closedOn`. */
export class RecordActualCostsRequest extends SetBudgetRequest {
  @IsCalendarDate({ message: "closedOn doit être la date d'adoption du compte administratif, au format AAAA-MM-JJ" })
  closedOn!: string;
}

/** `GET /api/v1/billing/budgets/{year}`. */
export class BudgetRequest extends YearRequest {}

/** `GET /api/v1/billing/{insee}/{year}` (CONTRACT.md). */
export class TownShareRequest extends TownYearRequest {}

const HALF_MESSAGE = { message: 'half vaut 1 (janvier–juin) ou 2 (juillet–décembre)' };

/** `GET /api/v1/billing/{insee}/{year}/statements/{half}` (and `.html`, `.csv`). */
export class StatementRequest extends TownYearRequest {
  @IsIn([1, 2], HALF_MESSAGE)
  half!: Half;
}

/** `POST /api/v1/billing/{insee}/{year}/statements/{half}` (R-BIL-4): issue the mémoire; today (Paris) unless `issuedOn` is given. */
export class IssueStatementRequest extends StatementRequest {
  @IsOptional()
  @IsCalendarDate({ message: "issuedOn doit être la date d'émission du mémoire, au format AAAA-MM-JJ" })
  issuedOn?: string;
}

/** `GET /api/v1/billing/{insee}/charges`: a page of the town's charges, in the order they were recorded. */
export class TownChargesRequest extends RankedPageRequest {
  @IsTown()
  insee!: Insee;
}

/** `GET /api/v1/billing/{insee}/rate-reviews` (R-BIL-5): the "new rate N+1" actions a change of the town's share opened. */
export class RateReviewsRequest extends RankedPageRequest {
  @IsTown()
  insee!: Insee;
}

/** `POST /api/v1/billing/{insee}/rate-reviews/{actionId}/decision` (R-BIL-5): the new rate N+1 the parties set. */
export class DecideNewRateRequest extends TownRequest {
  @Matches(IDENTIFIER, { message: "actionId : l'identifiant de l'action, 1 à 64 lettres, chiffres, points, tirets ou soulignés" })
  actionId!: string;

  @IsString(TEXT)
  @Matches(/\S/, {
    message: 'decision doit dire ce que les parties ont arrêté (nouveau taux de mise à disposition, référence du compte rendu)',
  })
  @MaxLength(2_000, atMost(2_000))
  decision!: string;

  @IsOptional()
  @IsCalendarDate({ message: 'decidedOn doit être une date réelle au format AAAA-MM-JJ' })
  decidedOn?: string;
}

/** `POST /api/v1/billing/reconciliations/{year}` (R-BIL-5): compare the compte administratif with the forecast; today (Paris) by default. */
export class ReconcileYearRequest extends YearRequest {
  @IsOptional()
  @IsCalendarDate({ message: 'reconciledOn doit être une date réelle au format AAAA-MM-JJ' })
  reconciledOn?: string;
}

/** `GET /api/v1/billing/reconciliations/{year}`. */
export class ReconciliationRequest extends YearRequest {}

/** `POST /api/v1/billing/reconciliations/{year}/decision` (R-BIL-5): the new forecast N+1 the parties agreed, closing the action. */
export class DecideNewForecastRequest extends YearRequest {
  @IsString(TEXT)
  @Matches(/\S/, { message: 'decision doit dire ce que les parties ont arrêté (nouveau budget prévisionnel, référence du compte rendu)' })
  @MaxLength(2_000, atMost(2_000))
  decision!: string;

  @IsOptional()
  @IsCalendarDate({ message: 'decidedOn doit être une date réelle au format AAAA-MM-JJ' })
  decidedOn?: string;
}

/**
 * `POST /api/v1/billing/reconciliations/{year}/regularisations/{insee}/decision` (R-BIL-5, R-SUP-6):
 * the town's follow-up committee accepts, amends (`amountCents`, integer cents, negative when owed
 * to the town) or refuses the proposed regularisation; only a decided one reaches a mémoire. That
 * `amountCents` goes with `amended` only is the regularisation's rule (billing domain, regularisation.ts).
 */
export class DecideRegularisationRequest extends TownYearRequest {
  @IsIn(['accepted', 'amended', 'refused'], { message: "outcome vaut 'accepted' (acceptée), 'amended' (amendée) ou 'refused' (refusée)" })
  outcome!: RegularisationOutcome;

  @IsOptional()
  @IsInt({ message: 'amountCents doit être un montant entier en centimes' })
  @Min(-MAX_AMOUNT_CENTS, { message: `amountCents vaut au moins -${MAX_AMOUNT_CENTS} centimes (-100 000 000,00 €)` })
  @Max(MAX_AMOUNT_CENTS, atMostAmount('amountCents'))
  amountCents?: number;

  @IsCalendarDate({ message: 'committeeDate doit être une date réelle au format AAAA-MM-JJ' })
  committeeDate!: string;

  @IsString(TEXT)
  @Matches(/\S/, { message: 'committeeReference doit citer le compte rendu du comité de suivi ou son identifiant' })
  @MaxLength(500, atMost(500))
  committeeReference!: string;

  @IsOptional()
  @IsString(TEXT)
  @MaxLength(2_000, atMost(2_000))
  note?: string;
}

const YEARS_MESSAGE = { message: "depreciationYears doit être un nombre entier d'années entre 1 et 100" };
const START_YEAR_MESSAGE = { message: `startYear doit être une année entre ${FIRST_BUDGET_YEAR} et ${LAST_BUDGET_YEAR}` };
const COST_MESSAGE = { message: 'costCents doit être un montant entier en centimes, strictement positif' };

/** `POST /api/v1/billing/investments` (R-BIL-7): a line of the EPT's investment register, depreciated linearly from 1 January of `startYear`. */
export class RegisterInvestmentRequest {
  @Matches(IDENTIFIER, { message: 'assetId : 1 à 64 lettres, chiffres, points, tirets ou soulignés' })
  assetId!: string;

  @IsString(TEXT)
  @Matches(/\S/, { message: "asset doit décrire l'investissement (par exemple « Serveur SIG web »)" })
  @MaxLength(500, atMost(500))
  asset!: string;

  @IsInt(COST_MESSAGE)
  @Min(1, COST_MESSAGE)
  @Max(MAX_AMOUNT_CENTS, atMostAmount('costCents'))
  costCents!: number;

  @IsInt(START_YEAR_MESSAGE)
  @Min(FIRST_BUDGET_YEAR, START_YEAR_MESSAGE)
  @Max(LAST_BUDGET_YEAR, START_YEAR_MESSAGE)
  startYear!: number;

  @IsInt(YEARS_MESSAGE)
  @Min(1, YEARS_MESSAGE)
  @Max(100, YEARS_MESSAGE)
  depreciationYears!: number;
}

/** `GET /api/v1/billing/investments`: a page of the register, in the order lines were entered. */
export class InvestmentsRequest extends RankedPageRequest {}

/** `GET /api/v1/billing/rejections`: a page of the refused facts, oldest first. */
export class RejectionsRequest extends RankedPageRequest {}
