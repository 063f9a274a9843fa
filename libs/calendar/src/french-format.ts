import { Temporal } from 'temporal-polyfill';
import { PARIS } from './paris-time.js';

/**
 * How a French reader sees dates and money (`07/12/2023`, `07/12/2023 14:05`, `32 965,00 €`), for
 * everything a French agent reads: answers' messages, documents, CSV, pages.
 */
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** `2023-12-07` → `07/12/2023`. */
export const formatDateFr = (date: string): string => {
  const day = Temporal.PlainDate.from(date);
  return `${pad(day.day)}/${pad(day.month)}/${pad(day.year, 4)}`;
};

/** An instant → its Paris wall-clock time, `07/12/2023 14:05`. */
export const formatInstantFr = (instant: string): string => {
  const time = Temporal.Instant.from(instant).toZonedDateTimeISO(PARIS);
  return `${pad(time.day)}/${pad(time.month)}/${pad(time.year, 4)} ${pad(time.hour)}:${pad(time.minute)}`;
};

/** An instant → its Paris calendar date, `07/12/2023`. */
export const formatInstantDateFr = (instant: string): string =>
  formatDateFr(Temporal.Instant.from(instant).toZonedDateTimeISO(PARIS).toPlainDate().toString());

/**
 * U+00A0 NO-BREAK SPACE between thousands groups and before the euro sign: Intl's U+202F is missing
 * from some fonts and narrower than the convention's "32 965,00 €"; a no-break space looks like it
 * and never lets an amount break across two lines.
 */
export const NO_BREAK_SPACE = '\u00A0';

const splitCents = (cents: number): { sign: string; euros: string; remainder: string } => {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an amount in cents: ${String(cents)}`);
  const magnitude = Math.abs(cents);
  return { sign: cents < 0 ? '-' : '', euros: String(Math.trunc(magnitude / 100)), remainder: pad(magnitude % 100) };
};

/** Integer cents → `32 965,00 €`, `-1250` → `-12,50 €`. Integer arithmetic only. */
export const formatMoneyFr = (cents: number): string => {
  const { sign, euros, remainder } = splitCents(cents);
  return `${sign}${euros.replace(/\B(?=(\d{3})+(?!\d))/g, NO_BREAK_SPACE)},${remainder}${NO_BREAK_SPACE}€`;
};

/** Integer cents → `32965,00`: what a French spreadsheet reads as a number (no grouping, comma). */
export const formatMoneyForSpreadsheet = (cents: number): string => {
  const { sign, euros, remainder } = splitCents(cents);
  return `${sign}${euros},${remainder}`;
};
