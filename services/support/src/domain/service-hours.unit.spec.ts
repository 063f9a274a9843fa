import { Temporal } from 'temporal-polyfill';
import {
  addServiceMinutes,
  assertServiceCalendar,
  DEFAULT_SERVICE_CALENDAR,
  isServiceDay,
  serviceMinutesBetween,
  type ServiceCalendar,
} from './service-hours.js';

const FOUR_HOURS = 240;

describe('R-SUP-3: due time of a first response in 4 service hours', () => {
  it.each([
    ['inside the morning window', '2026-03-10T09:30:00+01:00', '2026-03-10T15:30:00+01:00'],
    ['at 11:59: one minute before lunch, the rest the next morning', '2026-03-10T11:59:00+01:00', '2026-03-11T09:59:00+01:00'],
    ['during the lunch gap: starts at 14:00', '2026-03-10T12:30:00+01:00', '2026-03-11T10:00:00+01:00'],
    ['before opening: starts at 9:00', '2026-03-10T07:00:00+01:00', '2026-03-10T15:00:00+01:00'],
    ['at 17:30 on a Friday: starts on Monday', '2026-03-06T17:30:00+01:00', '2026-03-09T15:00:00+01:00'],
    ['on a Saturday', '2026-03-07T10:00:00+01:00', '2026-03-09T15:00:00+01:00'],
    ['given in UTC: same instant, Paris offset out', '2026-03-10T08:30:00Z', '2026-03-10T15:30:00+01:00'],
    ['on the eve of a holiday (13 July)', '2026-07-13T15:00:00+02:00', '2026-07-15T11:00:00+02:00'],
    ['on a holiday (1 May, a Friday)', '2026-05-01T10:00:00+02:00', '2026-05-04T15:00:00+02:00'],
    ['across the spring DST change (29 March 2026)', '2026-03-27T16:00:00+01:00', '2026-03-30T12:00:00+02:00'],
    ['across the autumn DST change (25 October 2026)', '2026-10-23T15:30:00+02:00', '2026-10-26T11:30:00+01:00'],
    ['across Easter Monday 2025', '2025-04-18T15:00:00+02:00', '2025-04-22T11:00:00+02:00'],
    ['across Easter Monday 2026', '2026-04-03T16:00:00+02:00', '2026-04-07T12:00:00+02:00'],
    ['across Easter Monday 2027, falling in March', '2027-03-26T16:00:00+01:00', '2027-03-30T12:00:00+02:00'],
    ['across Ascension 2027', '2027-05-05T16:30:00+02:00', '2027-05-07T14:30:00+02:00'],
    ['across Whit Monday 2024', '2024-05-17T16:00:00+02:00', '2024-05-21T12:00:00+02:00'],
    ['across Christmas', '2026-12-24T16:00:00+01:00', '2026-12-28T12:00:00+01:00'],
    ['across the year boundary and New Year', '2026-12-31T16:00:00+01:00', '2027-01-04T12:00:00+01:00'],
  ])('R-SUP-3: received %s', (_case, receivedAt, due) => {
    expect(addServiceMinutes(receivedAt, FOUR_HOURS, DEFAULT_SERVICE_CALENDAR)).toBe(due);
  });

  it('R-SUP-3: Whit Monday counts when the town works it as the solidarity day', () => {
    const calendar = { ...DEFAULT_SERVICE_CALENDAR, whitMondayWorked: true };
    expect(addServiceMinutes('2024-05-17T16:00:00+02:00', FOUR_HOURS, calendar)).toBe('2024-05-20T12:00:00+02:00');
  });

  it.each([
    ['a due time falling on a closing stays at the closing', '2026-03-10T11:00:00+01:00', 60, '2026-03-10T12:00:00+01:00'],
    ['zero minutes from inside a window is the same instant', '2026-03-10T10:15:00+01:00', 0, '2026-03-10T10:15:00+01:00'],
    ['zero minutes from outside hours is the next opening', '2026-03-10T12:00:00+01:00', 0, '2026-03-10T14:00:00+01:00'],
    ['5 service days of 6 hours from Monday 9:00 end on Friday 17:00', '2026-03-02T09:00:00+01:00', 1800, '2026-03-06T17:00:00+01:00'],
    ['seconds are kept', '2026-03-10T09:00:30+01:00', 30, '2026-03-10T09:30:30+01:00'],
  ])('R-SUP-3: %s', (_case, start, minutes, due) => {
    expect(addServiceMinutes(start, minutes)).toBe(due);
  });

  it('R-SUP-3: accepts a Temporal.Instant', () => {
    expect(addServiceMinutes(Temporal.Instant.from('2026-03-10T08:00:00Z'), 60)).toBe('2026-03-10T10:00:00+01:00');
  });
});

describe('R-SUP-3: the clock stops while waiting on the town', () => {
  it.each([
    [
      'a pause inside service hours pushes the due time by its length',
      [{ start: '2026-03-10T10:00:00+01:00', end: '2026-03-10T11:00:00+01:00' }],
      '2026-03-10T16:30:00+01:00',
    ],
    [
      'a pause overnight counts only its service part',
      [{ start: '2026-03-10T10:00:00+01:00', end: '2026-03-11T10:00:00+01:00' }],
      '2026-03-11T15:30:00+01:00',
    ],
    [
      'a pause outside service hours changes nothing',
      [{ start: '2026-03-10T12:05:00+01:00', end: '2026-03-10T13:55:00+01:00' }],
      '2026-03-10T15:30:00+01:00',
    ],
    [
      'overlapping pauses count once',
      [
        { start: '2026-03-10T10:00:00+01:00', end: '2026-03-10T11:00:00+01:00' },
        { start: '2026-03-10T10:30:00+01:00', end: '2026-03-10T11:30:00+01:00' },
      ],
      '2026-03-10T17:00:00+01:00',
    ],
    [
      'a pause starting exactly at the due time leaves it there',
      [{ start: '2026-03-10T15:30:00+01:00', end: '2026-03-12T09:00:00+01:00' }],
      '2026-03-10T15:30:00+01:00',
    ],
  ])('R-SUP-3: %s', (_case, pauses, due) => {
    expect(addServiceMinutes('2026-03-10T09:30:00+01:00', FOUR_HOURS, DEFAULT_SERVICE_CALENDAR, pauses)).toBe(due);
  });

  it('R-SUP-3: a pause that ends before it starts is a programming error', () => {
    const pauses = [{ start: '2026-03-10T11:00:00+01:00', end: '2026-03-10T10:00:00+01:00' }];
    expect(() => addServiceMinutes('2026-03-10T09:00:00+01:00', 60, DEFAULT_SERVICE_CALENDAR, pauses)).toThrow(RangeError);
  });
});

describe('R-SUP-3: service minutes between two instants', () => {
  it.each([
    ['within a window', '2026-03-10T09:00:00+01:00', '2026-03-10T10:30:00+01:00', 90],
    ['over the lunch gap', '2026-03-10T11:00:00+01:00', '2026-03-10T15:00:00+01:00', 120],
    ['a whole working day', '2026-03-10T00:00:00+01:00', '2026-03-11T00:00:00+01:00', 360],
    ['a weekend', '2026-03-06T17:00:00+01:00', '2026-03-09T09:00:00+01:00', 0],
    ['a week with Easter Monday', '2026-04-06T00:00:00+02:00', '2026-04-13T00:00:00+02:00', 4 * 360],
    ['the same instant', '2026-03-10T10:00:00+01:00', '2026-03-10T10:00:00+01:00', 0],
    ['with seconds', '2026-03-10T10:00:00+01:00', '2026-03-10T10:00:30+01:00', 0.5],
    ['across the autumn DST change', '2026-10-23T15:30:00+02:00', '2026-10-26T11:30:00+01:00', 240],
    ['a calendar year (2026: 261 weekdays, 9 of them holidays)', '2026-01-01T00:00:00+01:00', '2027-01-01T00:00:00+01:00', 252 * 360],
  ])('R-SUP-3: %s', (_case, from, to, minutes) => {
    expect(serviceMinutesBetween(from, to)).toBe(minutes);
  });

  it('R-SUP-3: waiting on the town is not counted', () => {
    const pauses = [{ start: '2026-03-10T10:00:00+01:00', end: '2026-03-10T14:30:00+01:00' }];
    expect(serviceMinutesBetween('2026-03-10T09:00:00+01:00', '2026-03-10T17:00:00+01:00', DEFAULT_SERVICE_CALENDAR, pauses)).toBe(
      60 + 150,
    );
  });

  it('R-SUP-3: a reversed interval is a programming error', () => {
    expect(() => serviceMinutesBetween('2026-03-10T10:00:00+01:00', '2026-03-10T09:00:00+01:00')).toThrow(RangeError);
  });

  // A night window on the DST Sundays shows that minutes are exact time, not wall-clock time.
  const nightCalendar: ServiceCalendar = {
    zone: 'Europe/Paris',
    workingDays: [7],
    windows: [{ start: '01:00', end: '04:00' }],
    whitMondayWorked: false,
  };
  it.each([
    ['spring forward: 01:00-04:00 lasts two real hours', '2026-03-29T00:00:00+01:00', '2026-03-29T06:00:00+02:00', 120],
    ['fall back: 01:00-04:00 lasts four real hours', '2026-10-25T00:00:00+02:00', '2026-10-25T06:00:00+01:00', 240],
  ])('R-SUP-3: DST, %s', (_case, from, to, minutes) => {
    expect(serviceMinutesBetween(from, to, nightCalendar)).toBe(minutes);
  });

  it('R-SUP-3: DST, a due time inside the repeated hour keeps its own offset', () => {
    expect(addServiceMinutes('2026-10-25T01:00:00+02:00', 90, nightCalendar)).toBe('2026-10-25T02:30:00+02:00');
    expect(addServiceMinutes('2026-10-25T01:00:00+02:00', 150, nightCalendar)).toBe('2026-10-25T02:30:00+01:00');
  });
});

describe('R-SUP-3: calendar configuration', () => {
  it.each([
    ['2026-03-10', true],
    ['2026-03-07', false],
    ['2026-07-14', false],
  ])('R-SUP-3: %s is a service day: %s', (date, expected) => {
    expect(isServiceDay(Temporal.PlainDate.from(date))).toBe(expected);
  });

  it.each([
    ['no working day', { workingDays: [] }],
    ['a weekday out of range', { workingDays: [0] }],
    ['no window', { windows: [] }],
    ['a window badly written', { windows: [{ start: '9h', end: '12:00' }] }],
    ['an empty window', { windows: [{ start: '12:00', end: '12:00' }] }],
    [
      'overlapping windows',
      {
        windows: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ],
      },
    ],
    ['an unknown zone', { zone: 'Europe/Nowhere' }],
  ])('R-SUP-3: refuses a calendar with %s', (_case, change) => {
    expect(() => assertServiceCalendar({ ...DEFAULT_SERVICE_CALENDAR, ...change })).toThrow(RangeError);
  });
});
