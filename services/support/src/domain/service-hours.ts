import { Temporal } from 'temporal-polyfill';
import { PARIS } from '@digit/calendar';
import { formatInstant, toInstant } from './business-time.js';
import { isFrenchPublicHoliday } from './french-holidays.js';

/**
 * Service-hours clocks (DOMAIN R-SUP-3): first-level assistance runs on working days within
 * opening windows, except public holidays, and every response-time commitment counts only
 * those hours. Windows are wall-clock times of `zone`; all arithmetic is done on exact instants,
 * so daylight-saving changes never add or lose a service minute.
 */
export interface ServiceWindow {
  /** Wall-clock opening, `HH:MM`. */
  readonly start: string;
  /** Wall-clock closing, `HH:MM`, later the same day. */
  readonly end: string;
}

export interface ServiceCalendar {
  /** IANA time zone of the windows. */
  readonly zone: string;
  /** ISO days of the week with service: 1 = Monday ... 7 = Sunday. */
  readonly workingDays: readonly number[];
  /** Opening windows of a working day, in order, not overlapping. */
  readonly windows: readonly ServiceWindow[];
  /** Whit Monday worked as the solidarity day (see `FrenchHolidayOptions`). */
  readonly whitMondayWorked: boolean;
}

/** The seed's article 3: Monday to Friday, 9:00-12:00 and 14:00-17:00, except public holidays. */
export const DEFAULT_SERVICE_CALENDAR: ServiceCalendar = {
  zone: PARIS,
  workingDays: [1, 2, 3, 4, 5],
  windows: [
    { start: '09:00', end: '12:00' },
    { start: '14:00', end: '17:00' },
  ],
  whitMondayWorked: false,
};

/** A stretch during which the clock stops, such as waiting on the town. */
export interface ClockPause {
  readonly start: Temporal.Instant | string;
  readonly end: Temporal.Instant | string;
}

interface CompiledCalendar {
  readonly zone: string;
  readonly workingDays: ReadonlySet<number>;
  readonly windows: readonly { readonly start: Temporal.PlainTime; readonly end: Temporal.PlainTime }[];
  readonly whitMondayWorked: boolean;
}

/** Epoch-millisecond interval, end excluded. */
interface Span {
  readonly start: number;
  readonly end: number;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MS_PER_MINUTE = 60_000;
const compiledCalendars = new WeakMap<ServiceCalendar, CompiledCalendar>();

const compile = (calendar: ServiceCalendar): CompiledCalendar => {
  const cached = compiledCalendars.get(calendar);
  if (cached) return cached;
  // Throws a RangeError for an unknown time zone.
  Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(calendar.zone);
  const isWeekday = (day: number): boolean => Number.isInteger(day) && day >= 1 && day <= 7;
  if (calendar.workingDays.length === 0 || !calendar.workingDays.every(isWeekday)) {
    throw new RangeError('service calendar: workingDays must be a non-empty list of ISO weekdays 1..7');
  }
  if (calendar.windows.length === 0) {
    throw new RangeError('service calendar: at least one window is required');
  }
  const windows = calendar.windows.map(({ start, end }) => {
    if (!HH_MM.test(start) || !HH_MM.test(end)) {
      throw new RangeError(`service calendar: window ${start}-${end} must be written HH:MM-HH:MM`);
    }
    return { start: Temporal.PlainTime.from(start), end: Temporal.PlainTime.from(end) };
  });
  windows.forEach((window, index) => {
    const previous = windows[index - 1];
    const empty = Temporal.PlainTime.compare(window.start, window.end) >= 0;
    const overlapping = previous !== undefined && Temporal.PlainTime.compare(previous.end, window.start) > 0;
    if (empty || overlapping) {
      throw new RangeError('service calendar: windows must be non-empty, in order and not overlapping');
    }
  });
  const compiled = {
    zone: calendar.zone,
    workingDays: new Set(calendar.workingDays),
    windows,
    whitMondayWorked: calendar.whitMondayWorked,
  };
  compiledCalendars.set(calendar, compiled);
  return compiled;
};

/** Throws a RangeError naming the problem when a configured calendar is unusable. */
export const assertServiceCalendar = (calendar: ServiceCalendar): void => {
  compile(calendar);
};

/** A working day of the calendar that is not a public holiday. */
export const isServiceDay = (date: Temporal.PlainDate, calendar: ServiceCalendar = DEFAULT_SERVICE_CALENDAR): boolean => {
  const { workingDays, whitMondayWorked } = compile(calendar);
  return workingDays.has(date.dayOfWeek) && !isFrenchPublicHoliday(date, { whitMondayWorked });
};

/** Service windows as exact spans from `from` onwards, day after day, the first one clipped at `from`. */
function* serviceSpansFrom(from: number, calendar: ServiceCalendar): Generator<Span> {
  const compiled = compile(calendar);
  let date = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(compiled.zone).toPlainDate();
  for (;;) {
    if (isServiceDay(date, calendar)) {
      for (const window of compiled.windows) {
        const at = (plainTime: Temporal.PlainTime): number =>
          date.toZonedDateTime({ timeZone: compiled.zone, plainTime }).epochMilliseconds;
        const span = { start: Math.max(at(window.start), from), end: at(window.end) };
        if (span.end > span.start) yield span;
      }
    }
    date = date.add({ days: 1 });
  }
}

const mergePauses = (pauses: readonly ClockPause[]): readonly Span[] => {
  const spans = pauses
    .map((pause) => ({
      start: toInstant(pause.start).epochMilliseconds,
      end: toInstant(pause.end).epochMilliseconds,
    }))
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of spans) {
    if (span.end < span.start) throw new RangeError('a clock pause cannot end before it starts');
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    } else {
      merged.push(span);
    }
  }
  return merged;
};

/** The parts of `span` outside every pause. */
const withoutPauses = (span: Span, pauses: readonly Span[]): readonly Span[] => {
  const parts: Span[] = [];
  let cursor = span.start;
  for (const pause of pauses) {
    if (pause.end <= cursor || pause.start >= span.end) continue;
    if (pause.start > cursor) parts.push({ start: cursor, end: pause.start });
    cursor = Math.max(cursor, pause.end);
  }
  if (cursor < span.end) parts.push({ start: cursor, end: span.end });
  return parts;
};

/**
 * The instant at which `minutes` service minutes have run from `start`, the clock stopped during
 * `pauses`. A start outside service hours counts from the next opening; a due time that falls
 * exactly at a closing stays there. Returned as ISO 8601 with the calendar zone's offset.
 */
export const addServiceMinutes = (
  start: Temporal.Instant | string,
  minutes: number,
  calendar: ServiceCalendar = DEFAULT_SERVICE_CALENDAR,
  pauses: readonly ClockPause[] = [],
): string => {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`service minutes must be a non-negative number, got ${minutes}`);
  }
  const paused = mergePauses(pauses);
  let remaining = minutes * MS_PER_MINUTE;
  for (const span of serviceSpansFrom(toInstant(start).epochMilliseconds, calendar)) {
    for (const part of withoutPauses(span, paused)) {
      const length = part.end - part.start;
      if (remaining <= length) {
        return formatInstant(Temporal.Instant.fromEpochMilliseconds(part.start + remaining), calendar.zone);
      }
      remaining -= length;
    }
  }
  throw new Error('unreachable: service spans never end');
};

/**
 * Service minutes between two instants, pauses excluded. Fractional when the instants carry
 * seconds. `to` before `from` is a programming error.
 */
export const serviceMinutesBetween = (
  from: Temporal.Instant | string,
  to: Temporal.Instant | string,
  calendar: ServiceCalendar = DEFAULT_SERVICE_CALENDAR,
  pauses: readonly ClockPause[] = [],
): number => {
  const start = toInstant(from).epochMilliseconds;
  const end = toInstant(to).epochMilliseconds;
  if (end < start) throw new RangeError('serviceMinutesBetween: `to` is before `from`');
  const paused = mergePauses(pauses);
  let total = 0;
  for (const span of serviceSpansFrom(start, calendar)) {
    if (span.start >= end) break;
    for (const part of withoutPauses({ start: span.start, end: Math.min(span.end, end) }, paused)) {
      total += part.end - part.start;
    }
  }
  return total / MS_PER_MINUTE;
};
