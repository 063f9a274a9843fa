import { DomainError, statementNumberOf, townName, type Decider, type Decision, type Insee } from '@digit/contracts';
import { compareDates, formatDateFr, type CalendarDate } from '@digit/calendar';
import { isHalf, semesterOf, type Half } from './semester.js';
import { budgetMissing, type BudgetFigures } from './budget.decider.js';
import type { ChargeItem, ChargeKind } from './charge-item.js';
import { checkDate, isList, checkNonNegativeCents, checkText, checkYear, invalid, unknownTown, type Details } from './input-checks.js';
import { isCents, sumCents } from './money.js';
import { firstHalfMakeUpLinesOf, poolLinesOf, type StatementLine } from './statement-lines.js';
import { checkTermsTimeline, type TermsPeriod } from './town-share.js';
import type { StatementView } from '@digit/contracts';

export type { StatementView };

/** The semi-annual "mémoire" with its état semestriel des dépenses (R-BIL-4): one stream per town, year and half. */
export const statementStreamId = (insee: string, year: number, half: Half): string => `statement-${insee}-${year}-S${half}`;

/** Article 3 of the deliberation: the credits are entered in chapter 930 of the town's budget. */
export const BUDGET_CHAPTER = '930';

export interface IssueStatement {
  readonly insee: string;
  readonly year: number;
  readonly half: Half;
  readonly issuedOn: CalendarDate;
  /** The year's forecast budget as in force on issue; null when the year has no budget. */
  readonly bases: BudgetFigures | null;
  readonly terms: readonly TermsPeriod[];
  /** The town's pending charges (town-charges stream), carried into this statement. */
  readonly carriedItems: readonly ChargeItem[];
  /** Half 2 only: the same year's first-half mémoire when issued, whose shares half 2 makes up (art. 6.4). */
  readonly firstHalf: StatementView | null;
  readonly demoData: boolean;
}

export type StatementCommand = { readonly type: 'IssueStatement'; readonly data: IssueStatement };
export type StatementEvent = { readonly type: 'StatementIssued'; readonly data: StatementView };
export interface StatementState {
  readonly issued: StatementView | null;
}

const CHARGE_KINDS: readonly ChargeKind[] = ['complex-project-charge', 'reconciliation-adjustment', 'depreciation-share'];

const checkCarriedItems = (details: Details, items: readonly ChargeItem[]): void => {
  if (!isList(items)) {
    details.push({ path: 'carriedItems', message: 'liste des lignes reportées attendue' });
    return;
  }
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const at = `carriedItems[${index}]`;
    checkText(details, `${at}.itemId`, item.itemId);
    checkText(details, `${at}.label`, item.label);
    if (!CHARGE_KINDS.includes(item.kind)) details.push({ path: `${at}.kind`, message: `nature inconnue : ${String(item.kind)}` });
    if (!isCents(item.amountCents)) details.push({ path: `${at}.amountCents`, message: 'montant en centimes entier attendu' });
    if (seen.has(item.itemId)) details.push({ path: `${at}.itemId`, message: 'ligne reportée deux fois' });
    seen.add(item.itemId);
  });
};

const checkCommand = (data: IssueStatement): Details => {
  const details: Details = [];
  checkYear(details, 'year', data.year);
  if (!isHalf(data.half)) details.push({ path: 'half', message: 'le semestre vaut 1 (janvier–juin) ou 2 (juillet–décembre)' });
  checkDate(details, 'issuedOn', data.issuedOn);
  if (data.bases) {
    checkNonNegativeCents(details, 'bases.sigOperationalCents', data.bases.sigOperationalCents);
    checkNonNegativeCents(details, 'bases.payrollCents', data.bases.payrollCents);
    checkNonNegativeCents(details, 'bases.personnelBaseCents', data.bases.personnelBaseCents);
    checkNonNegativeCents(details, 'bases.structureFlatCents', data.bases.structureFlatCents);
  }
  checkTermsTimeline(details, data.terms);
  checkCarriedItems(details, data.carriedItems);
  const first = data.firstHalf;
  if (first && (data.half !== 2 || first.insee !== data.insee || first.year !== data.year || first.half !== 1)) {
    details.push({
      path: 'firstHalf',
      message: 'seul le mémoire du 2e semestre reprend celui du 1er semestre de la même ville et de la même année',
    });
  }
  return details;
};

const inForceDuring = (terms: readonly TermsPeriod[], from: CalendarDate, to: CalendarDate): boolean =>
  terms.some((period) => compareDates(period.from, to) <= 0 && compareDates(period.to, from) >= 0);

const issue = (data: IssueStatement, state: StatementState): Decision<StatementEvent> => {
  const notATown = unknownTown(data.insee);
  if (notATown) return notATown;
  const error = invalid('invalid_statement', 'Le mémoire ne peut pas être émis : corrigez les valeurs indiquées.', checkCommand(data));
  if (error) return error;
  const number = statementNumberOf(data.insee, data.year, data.half);
  if (state.issued) {
    return new DomainError(
      'conflict',
      'statement_already_issued',
      `Le mémoire ${number} a déjà été émis le ${formatDateFr(state.issued.issuedOn)} ; il ne peut l'être qu'une fois.`,
    );
  }
  const semester = semesterOf(data.year, data.half);
  if (compareDates(data.issuedOn, semester.to) <= 0) {
    return new DomainError(
      'conflict',
      'semester_not_ended',
      `Le mémoire du ${data.half === 1 ? '1er' : '2e'} semestre ${data.year} ne peut être émis qu'après le ${formatDateFr(semester.to)}.`,
      [{ path: 'issuedOn', message: `date postérieure au ${formatDateFr(semester.to)} attendue` }],
    );
  }
  const inForce = inForceDuring(data.terms, semester.from, semester.to);
  if (inForce && !data.bases) return budgetMissing(data.year);
  const poolLines = inForce && data.bases ? poolLinesOf(data.year, data.half, data.bases, data.terms) : [];
  const makeUp = data.firstHalf && data.bases ? firstHalfMakeUpLinesOf(data.year, data.bases, data.terms, data.firstHalf) : [];
  const carried = data.carriedItems.map(({ itemId, kind, label, amountCents }) => ({ kind, label, itemId, amountCents }));
  const lines: StatementLine[] = [...poolLines, ...makeUp, ...carried].map((line, index) => ({ lineNo: index + 1, ...line }));
  if (lines.length === 0) {
    return new DomainError(
      'conflict',
      'nothing_to_bill',
      `${townName(data.insee as Insee)} n'a ni convention en vigueur ni ligne reportée pour ce semestre : aucun mémoire à émettre.`,
    );
  }
  const insee = data.insee as Insee;
  return [
    {
      type: 'StatementIssued',
      data: {
        number,
        insee,
        townName: townName(insee),
        year: data.year,
        half: data.half,
        periodFrom: semester.from,
        periodTo: semester.to,
        issuedOn: data.issuedOn,
        chapter: BUDGET_CHAPTER,
        lines,
        totalCents: sumCents(lines.map((line) => line.amountCents)),
        demoData: data.demoData === true,
      },
    },
  ];
};

export const statementDecider: Decider<StatementCommand, StatementEvent, StatementState> = {
  initialState: { issued: null },
  decide: (command, state) => issue(command.data, state),
  evolve: (_state, event) => ({ issued: event.data }),
};
