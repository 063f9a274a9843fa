/** Public API of the billing domain (R-BIL): pure functions and deciders, no I/O. */
export { exact, formatRatePercent, isCents, isRate, roundToCents, sumCents } from './money.js';
export type { Cents } from './money.js';
export { HALVES, isHalf, semesterOf } from './semester.js';
export type { Half, Semester } from './semester.js';
export { ASSIMILATED_COSTS_RATE, personnelBaseOf, POOL_LABELS, POOLS, poolBasesOf } from './cost-pool.js';
export type { Pool, PoolBases, PoolCosts } from './cost-pool.js';
export { actualBasesOf, budgetDecider, budgetMissing, budgetStreamId, forecastBasesOf } from './budget.decider.js';
export type { BudgetCommand, BudgetEvent, BudgetFigures, BudgetState } from './budget.decider.js';
export { PRO_RATA_RULE_FR, townYearShare } from './town-share.js';
export type { HalfAmount, HalfPart, ShareLine, TermsPeriod, TownYearShare } from './town-share.js';
export { BUDGET_CHAPTER, statementDecider, statementStreamId } from './statement.decider.js';
export type { IssueStatement, StatementCommand, StatementEvent, StatementState, StatementView } from './statement.decider.js';
export { isCarriedLine, PERSONNEL_COMPONENT_LABELS, personnelComponentsOf } from './statement-lines.js';
export type {
  CarriedStatementLine,
  FirstHalfMakeUpLine,
  PersonnelComponent,
  PoolShareStatementLine,
  StatementLine,
} from './statement-lines.js';
export { renderStatementHtml } from './statement-html.js';
export { statementCsv } from './statement-csv.js';
export {
  compareCosts,
  DEVIATION_THRESHOLD,
  isBeyondThreshold,
  reconciliationDecider,
  reconciliationStreamId,
  regularisationsToPropose,
} from './reconciliation.decider.js';
export type {
  ComparisonScope,
  CostComparison,
  ReconcileYear,
  ReconciliationCommand,
  ReconciliationEvent,
  ReconciliationState,
  TownAdjustment,
} from './reconciliation.decider.js';
export { DEPRECIATION_RULE_FR, terminationDepreciationShare } from './depreciation.js';
export type { DepreciationLine, Investment, TerminationDepreciation, TerminationDepreciationInput } from './depreciation.js';
export { pendingChargeItems, townChargesDecider, townChargesStreamId } from './town-charges.decider.js';
export { REGULARISATION_OUTCOMES, REGULARISATION_STATUS_FR, regularisationProposalId } from './regularisation.js';
export type { DecideRegularisation, RegularisationOutcome, RegularisationRecord, RegularisationStatus } from './regularisation.js';
export type {
  ChargeItem,
  ChargeKind,
  ComplexProjectChargeApproval,
  TownChargesCommand,
  TownChargesEvent,
  TownChargesState,
  TrackedCharge,
} from './town-charges.decider.js';
export { depreciationInputOf, shareAmendmentOf } from './convention-facts.js';
export { newRateActionId, rateReviewDecider, rateReviewStreamId } from './rate-review.decider.js';
export type {
  NewRateAction,
  RateReviewCommand,
  RateReviewEvent,
  RateReviewState,
  ShareAmendment,
  ShareChange,
} from './rate-review.decider.js';
export { INVESTMENT_REGISTER_STREAM, investmentRegisterDecider } from './investment-register.decider.js';
export type {
  InvestmentRegisterCommand,
  InvestmentRegisterEvent,
  InvestmentRegisterState,
  RegisteredInvestment,
} from './investment-register.decider.js';
export {
  endedHalves,
  newForecastAlert,
  newRateAlerts,
  regularisationAlerts,
  STATEMENT_HALVES_WATCHED,
  statementAlerts,
  timelineUnknownAlert,
} from './billing-alerts.js';
