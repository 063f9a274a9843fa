import { registerDecorator, type ValidationOptions } from 'class-validator';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant written ISO 8601 with its offset (`2026-03-10T09:30:00+01:00` or `...Z`): without
 * the offset a wall-clock time is ambiguous on the night daylight saving ends.
 */
export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));

export const IsInstant = (options?: ValidationOptions) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isInstant',
    target: target.constructor,
    propertyName,
    options: {
      message: `${propertyName} doit être une date et heure ISO 8601 avec décalage, par exemple 2026-03-10T09:30:00+01:00`,
      ...options,
    },
    validator: { validate: isInstant },
  });
