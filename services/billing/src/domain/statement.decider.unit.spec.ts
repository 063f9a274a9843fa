import { foldEvents } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import type { PoolBases } from './cost-pool.js';
import type { ChargeItem } from './town-charges.decider.js';
import { statementDecider, type IssueStatement, type StatementEvent, type StatementLine, type StatementView } from './statement.decider.js';
import { townYearShare, type TermsPeriod } from './town-share.js';

const seedBases: PoolBases = { sigOperationalCents: 13_700_000, personnelBaseCents: 35_800_000, structureFlatCents: 6_300_000 };
const boulogneTerms: TermsPeriod[] = [{ from: '2024-01-01', to: '2027-12-31', sigRate: '0.004', resourcesShare: '0.077', structureShare: '0.077' }];
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
  { lineNo: 1, kind: 'pool-share', label: 'Frais opérationnels outils et données – SIG (art. 6.1)', pool: 'sig', rate: '0.004', baseCents: 13_700_000, from, to, days: semesterDays, semesterDays, amountCents: 27_400 },
  { lineNo: 2, kind: 'pool-share', label: 'Frais de personnels et assimilés (art. 6.2)', pool: 'personnel', rate: '0.077', baseCents: 35_800_000, from, to, days: semesterDays, semesterDays, amountCents: 1_378_300 },
  { lineNo: 3, kind: 'pool-share', label: 'Frais de structure (art. 6.3)', pool: 'structure', rate: '0.077', baseCents: 6_300_000, from, to, days: semesterDays, semesterDays, amountCents: 242_550 },
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
    expect(view.lines).toEqual([{ lineNo: 1, kind: 'depreciation-share', label: 'Amortissements', itemId: 'depreciation-2025-06-14', amountCents: 185_053 }]);
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
    ['issued twice', [alreadyIssued], issue(), 'statement-already-issued', 'MEM-2024-92012-S1'],
    ['semester not over', [], issue({ issuedOn: '2024-06-30' }), 'semester-not-ended', '30/06/2024'],
    ['year without budget', [], issue({ bases: null }), 'budget-missing', '2024'],
    ['nothing in force and nothing carried', [], issue({ terms: [] }), 'nothing-to-bill', ''],
    ['unknown town', [], issue({ insee: '99999' }), 'unknown-town', '99999'],
    ['half 3', [], issue({ half: 3 as 1 }), 'invalid-statement', ''],
    ['negative base', [], issue({ bases: { ...seedBases, structureFlatCents: -1 } }), 'invalid-statement', ''],
    [
      'fractional carried amount',
      [],
      issue({ carriedItems: [{ itemId: 'x', kind: 'complex-project-charge', label: 'X', amountCents: 0.5 }] }),
      'invalid-statement',
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
