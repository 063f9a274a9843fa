import type { ConventionAsOfView } from '@digit/contracts';
import { dashboardTable, tableCsv } from './dashboard-table.js';
import { fr, renderView } from './dashboard-views.js';
import { conventionTimeline } from './town.controller.js';

const hostile = '<script>alert(1)</script>';

describe('the dashboard’s rendering (issue 13)', () => {
  const table = dashboardTable(
    'essai',
    `Tableau ${hostile}`,
    [
      { header: 'Nom', cell: (row: { name: string; cents: number }) => ({ text: row.name, href: `/communes/${row.name}` }) },
      { header: 'Montant', cell: (row) => fr.money(row.cents), csv: (row) => row.cents, numeric: true },
    ],
    [
      { name: hostile, cents: 3_296_500 },
      { name: '=HYPERLINK("http://evil")', cents: -1250 },
    ],
    { empty: 'rien' },
  );

  it('escapes every value written into a page: no markup from data (template auto-escaping)', () => {
    const html = renderView('/partials/table', { table, csv: '/?csv=essai', liveFeed: null });
    expect(html).not.toContain(hostile);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('href="/communes/&lt;script&gt;');
  });

  it('writes French amounts with no-break spaces (32 965,00 €) and dates as 07/12/2026', () => {
    expect(fr.money(3_296_500)).toBe('32\u00a0965,00\u00a0€');
    expect(fr.date('2026-12-07')).toBe('07/12/2026');
    expect(fr.percent('0.077')).toBe('7,7\u00a0%');
  });

  it('exports a table as CSV for a French spreadsheet, a cell that starts a formula neutralised', () => {
    const csv = tableCsv(table);
    expect(csv.startsWith('\uFEFFNom;Montant\r\n')).toBe(true);
    expect(csv).toContain(`${hostile};3296500\r\n`);
    expect(csv).toContain('"\'=HYPERLINK(""http://evil"")";-1250');
  });
});

describe('the convention’s timeline (R-CON-1, R-CON-2, R-CON-4)', () => {
  const boulogne = {
    asOf: '2025-06-01',
    deliberation: {
      councilDate: '2023-12-07',
      votes: { for: 55, against: 0, abstentions: 0 },
      transmission: { number: '092-219200128-20231207-137171-DE', date: '2023-12-08' },
    },
    signatures: { town: '2023-12-14', ept: '2023-12-14' },
    entryIntoForce: '2024-01-01',
    plannedEntryIntoForce: '2024-01-01',
    tacitRenewals: 3,
    termination: null,
    endsAtLatest: '2027-12-31',
  } as unknown as ConventionAsOfView;

  it('lists the acts in order, each renewal on its anniversary, the later ones marked as to come', () => {
    expect(conventionTimeline(boulogne).map((step) => [step.date, step.future])).toEqual([
      ['2023-12-07', false],
      ['2023-12-14', false],
      ['2023-12-14', false],
      ['2024-01-01', false],
      ['2025-01-01', false],
      ['2026-01-01', true],
      ['2027-01-01', true],
      ['2027-12-31', true],
    ]);
  });

  it('R-CON-4: a notice shows its effective date, or that the term comes first', () => {
    const steps = conventionTimeline({
      ...boulogne,
      termination: {
        cause: 'notice',
        requestedBy: 'town',
        decidedOn: '2025-03-01',
        effectiveDate: '2025-06-01',
        takesEffect: true,
        conventionLastDay: '2027-12-31',
        note: null,
      },
    } as ConventionAsOfView);
    expect(steps.find((step) => step.date === '2025-06-01')?.label).toBe('Prise d’effet de la résiliation');
  });
});
