import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { ErrorDetail } from './decider.js';

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly details: readonly ErrorDetail[] };

const flatten = (errors: readonly ValidationError[], prefix = ''): ErrorDetail[] =>
  errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(error.children ?? [], path)];
  });

/**
 * Validates an untrusted plain object against a class-validator DTO.
 * Unknown properties are refused so that a typo never passes silently.
 */
export const validateDto = async <T extends object>(
  dto: new () => T,
  input: unknown,
): Promise<ValidationResult<T>> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, details: [{ path: '', message: 'le corps doit être un objet JSON' }] };
  }
  const value = plainToInstance(dto, input);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length === 0 ? { ok: true, value } : { ok: false, details: flatten(errors) };
};
