import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isInstant } from '@digit/calendar';
import { jsonSchemaConstraint } from '../edge/json-schema.js';

export { isInstant };

/**
 * An instant written ISO 8601 with its offset (`2026-03-10T09:30:00+01:00` or `...Z`): without
 * the offset a wall-clock time is ambiguous on the night daylight saving ends.
 */
export const IsInstant = (options?: ValidationOptions) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isInstant',
    target: target.constructor,
    propertyName,
    constraints: [jsonSchemaConstraint({ type: 'string', format: 'date-time' })],
    options: {
      message: `${propertyName} doit être une date et heure ISO 8601 avec décalage, par exemple 2026-03-10T09:30:00+01:00`,
      ...options,
    },
    validator: { validate: isInstant },
  });
