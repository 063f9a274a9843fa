import {
  addMonths,
  addYears,
  daysBetween,
  daysInclusive,
  formatDateFr,
  formatInstantFr,
  formatMoneyForSpreadsheet,
  formatMoneyFr,
  isCalendarDate,
  isInstant,
  parisDateOf,
  parisMomentOf,
} from './index.js';

describe('libs/calendar: the one place for dates, Paris instants and French formats', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
    [20240101, false],
  ])('isCalendarDate(%p) is %p', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it('R-CON-4: three months after 30 November 2023 is 29 February 2024 (constrain)', () => {
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('counts both ends of a period (R-BIL-6 pro rata)', () => {
    expect(daysInclusive('2024-01-01', '2024-12-31')).toBe(366);
  });

  it('R-SEC-6: a reading on a date is made now on today, else at the end of that Paris day (summer and winter offsets)', () => {
    expect(parisMomentOf('2026-12-07', '2026-12-07T10:15:00.000+01:00')).toBe('2026-12-07T10:15:00.000+01:00');
    expect(parisMomentOf('2026-12-06', '2026-12-07T10:15:00.000+01:00')).toBe('2026-12-06T23:59:59.999+01:00');
    expect(parisMomentOf('2026-07-14', '2026-12-07T10:15:00.000+01:00')).toBe('2026-07-14T23:59:59.999+02:00');
  });

  it('R-SEC-6: counts the days left before a date, negative once it has passed', () => {
    expect(daysBetween('2026-12-07', '2026-12-31')).toBe(24);
    expect(daysBetween('2026-12-31', '2026-12-31')).toBe(0);
    expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1);
  });

  it('instants need an offset, and their Paris day follows daylight saving time', () => {
    expect(isInstant('2024-03-02T10:15:00+01:00')).toBe(true);
    expect(isInstant('2024-03-02T10:15:00')).toBe(false);
    expect(parisDateOf('2024-06-30T22:30:00Z')).toBe('2024-07-01');
    expect(parisDateOf('2024-12-31T22:30:00Z')).toBe('2024-12-31');
  });

  it('writes dates and money as French readers expect (07/12/2023, 32 965,00 €)', () => {
    expect(formatDateFr('2023-12-07')).toBe('07/12/2023');
    expect(formatInstantFr('2023-12-07T13:05:00Z')).toBe('07/12/2023 14:05');
    expect(formatMoneyFr(3_296_500)).toBe('32\u00a0965,00\u00a0€');
    expect(formatMoneyFr(-1250)).toBe('-12,50\u00a0€');
    expect(formatMoneyForSpreadsheet(3_296_500)).toBe('32965,00');
    expect(() => formatMoneyFr(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError);
  });
});
