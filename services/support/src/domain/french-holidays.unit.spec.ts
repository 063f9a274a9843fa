import { Temporal } from 'temporal-polyfill';
import { easterSunday, frenchPublicHolidays, isFrenchPublicHoliday } from './french-holidays.js';

// Easter dates checked against an independent computus (python-dateutil `easter`), which
// agrees with the published tables; 1818/2285 are the earliest possible date, 2038 the latest.
describe('R-SUP-3: Easter Sunday by computus', () => {
  it.each([
    [1818, '1818-03-22'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('R-SUP-3: Easter %i is %s', (year, expected) => {
    expect(easterSunday(year).toString()).toBe(expected);
  });

  it('R-SUP-3: refuses a year outside the Gregorian calendar', () => {
    expect(() => easterSunday(1500)).toThrow(RangeError);
  });
});

describe('R-SUP-3: French public holidays', () => {
  const datesOf = (year: number, whitMondayWorked = false): string[] =>
    frenchPublicHolidays(year, { whitMondayWorked }).map((holiday) => holiday.date.toString());

  it.each([
    [
      2024,
      [
        '2024-01-01',
        '2024-04-01',
        '2024-05-01',
        '2024-05-08',
        '2024-05-09',
        '2024-05-20',
        '2024-07-14',
        '2024-08-15',
        '2024-11-01',
        '2024-11-11',
        '2024-12-25',
      ],
    ],
    [
      2025,
      [
        '2025-01-01',
        '2025-04-21',
        '2025-05-01',
        '2025-05-08',
        '2025-05-29',
        '2025-06-09',
        '2025-07-14',
        '2025-08-15',
        '2025-11-01',
        '2025-11-11',
        '2025-12-25',
      ],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-04-06',
        '2026-05-01',
        '2026-05-08',
        '2026-05-14',
        '2026-05-25',
        '2026-07-14',
        '2026-08-15',
        '2026-11-01',
        '2026-11-11',
        '2026-12-25',
      ],
    ],
    [
      2027,
      [
        '2027-01-01',
        '2027-03-29',
        '2027-05-01',
        '2027-05-06',
        '2027-05-08',
        '2027-05-17',
        '2027-07-14',
        '2027-08-15',
        '2027-11-01',
        '2027-11-11',
        '2027-12-25',
      ],
    ],
  ])('R-SUP-3: the eleven holidays of %i, in date order', (year, expected) => {
    expect(datesOf(year)).toEqual(expected);
  });

  it('R-SUP-3: Whit Monday worked as the solidarity day is not a holiday', () => {
    expect(datesOf(2026, true)).not.toContain('2026-05-25');
    expect(datesOf(2026, true)).toHaveLength(10);
    expect(isFrenchPublicHoliday(Temporal.PlainDate.from('2026-05-25'), { whitMondayWorked: true })).toBe(false);
    expect(isFrenchPublicHoliday(Temporal.PlainDate.from('2026-05-25'))).toBe(true);
  });

  it('R-SUP-3: two holidays may share a date (Ascension on 1 May 2008)', () => {
    const onFirstOfMay = frenchPublicHolidays(2008).filter((holiday) => holiday.date.toString() === '2008-05-01');
    expect(onFirstOfMay.map((holiday) => holiday.name)).toEqual(['Fête du Travail', 'Ascension']);
  });

  it.each([
    ['2026-04-03', false], // Good Friday is not a holiday outside Alsace-Moselle
    ['2026-04-06', true],
    ['2026-12-26', false], // nor is St Stephen's day
    ['2027-01-01', true],
  ])('R-SUP-3: %s is a public holiday: %s', (date, expected) => {
    expect(isFrenchPublicHoliday(Temporal.PlainDate.from(date))).toBe(expected);
  });
});
