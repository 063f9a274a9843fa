export {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  daysInclusive,
  isBefore,
  isCalendarDate,
  isOnOrBefore,
  maxDate,
  minDate,
  plainDate,
} from './calendar-date.js';
export type { CalendarDate } from './calendar-date.js';
export { isInstant, PARIS, parisDateOf, parisInstant, parisMomentOf, parisNow, parisToday } from './paris-time.js';
export {
  formatDateFr,
  formatInstantDateFr,
  formatInstantFr,
  formatMoneyForSpreadsheet,
  formatMoneyFr,
  NO_BREAK_SPACE,
} from './french-format.js';
