import type { CalendarDate } from '../conventions/convention-view.js';
import type { Insee } from '../towns.js';

/**
 * The public shapes of the billing service's answers [R-BIL], shared by the service that computes
 * them (its domain imports them) and every caller. Money is integer cents (CONTRACT.md), rates are
 * decimal strings.
 */

/** Integer euro cents, a safe integer (R-BIL-3). */
export type Cents = number;

/** The three cost pools of the convention's article 6 (R-BIL-1). */
export type Pool = 'sig' | 'personnel' | 'structure';

/** Half 1 is January to June, half 2 July to December (R-BIL-4). */
export type Half = 1 | 2;

/** What the EPT enters for a year, forecast or actual (the PUT body). */
export interface PoolCosts {
  readonly sigOperationalCents: Cents;
  readonly payrollCents: Cents;
  readonly structureFlatCents: Cents;
}

/** The entered costs plus the personnel base derived from them (payroll + 4 %), recorded so replay never recomputes. */
export interface BudgetFigures extends PoolCosts {
  readonly personnelBaseCents: Cents;
}

/** `PUT|GET /api/v1/billing/budgets/{year}`, `PUT /api/v1/billing/actuals/{year}`. */
export interface BudgetView {
  readonly year: number;
  readonly forecast: BudgetFigures | null;
  readonly actual: (BudgetFigures & { readonly closedOn: CalendarDate }) | null;
  /** Commands only: the events the call recorded (none for the same figures again). */
  readonly recorded?: readonly string[];
}

/** The part of a share line that falls in one half of the year. */
export interface HalfPart {
  readonly half: Half;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly days: number;
  readonly amountCents: Cents;
}

/** One pool over one run of days with the same rate: the unit that is rounded (R-BIL-3). */
export interface ShareLine {
  readonly pool: Pool;
  readonly rate: string;
  readonly baseCents: Cents;
  readonly amountCents: Cents;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly days: number;
  /** Only the halves the line has days in; their amounts add up to `amountCents`. */
  readonly halves: readonly HalfPart[];
}

export interface HalfAmount {
  readonly half: Half;
  readonly amountCents: Cents;
}

/** CONTRACT.md `GET /api/v1/billing/{insee}/{year}`: lines per pool, total and the two halves [R-BIL-2..6]. */
export interface TownShareView {
  readonly insee: Insee;
  readonly townName: string;
  readonly year: number;
  readonly lines: readonly (ShareLine & { readonly label: string })[];
  readonly totalCents: Cents;
  readonly halves: readonly HalfAmount[];
  readonly demoData: boolean;
  readonly proRataRule: string;
}

/**
 * A line waiting for a town's statement, beyond its yearly share: a complex-project charge the
 * follow-up committee approved (R-BIL-8), a regularisation it decided (R-BIL-5), or the
 * depreciation share of an early termination (R-BIL-7). Negative amounts are owed to the town.
 */
export type ChargeKind = 'complex-project-charge' | 'reconciliation-adjustment' | 'depreciation-share';

export interface ChargeItem {
  readonly itemId: string;
  readonly kind: ChargeKind;
  readonly label: string;
  readonly amountCents: Cents;
}

export interface TrackedCharge extends ChargeItem {
  /** The statement number the item was carried into, null while pending. */
  readonly carriedInto: string | null;
}

/** Article 6.2 counts the agents' pay and the assimilated costs (4 % of the payroll) apart. */
export interface PersonnelComponent {
  readonly component: 'payroll' | 'assimilated';
  readonly label: string;
  /** The component's annual base: the payroll, or the assimilated costs (personnel base − payroll). */
  readonly baseCents: Cents;
  readonly amountCents: Cents;
}

export interface PoolShareStatementLine {
  readonly lineNo: number;
  readonly kind: 'pool-share';
  readonly label: string;
  readonly pool: Pool;
  readonly rate: string;
  /** The annual base the rate applies to. */
  readonly baseCents: Cents;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly days: number;
  readonly semesterDays: number;
  /** For the personnel pool: the line as payroll and assimilated costs, which add up to it (R-BIL-1). */
  readonly components?: readonly PersonnelComponent[];
  readonly amountCents: Cents;
}

/**
 * Half 2 only: what the first half's mémoire billed for a pool differs from the first half's share
 * on the budget and terms in force when the second is issued (a budget amended after the first
 * mémoire, art. 6.4): the difference is made up here, so the two mémoires add up to the year.
 */
export interface FirstHalfMakeUpLine {
  readonly lineNo: number;
  readonly kind: 'first-half-make-up';
  readonly label: string;
  readonly pool: Pool;
  readonly firstHalfStatement: string;
  readonly billedCents: Cents;
  readonly dueCents: Cents;
  readonly amountCents: Cents;
}

export interface CarriedStatementLine {
  readonly lineNo: number;
  readonly kind: ChargeKind;
  readonly label: string;
  readonly itemId: string;
  readonly amountCents: Cents;
}

export type StatementLine = PoolShareStatementLine | FirstHalfMakeUpLine | CarriedStatementLine;

/** The semi-annual mémoire (R-BIL-4): everything the printed mémoire and its CSV show, recorded whole. */
export interface StatementView {
  readonly number: string;
  readonly insee: Insee;
  readonly townName: string;
  readonly year: number;
  readonly half: Half;
  readonly periodFrom: CalendarDate;
  readonly periodTo: CalendarDate;
  readonly issuedOn: CalendarDate;
  readonly chapter: string;
  readonly lines: readonly StatementLine[];
  /** Positive: the town pays the EPT; negative: the EPT pays the town back. */
  readonly totalCents: Cents;
  /** True for the seven towns whose options and shares are demo data, not the seed's (DOMAIN.md). */
  readonly demoData: boolean;
}

/** A statement as a document (`.html` printable A4, `.csv` for the town's finance department). */
export interface StatementDocument {
  readonly content: string;
}

export type RegularisationOutcome = 'accepted' | 'amended' | 'refused';

/**
 * `carried-without-decision`: a regularisation booked by the system before the committee rule (the
 * legacy `ReconciliationAdjustmentRecorded` event) that a mémoire had already carried; history keeps it.
 */
export type RegularisationStatus = 'proposed' | RegularisationOutcome | 'carried-without-decision';

export interface RegularisationRecord {
  readonly year: number;
  readonly proposalId: string;
  /** Null for a legacy proposal, whose event did not record the comparison's date. */
  readonly reconciledOn: CalendarDate | null;
  readonly forecastShareCents: Cents;
  readonly actualShareCents: Cents;
  /** Actual share minus forecast share: positive, the town would owe it; negative, it would be owed. */
  readonly proposedCents: Cents;
  readonly label: string;
  readonly status: RegularisationStatus;
  readonly decidedCents: Cents | null;
  readonly committeeDate: CalendarDate | null;
  readonly committeeReference: string | null;
}

/** `GET /api/v1/billing/{insee}/charges`: a page of the town's charges, what is pending, its regularisations (one a year). */
export interface TownChargesView {
  readonly insee: Insee;
  readonly items: readonly TrackedCharge[];
  readonly next: string | null;
  /** Every pending item's amount, all pages included. */
  readonly pendingCents: Cents;
  readonly regularisations: readonly RegularisationRecord[];
}

export type ComparisonScope = Pool | 'total';

export interface CostComparison {
  readonly scope: ComparisonScope;
  readonly forecastCents: Cents;
  readonly actualCents: Cents;
  /** actual − forecast: positive when the EPT spent more than forecast. */
  readonly deviationCents: Cents;
  /** 100 × deviation / forecast to two decimals, for people; null when the forecast is zero. */
  readonly deviationPercent: string | null;
  readonly beyondThreshold: boolean;
}

/**
 * The town's share on actuals minus its share on forecast. Positive: the town would owe the EPT;
 * negative: the EPT would owe the town. Computed, never a charge by itself (R-BIL-5).
 */
export interface TownAdjustment {
  readonly insee: Insee;
  readonly forecastShareCents: Cents;
  readonly actualShareCents: Cents;
  readonly adjustmentCents: Cents;
}

/** The "new forecast N+1" action a difference beyond 15 % opens (R-BIL-5). */
export interface NewForecastAction {
  readonly actionId: string;
  readonly forYear: number;
  readonly reasons: readonly ComparisonScope[];
  readonly status: 'open' | 'closed';
  readonly decidedOn: CalendarDate | null;
  readonly decision: string | null;
}

/** `GET|POST /api/v1/billing/reconciliations/{year}` (R-BIL-5): the eight towns' regularisations at most. */
export interface ReconciliationView {
  readonly year: number | null;
  readonly reconciledOn: CalendarDate | null;
  readonly comparisons: readonly CostComparison[];
  readonly adjustments: readonly TownAdjustment[];
  readonly newForecast: NewForecastAction | null;
  readonly threshold: string;
  readonly regularisations: readonly (RegularisationRecord & { readonly insee: Insee; readonly statusLabel: string })[];
}

export type ShareChange = 'sigOption' | 'resourcesShare' | 'structureShare';

/** The amendment that changed the town's share, as the conventions service recorded it. */
export interface ShareAmendment {
  readonly amendmentNumber: number;
  readonly signedOn: CalendarDate;
  readonly effectiveFrom: CalendarDate;
  readonly changes: readonly ShareChange[];
}

/** A "new rate N+1" action a change of the town's share opened (R-BIL-5). */
export interface NewRateAction extends ShareAmendment {
  readonly actionId: string;
  readonly forYear: number;
  readonly status: 'open' | 'closed';
  readonly decidedOn: CalendarDate | null;
  readonly decision: string | null;
}

/** `GET /api/v1/billing/{insee}/rate-reviews`: one action per amendment of the town's share. */
export interface RateReviewsView {
  readonly insee: Insee;
  readonly actions: readonly NewRateAction[];
  readonly next: string | null;
}

/** One line of the EPT's investment register: linear depreciation from 1 January of `startYear` (R-BIL-7). */
export interface Investment {
  readonly assetId: string;
  readonly asset: string;
  readonly costCents: Cents;
  readonly startYear: number;
  readonly depreciationYears: number;
}

export interface RegisteredInvestment extends Investment {
  /** The day the line was entered in the register. */
  readonly recordedOn: CalendarDate;
}

/** `GET /api/v1/billing/investments`: a page of the register, in the order lines were entered. */
export interface InvestmentsView {
  readonly investments: readonly RegisteredInvestment[];
  readonly next: string | null;
  readonly depreciationRule: string;
}

/** A fact from another service, or a process step, that billing's rules refused: for DIGIT's staff to settle. */
export interface RejectionView {
  readonly source: string;
  readonly reference: string;
  readonly code: string;
  readonly message: string;
  readonly details: unknown;
  readonly rejectedAt: string;
}

/** `MEM-2024-92012-S1`: the number printed on the mémoire, quoted by the town's finance department, and its files' name. */
export const statementNumberOf = (insee: string, year: number, half: Half): string => `MEM-${year}-${insee}-S${half}`;
