import { parse } from 'csv-parse/sync';
import { foldEvents } from '@digit/contracts';
import { budgetDecider, forecastBasesOf, type BudgetEvent } from './budget.decider.js';
import type { PoolShareStatementLine } from './statement-lines.js';
import { renderStatementHtml } from './statement-html.js';
import { statementCsv } from './statement-csv.js';
import { statementDecider, type StatementEvent, type StatementView } from './statement.decider.js';
import { townYearShare, type TermsPeriod } from './town-share.js';

const NBSP = '\u00A0';
const seedFigures = {
  sigOperationalCents: 13_700_000,
  payrollCents: 34_423_077,
  personnelBaseCents: 35_800_000,
  structureFlatCents: 6_300_000,
};
const budgetSet: BudgetEvent = { type: 'BudgetSet', data: { year: 2024, ...seedFigures } };
const terms: TermsPeriod[] = [{ from: '2024-01-01', to: '2027-12-31', sigRate: '0.004', resourcesShare: '0.077', structureShare: '0.077' }];

/** Issues Boulogne's first-half 2024 statement from the budget stream's events, as the service would. */
const issueFrom = (budgetEvents: readonly BudgetEvent[], extra: Partial<{ label: string }> = {}): StatementView => {
  const bases = foldEvents(budgetDecider, budgetEvents).forecast;
  const carriedItems = extra.label ? [{ itemId: 'c1', kind: 'complex-project-charge' as const, label: extra.label, amountCents: 100 }] : [];
  const decision = statementDecider.decide(
    {
      type: 'IssueStatement',
      data: { insee: '92012', year: 2024, half: 1, issuedOn: '2024-07-01', bases, terms, carriedItems, firstHalf: null, demoData: false },
    },
    statementDecider.initialState,
  );
  if (!Array.isArray(decision)) throw new Error('expected a statement');
  return (decision[0] as StatementEvent).data;
};

describe('statement documents (R-BIL-4)', () => {
  const view = issueFrom([budgetSet]);
  const html = renderStatementHtml(view);

  it.each([
    ['French language', '<html lang="fr">'],
    ['A4 page', '@page { size: A4 portrait;'],
    ['number', 'Mémoire n° MEM-2024-92012-S1'],
    ['chapter 930', 'Chapitre 930 du budget de la Ville'],
    ['issue date DD/MM/YYYY', '<dd>01/07/2024</dd>'],
    ['period', 'du 01/01/2024 au 30/06/2024'],
    ['SIG half 274,00 €', `274,00${NBSP}€`],
    ['personnel half 13 783,00 €', `13${NBSP}783,00${NBSP}€`],
    ['structure half 2 425,50 €', `2${NBSP}425,50${NBSP}€`],
    ['total 16 482,50 €', `16${NBSP}482,50${NBSP}€`],
    ['annual personnel base 358 000,00 €', `358${NBSP}000,00${NBSP}€`],
    [
      'payroll part 13 252,88 € on a payroll of 344 230,77 €',
      `<td class="no">2.1</td><td class="label">Rémunérations des agents, cotisations et contributions afférentes (art. 6.2)</td>`,
    ],
    [
      'assimilated part 530,12 € on 4 % of the payroll, 13 769,23 €',
      `<td class="no">2.2</td><td class="label">Frais assimilés, 4 % de la masse salariale (art. 6.2)</td>`,
    ],
    ['personnel line as their sum', 'Frais de personnels et assimilés (art. 6.2) (total des lignes 2.1 et 2.2)'],
    ['payroll amounts', `344${NBSP}230,77${NBSP}€</td><td class="num">7,7${NBSP}%</td><td class="amount">13${NBSP}252,88${NBSP}€`],
    ['assimilated amounts', `13${NBSP}769,23${NBSP}€</td><td class="num">7,7${NBSP}%</td><td class="amount">530,12${NBSP}€`],
    ['rates in French', `7,7${NBSP}%`],
  ])('R-BIL-4: the printable mémoire shows the %s', (_what, fragment) => {
    expect(html).toContain(fragment);
  });

  it('R-BIL-4: labels are escaped, never interpreted as HTML', () => {
    const tricky = renderStatementHtml(issueFrom([budgetSet], { label: '<script>alert(1)</script> & Cie' }));
    expect(tricky).not.toContain('<script>');
    expect(tricky).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie');
  });

  it('R-BIL-1: a mémoire issued before the payroll was shown apart renders its personnel line alone', () => {
    const legacy = {
      ...view,
      lines: view.lines.map((line) => (line.kind === 'pool-share' ? ({ ...line, components: undefined } as PoolShareStatementLine) : line)),
    };
    const legacyCsv = parse(statementCsv(legacy).slice(1), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(legacyCsv.map((row) => row.ligne)).toEqual(['1', '2', '3', '']);
    expect(renderStatementHtml(legacy)).not.toContain('2.1');
  });

  it('R-BIL-4: the CSV is UTF-8 with BOM, ";"-separated, CRLF, French amounts and a total row', () => {
    const csv = statementCsv(view);
    expect(
      csv.startsWith(
        '\uFEFFmemoire;insee;ville;annee;semestre;chapitre;ligne;nature;libelle;du;au;jours;assiette_annuelle;taux;montant;montant_centimes\r\n',
      ),
    ).toBe(true);
    const rows = parse(csv.slice(1), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(
      rows.map((row) => [row.ligne, row.du, row.au, row.jours, row.assiette_annuelle, row.taux, row.montant, row.montant_centimes]),
    ).toEqual([
      ['1', '01/01/2024', '30/06/2024', '182', '137000,00', '0,004', '274,00', '27400'],
      ['2.1', '01/01/2024', '30/06/2024', '182', '344230,77', '0,077', '13252,88', '1325288'],
      ['2.2', '01/01/2024', '30/06/2024', '182', '13769,23', '0,077', '530,12', '53012'],
      ['2', '01/01/2024', '30/06/2024', '182', '358000,00', '0,077', '13783,00', '1378300'],
      ['3', '01/01/2024', '30/06/2024', '182', '63000,00', '0,077', '2425,50', '242550'],
      ['', '', '', '', '', '', '16482,50', '1648250'],
    ]);
    expect(rows.every((row) => row.memoire === 'MEM-2024-92012-S1' && row.chapitre === '930')).toBe(true);
    expect(rows.filter((row) => row.ligne?.startsWith('2.')).map((row) => row.nature)).toEqual([
      'Détail des frais de personnels',
      'Détail des frais de personnels',
    ]);
  });

  it('R-BIL-4: a statement of a past period is rebuilt byte for byte from the stored events, even after a later amendment', () => {
    const stored = JSON.parse(JSON.stringify([{ type: 'StatementIssued', data: view }])) as StatementEvent[];
    const amended: BudgetEvent = {
      type: 'BudgetAmended',
      data: { year: 2024, ...seedFigures, sigOperationalCents: 20_000_000, previous: seedFigures },
    };
    const rebuilt = foldEvents(statementDecider, stored).issued!;
    expect(renderStatementHtml(rebuilt)).toBe(html);
    expect(statementCsv(rebuilt)).toBe(statementCsv(view));
    expect(renderStatementHtml(issueFrom([budgetSet]))).toBe(html);
    expect(issueFrom([budgetSet, amended]).totalCents).not.toBe(view.totalCents);
  });

  it('R-BIL-6: recomputing the year share from the same events gives the same figures', () => {
    const bases = forecastBasesOf(foldEvents(budgetDecider, [budgetSet]), 2024);
    if (!('personnelBaseCents' in bases)) throw new Error(bases.message);
    const again = townYearShare({ insee: '92012', year: 2024, bases, terms });
    expect(again).toEqual(townYearShare({ insee: '92012', year: 2024, bases, terms }));
    expect('halves' in again && again.halves[0]!.amountCents).toBe(view.totalCents);
  });
});
