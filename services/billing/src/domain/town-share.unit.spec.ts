import { isDomainError } from '@digit/contracts';
import type { PoolBases } from './cost-pool.js';
import { SIG_OPTION_SHARES as SIG_OPTION_RATES } from '@digit/contracts';
import { townYearShare, type TermsPeriod, type TownYearShare } from './town-share.js';

const seedBases: PoolBases = { sigOperationalCents: 13_700_000, personnelBaseCents: 35_800_000, structureFlatCents: 6_300_000 };
const option1 = { sigRate: SIG_OPTION_RATES[1], resourcesShare: '0.077', structureShare: '0.077' };
const boulogne = (from: string, to: string, terms = option1): TermsPeriod => ({ from, to, ...terms });

const share = (year: number, terms: readonly TermsPeriod[], bases: PoolBases | undefined = seedBases): TownYearShare => {
  const result = townYearShare({ insee: '92012', year, bases, terms });
  if (isDomainError(result)) throw new Error(`${result.code}: ${result.message}`);
  return result;
};

/** [pool, rate, amountCents, half 1, half 2, days] per line. */
type Row = readonly [string, string, number, number, number, number];
const rows = (result: TownYearShare): Row[] =>
  result.lines.map((line) => [
    line.pool,
    line.rate,
    line.amountCents,
    line.halves.find((part) => part.half === 1)?.amountCents ?? 0,
    line.halves.find((part) => part.half === 2)?.amountCents ?? 0,
    line.days,
  ]);

describe('town share of a year (R-BIL-1, R-BIL-2, R-BIL-6)', () => {
  it('R-BIL-2: Boulogne, option 1, 7.7 %, 7.7 %: 548 €, 27 566 €, 4 851 €, total 32 965 € in two equal halves', () => {
    const result = share(2024, [boulogne('2024-01-01', '2027-12-31')]);
    expect(result.lines.map(({ pool, rate, baseCents, amountCents }) => ({ pool, rate, baseCents, amountCents }))).toEqual([
      { pool: 'sig', rate: '0.004', baseCents: 13_700_000, amountCents: 54_800 },
      { pool: 'personnel', rate: '0.077', baseCents: 35_800_000, amountCents: 2_756_600 },
      { pool: 'structure', rate: '0.077', baseCents: 6_300_000, amountCents: 485_100 },
    ]);
    expect(result.totalCents).toBe(3_296_500);
    expect(result.halves).toEqual([
      { half: 1, amountCents: 1_648_250 },
      { half: 2, amountCents: 1_648_250 },
    ]);
    expect(result.lines[0]).toMatchObject({ from: '2024-01-01', to: '2024-12-31', days: 366 });
  });

  it.each([
    [
      'start mid-year 2024-04-01 (leap year: 91 of 182 days of half 1)',
      2024,
      [boulogne('2024-04-01', '2027-12-31')],
      [
        ['sig', '0.004', 41_100, 13_700, 27_400, 275],
        ['personnel', '0.077', 2_067_450, 689_150, 1_378_300, 275],
        ['structure', '0.077', 363_825, 121_275, 242_550, 275],
      ],
      2_472_375,
    ],
    [
      'start 2025-03-15 (108 of 181 days of half 1)',
      2025,
      [boulogne('2025-03-15', '2026-12-31')],
      [
        ['sig', '0.004', 43_749, 16_349, 27_400, 292],
        ['personnel', '0.077', 2_200_711, 822_411, 1_378_300, 292],
        ['structure', '0.077', 387_276, 144_726, 242_550, 292],
      ],
      2_631_736,
    ],
    [
      'start on 1 July: exactly half of the year',
      2025,
      [boulogne('2025-07-01', '2026-12-31')],
      [
        ['sig', '0.004', 27_400, 0, 27_400, 184],
        ['personnel', '0.077', 1_378_300, 0, 1_378_300, 184],
        ['structure', '0.077', 242_550, 0, 242_550, 184],
      ],
      1_648_250,
    ],
    [
      'amendment mid-year: option 1 to option 2 from 2024-07-01; unchanged shares stay one line',
      2024,
      [boulogne('2024-01-01', '2024-06-30'), boulogne('2024-07-01', '2027-12-31', { ...option1, sigRate: SIG_OPTION_RATES[2] })],
      [
        ['sig', '0.004', 27_400, 27_400, 0, 182],
        ['sig', '0.024', 164_400, 0, 164_400, 184],
        ['personnel', '0.077', 2_756_600, 1_378_300, 1_378_300, 366],
        ['structure', '0.077', 485_100, 242_550, 242_550, 366],
      ],
      3_433_500,
    ],
    [
      'amendment on 2024-09-01: option 1 to option 3, a line spanning both halves',
      2024,
      [boulogne('2024-01-01', '2024-08-31'), boulogne('2024-09-01', '2027-12-31', { ...option1, sigRate: SIG_OPTION_RATES[3] })],
      [
        ['sig', '0.004', 36_633, 27_400, 9_233, 244],
        ['sig', '0.048', 218_009, 0, 218_009, 122],
        ['personnel', '0.077', 2_756_600, 1_378_300, 1_378_300, 366],
        ['structure', '0.077', 485_100, 242_550, 242_550, 366],
      ],
      3_496_342,
    ],
    [
      'termination with notice: notice 2025-07-04, effective 2025-10-04, last day in force 2025-10-03',
      2025,
      [boulogne('2022-01-01', '2025-10-03')],
      [
        ['sig', '0.004', 41_547, 27_400, 14_147, 276],
        ['personnel', '0.077', 2_089_922, 1_378_300, 711_622, 276],
        ['structure', '0.077', 367_780, 242_550, 125_230, 276],
      ],
      2_499_249,
    ],
    [
      'termination within half 1: last day in force 2025-06-13',
      2025,
      [boulogne('2022-01-01', '2025-06-13')],
      [
        ['sig', '0.004', 24_827, 24_827, 0, 164],
        ['personnel', '0.077', 1_248_846, 1_248_846, 0, 164],
        ['structure', '0.077', 219_769, 219_769, 0, 164],
      ],
      1_493_442,
    ],
  ] as const)('R-BIL-6: pro rata temporis, %s', (_case, year, terms, expected, total) => {
    const result = share(year, terms);
    expect(rows(result)).toEqual(expected);
    expect(result.totalCents).toBe(total);
    expect(result.halves[0]!.amountCents + result.halves[1]!.amountCents).toBe(total);
  });

  it('R-BIL-3: each line is rounded once and half 2 takes the remainder, so halves add up to the cent', () => {
    const odd: PoolBases = { sigOperationalCents: 12_345, personnelBaseCents: 0, structureFlatCents: 0 };
    const result = share(2025, [boulogne('2025-01-01', '2025-12-31', { ...option1, sigRate: '0.2' })], odd);
    expect(rows(result)[0]).toEqual(['sig', '0.2', 2_469, 1_235, 1_234, 365]);
    expect(result.totalCents).toBe(2_469);
  });

  it.each([
    ['year without budget', { bases: undefined }, 'budget_missing', "Aucun budget prévisionnel n'est défini pour 2024"],
    ['no convention in force', { terms: [boulogne('2022-01-01', '2023-12-31')] }, 'no_convention_in_force', 'aucune convention'],
    ['unknown town', { insee: '75056' }, 'unknown_town', '75056'],
    [
      'overlapping periods',
      { terms: [boulogne('2024-01-01', '2024-07-01'), boulogne('2024-07-01', '2024-12-31')] },
      'invalid_terms',
      'incohérentes',
    ],
    ['reversed period', { terms: [boulogne('2024-12-31', '2024-01-01')] }, 'invalid_terms', 'incohérentes'],
    ['negative rate', { terms: [boulogne('2024-01-01', '2024-12-31', { ...option1, resourcesShare: '-0.077' })] }, 'invalid_terms', ''],
    ['impossible date', { terms: [boulogne('2024-02-30', '2024-12-31')] }, 'invalid_terms', ''],
    ['year out of range', { year: 1900 }, 'invalid_terms', ''],
  ] as const)('R-BIL-2: %s gets a clear error', (_case, override, code, message) => {
    const result = townYearShare({
      insee: '92012',
      year: 2024,
      bases: seedBases,
      terms: [boulogne('2024-01-01', '2027-12-31')],
      ...override,
    });
    expect(isDomainError(result) && result.code).toBe(code);
    if (isDomainError(result)) expect(result.message).toContain(message);
  });
});
