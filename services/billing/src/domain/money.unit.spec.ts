import { personnelBaseOf } from './cost-pool.js';
import { formatMoneyForSpreadsheet, formatMoneyFr } from '@digit/calendar';
import { exact, formatRatePercent, isRate, roundToCents } from './money.js';

const NBSP = '\u00A0';

describe('money (R-BIL-3)', () => {
  it.each([
    ['0.5', 1],
    ['0.49', 0],
    ['2.5', 3],
    ['1.5', 2],
    ['-0.5', -1],
    ['-2.5', -3],
    ['-0.49', 0],
    ['54800.004', 54800],
    ['6172.5', 6173],
  ])('R-BIL-3: %s cents rounds half away from zero to %i cents', (amount, expected) => {
    expect(roundToCents(exact(amount))).toBe(expected);
  });

  it.each([
    [3296500, `32${NBSP}965,00${NBSP}€`],
    [54800, `548,00${NBSP}€`],
    [2756600, `27${NBSP}566,00${NBSP}€`],
    [485100, `4${NBSP}851,00${NBSP}€`],
    [1648250, `16${NBSP}482,50${NBSP}€`],
    [0, `0,00${NBSP}€`],
    [7, `0,07${NBSP}€`],
    [-1250, `-12,50${NBSP}€`],
    [123456789012, `1${NBSP}234${NBSP}567${NBSP}890,12${NBSP}€`],
  ])('R-BIL-3: %i cents is written %s (no-break spaces)', (cents, expected) => {
    expect(formatMoneyFr(cents)).toBe(expected);
  });

  it('R-BIL-2: the seed total looks exactly like "32 965,00 €" once spaces are normalised', () => {
    expect(formatMoneyFr(3296500).replaceAll(NBSP, ' ')).toBe('32 965,00 €');
  });

  it.each([
    [3296500, '32965,00'],
    [-1250, '-12,50'],
    [5, '0,05'],
  ])('R-BIL-4: %i cents is %s in spreadsheets', (cents, expected) => {
    expect(formatMoneyForSpreadsheet(cents)).toBe(expected);
  });

  it('R-BIL-3: formatting refuses a non-integer amount rather than printing a float', () => {
    expect(() => formatMoneyFr(10.5)).toThrow(RangeError);
  });

  it.each([
    ['0.004', `0,4${NBSP}%`],
    ['0.077', `7,7${NBSP}%`],
    ['0.14', `14${NBSP}%`],
    ['1', `100${NBSP}%`],
  ])('R-CON-7: rate %s is printed %s', (rate, expected) => {
    expect(formatRatePercent(rate)).toBe(expected);
  });

  it.each([
    ['0.004', true],
    ['0', true],
    ['1', true],
    ['1.0001', false],
    ['-0.1', false],
    ['0,077', false],
    ['.5', false],
    [0.077, false],
  ])('R-BIL-3: %p is a rate: %p', (value, expected) => {
    expect(isRate(value)).toBe(expected);
  });

  it.each([
    [34423077, 35800000],
    [34423076, 35799999],
    [34423078, 35800001],
    [0, 0],
    [100, 104],
    [1250, 1300],
    [13, 14],
  ])('R-BIL-1: payroll %i cents gives a personnel base (payroll + 4 %%, rounded once) of %i cents', (payroll, base) => {
    expect(personnelBaseOf(payroll)).toBe(base);
  });
});
