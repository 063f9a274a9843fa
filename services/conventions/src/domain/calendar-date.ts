/**
 * The domain's name for a calendar date `YYYY-MM-DD` (Europe/Paris business calendar): commands and
 * events are typed with it. Parsing, arithmetic and French formatting are libs/calendar's.
 */
export type { CalendarDate as IsoDate } from '@digit/calendar';
