import { csvText } from '@digit/csv';
import { formatDateFr } from './calendar-date.js';
import { formatEurosForSpreadsheet } from './money.js';
import type { StatementLine, StatementView } from './statement.decider.js';

/**
 * The mémoire as CSV for the town's finance department, made for Excel in French: UTF-8 with a
 * byte-order mark (so accents survive), `;` between fields, CRLF line ends, amounts as `32965,00`
 * (decimal comma, no grouping) plus the same amount in integer cents, dates as DD/MM/YYYY, rates
 * as decimals with a comma (`0,077`). One row per line, then one `Total` row.
 */
const COLUMNS = [
  'memoire',
  'insee',
  'ville',
  'annee',
  'semestre',
  'chapitre',
  'ligne',
  'nature',
  'libelle',
  'du',
  'au',
  'jours',
  'assiette_annuelle',
  'taux',
  'montant',
  'montant_centimes',
] as const;

const KIND_NAMES: Readonly<Record<StatementLine['kind'], string>> = {
  'pool-share': 'Quote-part du semestre',
  'reconciliation-adjustment': 'Régularisation',
  'complex-project-charge': 'Projet complexe',
  'depreciation-share': 'Amortissements',
};

const decimalComma = (value: string): string => value.replace('.', ',');

export const statementCsv = (view: StatementView): string => {
  const common = [view.number, view.insee, view.townName, view.year, view.half, view.chapter];
  const rows = view.lines.map((line) => [
    ...common,
    line.lineNo,
    KIND_NAMES[line.kind],
    line.label,
    ...(line.kind === 'pool-share'
      ? [formatDateFr(line.from), formatDateFr(line.to), line.days, formatEurosForSpreadsheet(line.baseCents), decimalComma(line.rate)]
      : ['', '', '', '', '']),
    formatEurosForSpreadsheet(line.amountCents),
    line.amountCents,
  ]);
  const total = [...common, '', 'Total', 'Total du mémoire', '', '', '', '', '', formatEurosForSpreadsheet(view.totalCents), view.totalCents];
  return csvText([...rows, total], {
    header: true,
    columns: [...COLUMNS],
    delimiter: ';',
    bom: true,
    record_delimiter: 'windows',
  });
};
