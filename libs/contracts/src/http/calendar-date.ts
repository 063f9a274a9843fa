import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '@digit/calendar';
import { jsonSchemaConstraint } from '../edge/json-schema.js';

export { isCalendarDate };

export const IsCalendarDate = (options?: ValidationOptions) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isCalendarDate',
    target: target.constructor,
    propertyName,
    constraints: [jsonSchemaConstraint({ type: 'string', format: 'date' })],
    options: { message: `${propertyName} doit être une date réelle au format AAAA-MM-JJ`, ...options },
    validator: { validate: isCalendarDate },
  });
