import { formatMoneyFr } from '@digit/calendar';
import { semesterOf, type Half } from './semester.js';
import type { BudgetFigures } from './budget.decider.js';
import { POOL_LABELS, POOLS, type Pool } from './cost-pool.js';
import { exact, roundToCents, sumCents, type Cents } from './money.js';
import { shareLinesOf, type TermsPeriod } from './town-share.js';
import type {
  PersonnelComponent,
  PoolShareStatementLine,
  FirstHalfMakeUpLine,
  CarriedStatementLine,
  StatementLine,
} from '@digit/contracts';

export type { PersonnelComponent, PoolShareStatementLine, FirstHalfMakeUpLine, CarriedStatementLine, StatementLine };

/** The lines of a mémoire (R-BIL-4): the half's pool shares, a first-half make-up, carried charges. */

/** The lines that carry a town's pending charge (town-charges.decider.ts). */
export const isCarriedLine = (line: StatementLine): line is CarriedStatementLine =>
  line.kind !== 'pool-share' && line.kind !== 'first-half-make-up';

export const PERSONNEL_COMPONENT_LABELS: Readonly<Record<PersonnelComponent['component'], string>> = {
  payroll: 'Rémunérations des agents, cotisations et contributions afférentes (art. 6.2)',
  assimilated: 'Frais assimilés, 4 % de la masse salariale (art. 6.2)',
};

/**
 * The personnel line split between its two bases. The line is rounded once on the whole base
 * (R-BIL-3); its assimilated part is the line × assimilated base / personnel base, rounded once,
 * and its payroll part the rest, so the two always add up to the line, as halves do (town-share.ts).
 */
export const personnelComponentsOf = (amountCents: Cents, figures: BudgetFigures): PersonnelComponent[] => {
  const assimilatedBase = figures.personnelBaseCents - figures.payrollCents;
  const assimilated =
    figures.personnelBaseCents === 0 ? 0 : roundToCents(exact(amountCents).times(assimilatedBase).dividedBy(figures.personnelBaseCents));
  return [
    {
      component: 'payroll',
      label: PERSONNEL_COMPONENT_LABELS.payroll,
      baseCents: figures.payrollCents,
      amountCents: amountCents - assimilated,
    },
    { component: 'assimilated', label: PERSONNEL_COMPONENT_LABELS.assimilated, baseCents: assimilatedBase, amountCents: assimilated },
  ];
};

export const poolLinesOf = (
  year: number,
  half: Half,
  figures: BudgetFigures,
  terms: readonly TermsPeriod[],
): Omit<PoolShareStatementLine, 'lineNo'>[] =>
  shareLinesOf(year, figures, terms).flatMap((line) =>
    line.halves
      .filter((part) => part.half === half)
      .map((part) => ({
        kind: 'pool-share' as const,
        label: POOL_LABELS[line.pool],
        pool: line.pool,
        rate: line.rate,
        baseCents: line.baseCents,
        from: part.from,
        to: part.to,
        days: part.days,
        semesterDays: semesterOf(year, half).days,
        ...(line.pool === 'personnel' ? { components: personnelComponentsOf(part.amountCents, figures) } : {}),
        amountCents: part.amountCents,
      })),
  );

const poolTotal = (lines: readonly { readonly kind: string; readonly pool?: Pool; readonly amountCents: Cents }[], pool: Pool): Cents =>
  sumCents(lines.filter((line) => line.kind === 'pool-share' && line.pool === pool).map((line) => line.amountCents));

/** Per pool, the first half's share today minus what its mémoire billed; nothing when they agree. */
export const firstHalfMakeUpLinesOf = (
  year: number,
  figures: BudgetFigures,
  terms: readonly TermsPeriod[],
  firstHalf: { readonly number: string; readonly lines: readonly StatementLine[] },
): Omit<FirstHalfMakeUpLine, 'lineNo'>[] => {
  const due = poolLinesOf(year, 1, figures, terms);
  return POOLS.flatMap((pool) => {
    const dueCents = poolTotal(due, pool);
    const billedCents = poolTotal(firstHalf.lines, pool);
    if (dueCents === billedCents) return [];
    return [
      {
        kind: 'first-half-make-up' as const,
        label: `Rattrapage du 1er semestre – ${POOL_LABELS[pool]} : ${formatMoneyFr(dueCents)} dus sur le budget en vigueur, ${formatMoneyFr(billedCents)} facturés (mémoire ${firstHalf.number})`,
        pool,
        firstHalfStatement: firstHalf.number,
        billedCents,
        dueCents,
        amountCents: dueCents - billedCents,
      },
    ];
  });
};
