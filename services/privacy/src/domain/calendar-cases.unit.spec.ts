import { formatDateFr, formatInstantFr, isCalendarDate, isInstant, parisDateOf } from '@digit/calendar';

// The log and the register read time through libs/calendar: these are the cases they rely on.
describe('Paris business time for the privacy log and register', () => {
  it.each([
    ['2023-12-07T13:05:00Z', '07/12/2023 14:05', '2023-12-07'],
    ['2024-07-01T22:30:00Z', '02/07/2024 00:30', '2024-07-02'],
    ['2024-03-31T01:30:00+00:00', '31/03/2024 03:30', '2024-03-31'],
  ])('R-GDPR-2: %s reads %s in Paris (winter, summer, DST day)', (instant, text, day) => {
    expect(formatInstantFr(instant)).toBe(text);
    expect(parisDateOf(instant)).toBe(day);
  });

  it.each<[unknown, boolean]>([
    ['2024-03-02T10:15:00+01:00', true],
    ['2024-03-02T10:15:00Z', true],
    ['2024-03-02T10:15:00', false],
    ['02/03/2024', false],
    [42, false],
  ])('R-GDPR-2: %p is an instant with offset: %p', (value, expected) => {
    expect(isInstant(value)).toBe(expected);
  });

  it.each<[unknown, boolean]>([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-2-1', false],
  ])('R-GDPR-3: %p is a calendar date: %p', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it('R-GDPR-1: calendar dates read as 07/12/2023', () => {
    expect(formatDateFr('2023-12-07')).toBe('07/12/2023');
  });
});
