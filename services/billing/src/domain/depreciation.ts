import { DomainError, type Insee } from '@digit/contracts';
import { addDays, compareDates, plainDate, type CalendarDate } from '@digit/calendar';
import {
  checkDate,
  checkNonNegativeCents,
  isList,
  checkRate,
  checkText,
  checkYear,
  invalid,
  unknownTown,
  type Details,
} from './input-checks.js';
import { exact, roundToCents, sumCents, type Cents, type Exact } from './money.js';
import type { Investment } from '@digit/contracts';

export type { Investment };

export interface DepreciationLine extends Investment {
  /** Depreciation accrued before the termination date (rounded for display). */
  readonly depreciatedCents: Cents;
  /** Value not yet depreciated at the termination date: cost minus `depreciatedCents`. */
  readonly remainingCents: Cents;
  readonly usageShare: string;
  /** usageShare × exact remaining value, rounded once (R-BIL-3). */
  readonly amountCents: Cents;
}

export interface TerminationDepreciation {
  readonly insee: Insee;
  readonly conventionStart: CalendarDate;
  readonly terminationDate: CalendarDate;
  readonly usageShare: string;
  readonly lines: readonly DepreciationLine[];
  readonly totalCents: Cents;
}

export interface TerminationDepreciationInput {
  readonly insee: string;
  /** Only a termination asked by the town makes it owe depreciation (R-CON-6). */
  readonly requestedBy: 'town' | 'ept';
  /** The convention's entry into force: investments made before it are not "under the convention". */
  readonly conventionStart: CalendarDate;
  /** The day the termination takes effect (notice date + 3 months, R-CON-4): first day out of force. */
  readonly terminationDate: CalendarDate;
  /** The town's "quotité d'usage", e.g. its resources share "0.077" on its last day in force. */
  readonly usageShare: string;
  readonly register: readonly Investment[];
}

/**
 * R-BIL-7, stated once. Article 7: on termination at its own request the town reimburses "la
 * quotité d'usage sur l'ensemble des amortissements des investissements réalisés par l'EPT au
 * titre de la présente convention". Its yearly contributions paid for the service while it was
 * in force; what the EPT is left with is the value of those investments it has not yet
 * depreciated. So for every investment that started between the convention's first year and
 * the year of its last day in force, the town owes usageShare × (cost − depreciation accrued
 * before the termination date), where linear depreciation accrues cost / years per year from
 * 1 January of the start year, pro rata temporis by days in the year of termination.
 */
export const DEPRECIATION_RULE_FR =
  "Quote-part d'usage × valeur non encore amortie à la date de résiliation des investissements réalisés " +
  'au titre de la convention (amortissement linéaire à compter du 1er janvier de l’année de mise en service, ' +
  'prorata temporis en jours l’année de la résiliation).';

/** One register line's fields; `at` prefixes the paths (`register[2].` or nothing). */
export const checkInvestment = (details: Details, at: string, investment: Investment): void => {
  checkText(details, `${at}assetId`, investment.assetId);
  checkText(details, `${at}asset`, investment.asset);
  checkNonNegativeCents(details, `${at}costCents`, investment.costCents);
  checkYear(details, `${at}startYear`, investment.startYear);
  if (!Number.isInteger(investment.depreciationYears) || investment.depreciationYears < 1 || investment.depreciationYears > 100) {
    details.push({
      path: `${at}depreciationYears`,
      message: "la durée d'amortissement doit être un nombre entier d'années entre 1 et 100",
    });
  }
};

const checkRegister = (details: Details, register: readonly Investment[]): void => {
  if (!isList(register)) {
    details.push({ path: 'register', message: 'le registre des investissements doit être une liste' });
    return;
  }
  const seen = new Set<string>();
  register.forEach((investment, index) => {
    const at = `register[${index}]`;
    checkInvestment(details, `${at}.`, investment);
    if (seen.has(investment.assetId)) details.push({ path: `${at}.assetId`, message: 'cet identifiant figure deux fois au registre' });
    seen.add(investment.assetId);
  });
};

/** Years of depreciation accrued before `date`: whole years since 1 January of `startYear`, plus the elapsed days of the current year. */
const elapsedYears = (startYear: number, date: CalendarDate): Exact => {
  const day = plainDate(date);
  return exact(day.year - startYear).plus(exact(day.dayOfYear - 1).dividedBy(day.daysInYear));
};

const lineOf = (investment: Investment, terminationDate: CalendarDate, usageShare: string): DepreciationLine => {
  const years = elapsedYears(investment.startYear, terminationDate).clampedTo(0, investment.depreciationYears);
  const depreciated = exact(investment.costCents).times(years).dividedBy(investment.depreciationYears);
  const remaining = exact(investment.costCents).minus(depreciated);
  const depreciatedCents = roundToCents(depreciated);
  return {
    ...investment,
    depreciatedCents,
    remainingCents: investment.costCents - depreciatedCents,
    usageShare,
    amountCents: roundToCents(remaining.times(usageShare)),
  };
};

/** The town's usage share of the depreciation of the investments under its convention (R-BIL-7, R-CON-6). */
export const terminationDepreciationShare = (input: TerminationDepreciationInput): TerminationDepreciation | DomainError => {
  const notATown = unknownTown(input.insee);
  if (notATown) return notATown;
  if (input.requestedBy !== 'town') {
    return new DomainError(
      'conflict',
      'not_town_termination',
      "Seule une résiliation à l'initiative de la Ville l'oblige à rembourser sa quote-part des amortissements (article 7).",
      [{ path: 'requestedBy', message: 'doit valoir "town"' }],
    );
  }
  const details: Details = [];
  checkDate(details, 'conventionStart', input.conventionStart);
  checkDate(details, 'terminationDate', input.terminationDate);
  checkRate(details, 'usageShare', input.usageShare);
  checkRegister(details, input.register);
  if (details.length === 0 && compareDates(input.terminationDate, input.conventionStart) <= 0) {
    details.push({ path: 'terminationDate', message: "la résiliation doit prendre effet après l'entrée en vigueur" });
  }
  const error = invalid('invalid_depreciation', 'Le calcul des amortissements est impossible : corrigez les valeurs indiquées.', details);
  if (error) return error;
  const firstYear = plainDate(input.conventionStart).year;
  const lastYearInForce = plainDate(addDays(input.terminationDate, -1)).year;
  const lines = input.register
    .filter((investment) => investment.startYear >= firstYear && investment.startYear <= lastYearInForce)
    .map((investment) => lineOf(investment, input.terminationDate, input.usageShare));
  return {
    insee: input.insee as Insee,
    conventionStart: input.conventionStart,
    terminationDate: input.terminationDate,
    usageShare: input.usageShare,
    lines,
    totalCents: sumCents(lines.map((line) => line.amountCents)),
  };
};
