import { Temporal } from 'temporal-polyfill';

/** Business time of DIGIT and the towns (CONTRACT.md "Conventions for every interface"). */
export const BUSINESS_TIME_ZONE = 'Europe/Paris';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO 8601 instant with an offset (`Z` or `+01:00`), or null when the text is not one. */
export const parseInstant = (value: unknown): Temporal.Instant | null => {
  if (typeof value !== 'string') return null;
  try {
    return Temporal.Instant.from(value);
  } catch {
    return null;
  }
};

/** A calendar date written exactly `YYYY-MM-DD`, or null. */
export const parsePlainDate = (value: unknown): Temporal.PlainDate | null => {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return null;
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' });
  } catch {
    return null;
  }
};

export const toInstant = (value: Temporal.Instant | string): Temporal.Instant =>
  typeof value === 'string' ? Temporal.Instant.from(value) : value;

/** `2026-12-01T10:00:00+01:00`: the instant as read on a wall clock of the zone, with its offset. */
export const formatInstant = (
  instant: Temporal.Instant | string,
  timeZone: string = BUSINESS_TIME_ZONE,
): string => toInstant(instant).toZonedDateTimeISO(timeZone).toString({ timeZoneName: 'never' });

/** The calendar date of an instant in business time. */
export const businessDateOf = (
  instant: Temporal.Instant | string,
  timeZone: string = BUSINESS_TIME_ZONE,
): Temporal.PlainDate => toInstant(instant).toZonedDateTimeISO(timeZone).toPlainDate();

const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** `07/12/2023`, as French agents write dates. */
export const frenchDate = (date: Temporal.PlainDate): string =>
  `${twoDigits(date.day)}/${twoDigits(date.month)}/${date.year}`;

/** `07/12/2023 à 14:05` in business time, for messages French agents read. */
export const frenchDateTime = (
  instant: Temporal.Instant | string,
  timeZone: string = BUSINESS_TIME_ZONE,
): string => {
  const local = toInstant(instant).toZonedDateTimeISO(timeZone);
  return `${frenchDate(local.toPlainDate())} à ${twoDigits(local.hour)}:${twoDigits(local.minute)}`;
};
