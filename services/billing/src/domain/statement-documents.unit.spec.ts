import { parse } from 'csv-parse/sync';
import { foldEvents } from '@digit/contracts';
import { budgetDecider, forecastBasesOf, type BudgetEvent } from './budget.decider.js';
import { renderStatementHtml } from './statement-html.js';
import { statementCsv } from './statement-csv.js';
import { statementDecider, type StatementEvent, type StatementView } from './statement.decider.js';
import { townYearShare, type TermsPeriod } from './town-share.js';

const NBSP = '\u00A0';
const seedFigures = { sigOperationalCents: 13_700_000, payrollCents: 34_423_077, personnelBaseCents: 35_800_000, structureFlatCents: 6_300_000 };
const budgetSet: BudgetEvent = { type: 'BudgetSet', data: { year: 2024, ...seedFigures } };
const terms: TermsPeriod[] = [{ from: '2024-01-01', to: '2027-12-31', sigRate: '0.004', resourcesShare: '0.077', structureShare: '0.077' }];

/** Issues Boulogne's first-half 2024 statement from the budget stream's events, as the service would. */
const issueFrom = (budgetEvents: readonly BudgetEvent[], extra: Partial<{ label: string }> = {}): StatementView => {
  const bases = forecastBasesOf(foldEvents(budgetDecider, budgetEvents), 2024);
  if (!('personnelBaseCents' in bases)) throw new Error(bases.message);
  const carriedItems = extra.label ? [{ itemId: 'c1', kind: 'complex-project-charge' as const, label: extra.label, amountCents: 100 }] : [];
  const decision = statementDecider.decide(
    { type: 'IssueStatement', data: { insee: '92012', year: 2024, half: 1, issuedOn: '2024-07-01', bases, terms, carriedItems, demoData: false } },
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
    ['rates in French', `7,7${NBSP}%`],
  ])('R-BIL-4: the printable mémoire shows the %s', (_what, fragment) => {
    expect(html).toContain(fragment);
  });

  it('R-BIL-4: labels are escaped, never interpreted as HTML', () => {
    const tricky = renderStatementHtml(issueFrom([budgetSet], { label: '<script>alert(1)</script> & Cie' }));
    expect(tricky).not.toContain('<script>');
    expect(tricky).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie');
  });

  it('R-BIL-4: the CSV is UTF-8 with BOM, ";"-separated, CRLF, French amounts and a total row', () => {
    const csv = statementCsv(view);
    expect(csv.startsWith('\uFEFFmemoire;insee;ville;annee;semestre;chapitre;ligne;nature;libelle;du;au;jours;assiette_annuelle;taux;montant;montant_centimes\r\n')).toBe(true);
    const rows = parse(csv.slice(1), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.ligne, row.du, row.au, row.jours, row.assiette_annuelle, row.taux, row.montant, row.montant_centimes])).toEqual([
      ['1', '01/01/2024', '30/06/2024', '182', '137000,00', '0,004', '274,00', '27400'],
      ['2', '01/01/2024', '30/06/2024', '182', '358000,00', '0,077', '13783,00', '1378300'],
      ['3', '01/01/2024', '30/06/2024', '182', '63000,00', '0,077', '2425,50', '242550'],
      ['', '', '', '', '', '', '16482,50', '1648250'],
    ]);
    expect(rows.every((row) => row.memoire === 'MEM-2024-92012-S1' && row.chapitre === '930')).toBe(true);
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
