import { foldEvents } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import type { BudgetFigures } from './budget.decider.js';
import type { ChargeItem } from './charge-item.js';
import type { StatementLine } from './statement-lines.js';
import { statementDecider, type IssueStatement, type StatementEvent, type StatementView } from './statement.decider.js';
import { townYearShare, type TermsPeriod } from './town-share.js';

/** The seed's personnel base, 358 000,00 €, is a payroll of 344 230,77 € plus 4 % (art. 6.2). */
const seedBases: BudgetFigures = {
  sigOperationalCents: 13_700_000,
  payrollCents: 34_423_077,
  personnelBaseCents: 35_800_000,
  structureFlatCents: 6_300_000,
};
const boulogneTerms: TermsPeriod[] = [
  { from: '2024-01-01', to: '2027-12-31', sigRate: '0.004', resourcesShare: '0.077', structureShare: '0.077' },
];
const issue = (override: Partial<IssueStatement> = {}) => ({
  type: 'IssueStatement' as const,
  data: {
    insee: '92012',
    year: 2024,
    half: 1 as const,
    issuedOn: '2024-07-01',
    bases: seedBases,
    terms: boulogneTerms,
    carriedItems: [],
    firstHalf: null,
    demoData: false,
    ...override,
  },
});

const issued = (command: ReturnType<typeof issue>): StatementView => {
  const decision = statementDecider.decide(command, statementDecider.initialState);
  if (!Array.isArray(decision)) throw new Error('expected a statement');
  return (decision[0] as StatementEvent).data;
};

const seedLines = (from: string, to: string, semesterDays: number): StatementLine[] => [
  {
    lineNo: 1,
    kind: 'pool-share',
    label: 'Frais opérationnels outils et données – SIG (art. 6.1)',
    pool: 'sig',
    rate: '0.004',
    baseCents: 13_700_000,
    from,
    to,
    days: semesterDays,
    semesterDays,
    amountCents: 27_400,
  },
  {
    lineNo: 2,
    kind: 'pool-share',
    label: 'Frais de personnels et assimilés (art. 6.2)',
    pool: 'personnel',
    rate: '0.077',
    baseCents: 35_800_000,
    from,
    to,
    days: semesterDays,
    semesterDays,
    components: [
      {
        component: 'payroll',
        label: 'Rémunérations des agents, cotisations et contributions afférentes (art. 6.2)',
        baseCents: 34_423_077,
        amountCents: 1_325_288,
      },
      {
        component: 'assimilated',
        label: 'Frais assimilés, 4 % de la masse salariale (art. 6.2)',
        baseCents: 1_376_923,
        amountCents: 53_012,
      },
    ],
    amountCents: 1_378_300,
  },
  {
    lineNo: 3,
    kind: 'pool-share',
    label: 'Frais de structure (art. 6.3)',
    pool: 'structure',
    rate: '0.077',
    baseCents: 6_300_000,
    from,
    to,
    days: semesterDays,
    semesterDays,
    amountCents: 242_550,
  },
];

describe('semi-annual statement (R-BIL-4)', () => {
  const spec = deciderSpec(statementDecider);

  it.each([
    [1 as const, '2024-07-01', '2024-01-01', '2024-06-30', 182],
    [2 as const, '2025-01-06', '2024-07-01', '2024-12-31', 184],
  ])('R-BIL-2: the seed year is billed in two halves of 16 482,50 € (half %i), chapter 930, numbered', (half, issuedOn, from, to, days) => {
    spec
      .given([])
      .when(issue({ half, issuedOn }))
      .then([
        {
          type: 'StatementIssued',
          data: {
            number: `MEM-2024-92012-S${half}`,
            insee: '92012',
            townName: 'Boulogne-Billancourt',
            year: 2024,
            half,
            periodFrom: from,
            periodTo: to,
            issuedOn,
            chapter: '930',
            lines: seedLines(from, to, days),
            totalCents: 1_648_250,
            demoData: false,
          },
        },
      ]);
  });

  it('R-BIL-2: the two halves add up to the year total 32 965,00 €', () => {
    const first = issued(issue({ half: 1, issuedOn: '2024-07-01' }));
    const second = issued(issue({ half: 2, issuedOn: '2025-01-06' }));
    expect(first.totalCents + second.totalCents).toBe(3_296_500);
  });

  it.each([
    ['seed', seedBases],
    ['odd payroll', { ...seedBases, payrollCents: 12_345_679, personnelBaseCents: 12_839_506 }],
    ['no payroll', { ...seedBases, payrollCents: 0, personnelBaseCents: 0 }],
  ])('R-BIL-1: the personnel line shows the payroll and the 4 %% assimilated costs apart, and is their sum (%s)', (_case, bases) => {
    for (const half of [1, 2] as const) {
      const personnel = issued(issue({ bases, half, issuedOn: '2025-01-06' })).lines.find(
        (line) => line.kind === 'pool-share' && line.pool === 'personnel',
      );
      if (personnel?.kind !== 'pool-share' || !personnel.components) throw new Error('expected the personnel line with its parts');
      const [payroll, assimilated] = personnel.components;
      expect([payroll?.baseCents, assimilated?.baseCents]).toEqual([bases.payrollCents, bases.personnelBaseCents - bases.payrollCents]);
      expect(payroll!.amountCents + assimilated!.amountCents).toBe(personnel.amountCents);
    }
  });

  describe("a budget amended after the first half's mémoire (R-BIL-4, art. 6.4)", () => {
    const firstHalf = issued(issue());
    const amended: BudgetFigures = { ...seedBases, payrollCents: 37_000_000, personnelBaseCents: 38_480_000 };

    it('R-BIL-4: the second half makes up the first half per pool, so the two mémoires add up to the amended year', () => {
      const second = issued(issue({ half: 2, issuedOn: '2025-01-06', bases: amended, firstHalf }));
      expect(second.lines.filter((line) => line.kind === 'first-half-make-up')).toEqual([
        {
          lineNo: 4,
          kind: 'first-half-make-up',
          label:
            'Rattrapage du 1er semestre – Frais de personnels et assimilés (art. 6.2) : 14\u00A0814,80\u00A0€ dus sur le budget en vigueur, 13\u00A0783,00\u00A0€ facturés (mémoire MEM-2024-92012-S1)',
          pool: 'personnel',
          firstHalfStatement: 'MEM-2024-92012-S1',
          billedCents: 1_378_300,
          dueCents: 1_481_480,
          amountCents: 103_180,
        },
      ]);
      const year = townYearShare({ insee: '92012', year: 2024, bases: amended, terms: boulogneTerms });
      if (!('totalCents' in year)) throw new Error(year.message);
      expect(firstHalf.totalCents + second.totalCents).toBe(year.totalCents);
      expect(year.totalCents).toBe(3_502_860);
    });

    it('R-BIL-4: an unchanged budget needs no make-up line', () => {
      const second = issued(issue({ half: 2, issuedOn: '2025-01-06', firstHalf }));
      expect(second.lines.map((line) => line.kind)).toEqual(['pool-share', 'pool-share', 'pool-share']);
    });

    it('R-BIL-4: only the second half of the same town and year takes up a first half', () => {
      spec.given([]).when(issue({ firstHalf })).thenError('invalid_statement');
      spec
        .given([])
        .when(issue({ half: 2, issuedOn: '2025-01-06', firstHalf: { ...firstHalf, insee: '92022' } }))
        .thenError('invalid_statement');
    });
  });

  it('R-BIL-5, R-BIL-8: carried adjustments and committee-approved charges follow the pool lines, numbered on', () => {
    const carriedItems: ChargeItem[] = [
      { itemId: 'reconciliation-2023', kind: 'reconciliation-adjustment', label: 'Régularisation 2023', amountCents: -12_345 },
      { itemId: 'complex-project-c1', kind: 'complex-project-charge', label: 'Projet complexe « X »', amountCents: 500_000 },
    ];
    const view = issued(issue({ carriedItems }));
    expect(view.lines.slice(3)).toEqual([
      { lineNo: 4, kind: 'reconciliation-adjustment', label: 'Régularisation 2023', itemId: 'reconciliation-2023', amountCents: -12_345 },
      { lineNo: 5, kind: 'complex-project-charge', label: 'Projet complexe « X »', itemId: 'complex-project-c1', amountCents: 500_000 },
    ]);
    expect(view.totalCents).toBe(1_648_250 - 12_345 + 500_000);
  });

  it('R-BIL-6: a convention ended in half 1 leaves half 2 with carried lines only', () => {
    const view = issued(
      issue({
        year: 2025,
        half: 2,
        issuedOn: '2026-01-05',
        terms: [{ ...boulogneTerms[0]!, to: '2025-06-13' }],
        carriedItems: [{ itemId: 'depreciation-2025-06-14', kind: 'depreciation-share', label: 'Amortissements', amountCents: 185_053 }],
      }),
    );
    expect(view.lines).toEqual([
      { lineNo: 1, kind: 'depreciation-share', label: 'Amortissements', itemId: 'depreciation-2025-06-14', amountCents: 185_053 },
    ]);
  });

  it('R-BIL-6: a half-year statement equals that half of the town year share', () => {
    const terms: TermsPeriod[] = [{ ...boulogneTerms[0]!, from: '2024-04-01' }];
    const share = townYearShare({ insee: '92012', year: 2024, bases: seedBases, terms });
    if (!('halves' in share)) throw new Error(share.message);
    expect(issued(issue({ terms })).totalCents).toBe(share.halves[0]!.amountCents);
    expect(issued(issue({ terms, half: 2, issuedOn: '2025-01-02' })).totalCents).toBe(share.halves[1]!.amountCents);
  });

  const alreadyIssued = { type: 'StatementIssued' as const, data: issued(issue()) };

  it.each([
    ['issued twice', [alreadyIssued], issue(), 'statement_already_issued', 'MEM-2024-92012-S1'],
    ['semester not over', [], issue({ issuedOn: '2024-06-30' }), 'semester_not_ended', '30/06/2024'],
    ['year without budget', [], issue({ bases: null }), 'budget_missing', '2024'],
    ['nothing in force and nothing carried', [], issue({ terms: [] }), 'nothing_to_bill', ''],
    ['unknown town', [], issue({ insee: '99999' }), 'unknown_town', '99999'],
    ['half 3', [], issue({ half: 3 as 1 }), 'invalid_statement', ''],
    ['negative base', [], issue({ bases: { ...seedBases, structureFlatCents: -1 } }), 'invalid_statement', ''],
    [
      'fractional carried amount',
      [],
      issue({ carriedItems: [{ itemId: 'x', kind: 'complex-project-charge', label: 'X', amountCents: 0.5 }] }),
      'invalid_statement',
      '',
    ],
  ] as const)('R-BIL-4: %s is refused with a clear error', (_case, given, command, code, message) => {
    spec.given(given).when(command).thenError(code, message);
  });

  it('R-BIL-4: replay rebuilds the issued statement from its event alone', () => {
    const event = { type: 'StatementIssued' as const, data: issued(issue()) };
    const replayed = foldEvents(statementDecider, JSON.parse(JSON.stringify([event])) as StatementEvent[]);
    expect(replayed.issued).toEqual(event.data);
  });
});
