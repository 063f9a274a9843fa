import { Temporal } from 'temporal-polyfill';

/**
 * French public holidays (jours fériés, Code du travail L3133-1) for metropolitan France outside
 * Alsace-Moselle, which is where the GPSO towns are. Computed for any Gregorian year.
 */
export type FrenchHolidayKey =
  | 'new-year'
  | 'easter-monday'
  | 'labour-day'
  | 'victory-1945'
  | 'ascension'
  | 'whit-monday'
  | 'bastille-day'
  | 'assumption'
  | 'all-saints'
  | 'armistice-1918'
  | 'christmas';

export interface FrenchHoliday {
  readonly key: FrenchHolidayKey;
  /** The name a French agent reads. */
  readonly name: string;
  readonly date: Temporal.PlainDate;
}

export interface FrenchHolidayOptions {
  /**
   * Whit Monday is legally a holiday, but an employer may make it the solidarity day
   * (journée de solidarité) and work it. `true` drops it from the holidays. Default `false`.
   */
  readonly whitMondayWorked?: boolean;
}

const FIXED_HOLIDAYS: readonly { key: FrenchHolidayKey; name: string; month: number; day: number }[] = [
  { key: 'new-year', name: "Jour de l'an", month: 1, day: 1 },
  { key: 'labour-day', name: 'Fête du Travail', month: 5, day: 1 },
  { key: 'victory-1945', name: 'Victoire 1945', month: 5, day: 8 },
  { key: 'bastille-day', name: 'Fête nationale', month: 7, day: 14 },
  { key: 'assumption', name: 'Assomption', month: 8, day: 15 },
  { key: 'all-saints', name: 'Toussaint', month: 11, day: 1 },
  { key: 'armistice-1918', name: 'Armistice 1918', month: 11, day: 11 },
  { key: 'christmas', name: 'Noël', month: 12, day: 25 },
];

const assertYear = (year: number): void => {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`year must be a Gregorian year between 1583 and 9999, got ${year}`);
  }
};

/** Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export const easterSunday = (year: number): Temporal.PlainDate => {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Temporal.PlainDate.from({ year, month, day });
};

/** The year's public holidays in date order (two may share a date, e.g. 1 May 2008 was also Ascension). */
export const frenchPublicHolidays = (year: number, options: FrenchHolidayOptions = {}): readonly FrenchHoliday[] => {
  const easter = easterSunday(year);
  const movable: FrenchHoliday[] = [
    { key: 'easter-monday', name: 'Lundi de Pâques', date: easter.add({ days: 1 }) },
    { key: 'ascension', name: 'Ascension', date: easter.add({ days: 39 }) },
  ];
  if (!options.whitMondayWorked) {
    movable.push({ key: 'whit-monday', name: 'Lundi de Pentecôte', date: easter.add({ days: 50 }) });
  }
  const fixed = FIXED_HOLIDAYS.map(({ key, name, month, day }) => ({
    key,
    name,
    date: Temporal.PlainDate.from({ year, month, day }),
  }));
  return [...fixed, ...movable].sort((x, y) => Temporal.PlainDate.compare(x.date, y.date));
};

/** Holiday dates per year and setting, computed once: clocks ask this for every day they cross. */
const holidayDatesCache = new Map<string, ReadonlySet<string>>();

export const isFrenchPublicHoliday = (date: Temporal.PlainDate, options: FrenchHolidayOptions = {}): boolean => {
  const cacheKey = `${date.year}:${options.whitMondayWorked === true}`;
  let dates = holidayDatesCache.get(cacheKey);
  if (!dates) {
    dates = new Set(frenchPublicHolidays(date.year, options).map((holiday) => holiday.date.toString()));
    holidayDatesCache.set(cacheKey, dates);
  }
  return dates.has(date.toString());
};
