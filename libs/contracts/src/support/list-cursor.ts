import { registerDecorator } from 'class-validator';
import { isCalendarDate, isInstant } from '@digit/calendar';

/**
 * The cursor of the support service's lists (CONTRACT.md v1.1 "Lists are paged"): each list runs
 * from the latest to the oldest by a date or an instant, then by id, so a cursor holds the last
 * item's sort key and id. In base64url, the alphabet `after` accepts.
 */
export interface ListPosition {
  /** An instant (`2026-03-10T09:30:00+01:00`) or a calendar date (`2026-06-15`). */
  readonly key: string;
  readonly id: string;
}

/** Ids of the support service's things: letters, digits, `.`, `_`, `-`, 64 at most (UUIDs, `d-1`). */
export const SUPPORT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const encodeListCursor = (position: ListPosition): string =>
  Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');

/** The position a cursor names, or undefined when it is not one this service gave. */
export const decodeListCursor = (cursor: string): ListPosition | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [key, id] = parsed as unknown[];
  if ((!isInstant(key) && !isCalendarDate(key)) || typeof id !== 'string' || !SUPPORT_ID.test(id)) return undefined;
  return { key: key as string, id };
};

export const IsListCursor = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isListCursor',
    target: target.constructor,
    propertyName,
    options: { message: 'after doit être le curseur donné par la page précédente (en-tête Link)' },
    validator: { validate: (value: unknown) => typeof value === 'string' && decodeListCursor(value) !== undefined },
  });
