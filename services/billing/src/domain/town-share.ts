import { DomainError, townName, type Insee } from '@digit/contracts';
import { addDays, compareDates, daysInclusive, formatDateFr, maxDate, minDate, type CalendarDate } from '@digit/calendar';
import { HALVES, semesterOf } from './semester.js';
import { baseOfPool, POOLS, type Pool, type PoolBases } from './cost-pool.js';
import { budgetMissing } from './budget.decider.js';
import { checkDate, isList, checkRate, checkYear, invalid, unknownTown, type Details } from './input-checks.js';
import { exact, roundToCents, sumCents, type Cents } from './money.js';
import type { HalfPart, ShareLine, HalfAmount } from '@digit/contracts';

export type { HalfPart, ShareLine, HalfAmount };

/**
 * A stretch of days (both ends included) during which the town's convention was in force with
 * the same terms, as the conventions service's events give it (R-CON-7: option and shares).
 */
export interface TermsPeriod {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  /** Share of the SIG operational budget for the town's option, e.g. "0.004" for option 1. */
  readonly sigRate: string;
  /** Share of the personnel base (taux de mise à disposition des ressources), e.g. "0.077". */
  readonly resourcesShare: string;
  /** Share of the structure flat amount, e.g. "0.077". */
  readonly structureShare: string;
}

/** The body of GET /api/v1/billing/{insee}/{year} (CONTRACT.md), plus per-line days. */
export interface TownYearShare {
  readonly insee: Insee;
  readonly year: number;
  readonly lines: readonly ShareLine[];
  readonly totalCents: Cents;
  readonly halves: readonly HalfAmount[];
}

/**
 * Pro rata temporis (R-BIL-6), stated once. Billing is semi-annual (art. 6.4), so each half of
 * the year carries half of the annual share, and within a half the share counts the days in
 * force over the days of that half (first half 181 days, 182 in a leap year; second half 184).
 * A line in force d1 days of half 1 (D1 days long) and d2 days of half 2 (D2) costs
 *   base × rate × (d1/D1 + d2/D2) / 2, rounded once (money.ts);
 * its half-1 part is base × rate × (d1/D1) / 2 rounded the same way, and its half-2 part is
 * the line minus the half-1 part, so halves always add up exactly to the line and the total.
 * A whole year costs exactly base × rate and its two halves are equal to within a cent.
 */
export const PRO_RATA_RULE_FR =
  'Prorata temporis : chaque semestre porte la moitié de la part annuelle, au prorata des jours de ' +
  'convention en vigueur sur les jours du semestre ; arrondi au centime le plus proche, une fois par ligne.';

const rateOf = (terms: TermsPeriod, pool: Pool): string =>
  pool === 'sig' ? terms.sigRate : pool === 'personnel' ? terms.resourcesShare : terms.structureShare;

/** Appends a detail for every malformed, reversed or overlapping period. */
export const checkTermsTimeline = (details: Details, terms: readonly TermsPeriod[], path = 'terms'): void => {
  if (!isList(terms)) {
    details.push({ path, message: 'la chronologie des conditions de la convention doit être une liste' });
    return;
  }
  const before = details.length;
  terms.forEach((period, index) => {
    const at = `${path}[${index}]`;
    if (typeof period !== 'object' || period === null) {
      details.push({ path: at, message: 'chaque période doit donner from, to, sigRate, resourcesShare et structureShare' });
      return;
    }
    checkDate(details, `${at}.from`, period.from);
    checkDate(details, `${at}.to`, period.to);
    checkRate(details, `${at}.sigRate`, period.sigRate);
    checkRate(details, `${at}.resourcesShare`, period.resourcesShare);
    checkRate(details, `${at}.structureShare`, period.structureShare);
  });
  if (details.length > before) return;
  terms.forEach((period, index) => {
    if (compareDates(period.from, period.to) > 0) {
      details.push({ path: `${path}[${index}]`, message: 'la période finit avant de commencer' });
    }
  });
  if (details.length > before) return;
  const sorted = [...terms].sort((a, b) => compareDates(a.from, b.from));
  sorted.slice(1).forEach((period, index) => {
    const previous = sorted[index]!;
    if (compareDates(period.from, previous.to) <= 0) {
      details.push({
        path,
        message: `les périodes commençant le ${formatDateFr(previous.from)} et le ${formatDateFr(period.from)} se chevauchent`,
      });
    }
  });
};

interface Run {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly rate: string;
}

/** Clips the periods to the year and merges adjacent ones whose rate for this pool is the same. */
const runsOf = (year: number, terms: readonly TermsPeriod[], pool: Pool): Run[] => {
  const runs: Run[] = [];
  const inYear = [...terms]
    .sort((a, b) => compareDates(a.from, b.from))
    .filter((period) => compareDates(period.to, `${year}-01-01`) >= 0 && compareDates(period.from, `${year}-12-31`) <= 0);
  for (const period of inYear) {
    const run = { from: maxDate(period.from, `${year}-01-01`), to: minDate(period.to, `${year}-12-31`), rate: rateOf(period, pool) };
    const last = runs.at(-1);
    if (last && addDays(last.to, 1) === run.from && exact(last.rate).eq(run.rate)) {
      runs[runs.length - 1] = { ...last, to: run.to };
    } else {
      runs.push(run);
    }
  }
  return runs;
};

const overlapOf = (run: Run, from: CalendarDate, to: CalendarDate): { from: CalendarDate; to: CalendarDate; days: number } | null => {
  const start = maxDate(run.from, from);
  const end = minDate(run.to, to);
  return compareDates(start, end) > 0 ? null : { from: start, to: end, days: daysInclusive(start, end) };
};

const shareLineOf = (year: number, pool: Pool, baseCents: Cents, run: Run): ShareLine => {
  const first = semesterOf(year, 1);
  const second = semesterOf(year, 2);
  const inFirst = overlapOf(run, first.from, first.to);
  const inSecond = overlapOf(run, second.from, second.to);
  const d1 = inFirst?.days ?? 0;
  const d2 = inSecond?.days ?? 0;
  const annual = exact(baseCents).times(run.rate);
  const amountCents = roundToCents(annual.times(d1 * second.days + d2 * first.days).dividedBy(2 * first.days * second.days));
  const firstHalfCents = roundToCents(annual.times(d1).dividedBy(2 * first.days));
  const halves: HalfPart[] = [];
  if (inFirst) halves.push({ half: 1, ...inFirst, amountCents: firstHalfCents });
  if (inSecond) halves.push({ half: 2, ...inSecond, amountCents: amountCents - firstHalfCents });
  return { pool, rate: run.rate, baseCents, amountCents, from: run.from, to: run.to, days: d1 + d2, halves };
};

/** Lines of the year per pool, in pool order then date order; empty when nothing was in force. */
export const shareLinesOf = (year: number, bases: PoolBases, terms: readonly TermsPeriod[]): ShareLine[] =>
  POOLS.flatMap((pool) => runsOf(year, terms, pool).map((run) => shareLineOf(year, pool, baseOfPool(bases, pool), run)));

export const halvesOf = (lines: readonly ShareLine[]): HalfAmount[] =>
  HALVES.map((half) => ({
    half,
    amountCents: sumCents(lines.flatMap((line) => line.halves.filter((part) => part.half === half).map((part) => part.amountCents))),
  }));

/**
 * The town's share of the year (R-BIL-1, R-BIL-2, R-BIL-6): `bases` is the year's forecast
 * (or actual) bases, `undefined` when no budget was set; `terms` the town's terms timeline.
 */
export const townYearShare = (input: {
  readonly insee: string;
  readonly year: number;
  readonly bases: PoolBases | undefined;
  readonly terms: readonly TermsPeriod[];
}): TownYearShare | DomainError => {
  const notATown = unknownTown(input.insee);
  if (notATown) return notATown;
  const details: Details = [];
  checkYear(details, 'year', input.year);
  checkTermsTimeline(details, input.terms);
  const error = invalid('invalid_terms', 'Les conditions de la convention sont incohérentes : corrigez les périodes indiquées.', details);
  if (error) return error;
  if (!input.bases) return budgetMissing(input.year);
  const lines = shareLinesOf(input.year, input.bases, input.terms);
  if (lines.length === 0) {
    return new DomainError(
      'not_found',
      'no_convention_in_force',
      `${townName(input.insee as Insee)} n'avait aucune convention en vigueur en ${input.year} : rien n'est à facturer.`,
      [{ path: 'terms', message: `aucune période en vigueur en ${input.year}` }],
    );
  }
  return {
    insee: input.insee as Insee,
    year: input.year,
    lines,
    totalCents: sumCents(lines.map((line) => line.amountCents)),
    halves: halvesOf(lines),
  };
};
