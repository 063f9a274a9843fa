import { formatDateFr, formatMoneyForSpreadsheet } from '@digit/calendar';
import { csvText } from '@digit/csv';
import type { StatementView } from './statement.decider.js';
import type { StatementLine } from './statement-lines.js';

/**
 * The mémoire as CSV for the town's finance department, made for Excel in French: UTF-8 with a
 * byte-order mark (so accents survive), `;` between fields, CRLF line ends, amounts as `32965,00`
 * (decimal comma, no grouping) plus the same amount in integer cents, dates as DD/MM/YYYY, rates
 * as decimals with a comma (`0,077`). One row per line, then one `Total` row. The personnel line
 * comes after its two parts (rows `2.1` and `2.2`, article 6.2), which add up to it.
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
  'first-half-make-up': 'Rattrapage du 1er semestre',
  'reconciliation-adjustment': 'Régularisation',
  'complex-project-charge': 'Projet complexe',
  'depreciation-share': 'Amortissements',
};

const decimalComma = (value: string): string => value.replace('.', ',');

const PERSONNEL_PART = 'Détail des frais de personnels';

export const statementCsv = (view: StatementView): string => {
  const common = [view.number, view.insee, view.townName, view.year, view.half, view.chapter];
  const row = (lineNo: string | number, kind: string, label: string, share: (string | number)[], amountCents: number) => [
    ...common,
    lineNo,
    kind,
    label,
    ...share,
    formatMoneyForSpreadsheet(amountCents),
    amountCents,
  ];
  const rows = view.lines.flatMap((line) => {
    if (line.kind !== 'pool-share') return [row(line.lineNo, KIND_NAMES[line.kind], line.label, ['', '', '', '', ''], line.amountCents)];
    const share = (baseCents: number) => [
      formatDateFr(line.from),
      formatDateFr(line.to),
      line.days,
      formatMoneyForSpreadsheet(baseCents),
      decimalComma(line.rate),
    ];
    const parts = (line.components ?? []).map((part, index) =>
      row(`${line.lineNo}.${index + 1}`, PERSONNEL_PART, part.label, share(part.baseCents), part.amountCents),
    );
    return [...parts, row(line.lineNo, KIND_NAMES[line.kind], line.label, share(line.baseCents), line.amountCents)];
  });
  const total = [
    ...common,
    '',
    'Total',
    'Total du mémoire',
    '',
    '',
    '',
    '',
    '',
    formatMoneyForSpreadsheet(view.totalCents),
    view.totalCents,
  ];
  return csvText([...rows, total], {
    header: true,
    columns: [...COLUMNS],
    delimiter: ';',
    bom: true,
    record_delimiter: 'windows',
  });
};
