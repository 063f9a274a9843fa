import { formatFrenchDate, formatFrenchDateOfInstant, parseInstant, parseIsoDate } from './french-format.js';

describe('dates as a French reader expects them', () => {
  it.each([
    ['2023-12-07', '07/12/2023'],
    ['2024-01-01', '01/01/2024'],
  ])('R-DX-4: the calendar date %s reads %s', (iso, text) => {
    expect(formatFrenchDate(iso)).toBe(text);
  });

  it.each([
    ['2023-12-06T23:30:00Z', '07/12/2023'],
    ['2024-06-30T22:30:00Z', '01/07/2024'],
    ['2023-12-07T10:00:00+01:00', '07/12/2023'],
  ])('R-DX-4: the instant %s falls on %s in Paris', (instant, text) => {
    expect(formatFrenchDateOfInstant(instant)).toBe(text);
  });

  it.each(['2024-02-30', '2024-2-3', '07/12/2023', 20231207])(
    'R-DX-6: %s is not a calendar date',
    (value) => {
      expect(parseIsoDate(value)).toBeUndefined();
    },
  );

  it.each(['2024-03-02T10:15:00', '2024-03-02', 'hier'])(
    'R-DX-4: %s is not an instant with offset',
    (value) => {
      expect(parseInstant(value)).toBeUndefined();
    },
  );
});
