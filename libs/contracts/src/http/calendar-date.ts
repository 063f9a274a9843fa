import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A real calendar date written `YYYY-MM-DD` (2024-02-30 is refused). */
export const isCalendarDate = (value: unknown): value is string => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

export const IsCalendarDate = (options?: ValidationOptions) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isCalendarDate',
    target: target.constructor,
    propertyName,
    options: { message: `${propertyName} doit être une date réelle au format AAAA-MM-JJ`, ...options },
    validator: { validate: isCalendarDate },
  });
