import { ValidateBy } from 'class-validator';
import { Temporal } from 'temporal-polyfill';
import { jsonSchemaConstraint, type JsonSchema } from '../edge/json-schema.js';
import type { VoirieErrorCode } from './voirie-errors.js';

/**
 * class-validator decorators that each give exactly one French message per bad field, with its
 * stable code, and state the JSON Schema of what they accept (the AsyncAPI document publishes it).
 * Stacking the stock decorators (`@IsString @IsNotEmpty @MaxLength`) answers a missing field
 * with three English sentences; a town's DSI needs one sentence it can act on.
 */

/** Why a field is wrong: its code and a French sentence. */
export interface FieldProblem {
  readonly code: VoirieErrorCode;
  readonly message: string;
}

/** Returns why the value is wrong, or null when it is right. */
export type FieldCheck = (value: unknown) => FieldProblem | null;

const problem = (code: VoirieErrorCode, message: string): FieldProblem => ({ code, message });

/**
 * class-validator carries one string per failed constraint: the problem travels as JSON in it and
 * `decodeFieldProblem` reads it back (validate-voirie-order.ts).
 */
export const decodeFieldProblem = (text: string): FieldProblem | undefined => {
  try {
    const value = JSON.parse(text) as Partial<FieldProblem>;
    return typeof value.code === 'string' && typeof value.message === 'string' ? (value as FieldProblem) : undefined;
  } catch {
    return undefined;
  }
};

export const Checked = (name: string, check: FieldCheck, schema: JsonSchema, options: { optional?: boolean } = {}): PropertyDecorator =>
  ValidateBy({
    name,
    constraints: [jsonSchemaConstraint(schema, options)],
    validator: {
      validate: (value: unknown) => check(value) === null,
      defaultMessage: (args) => JSON.stringify(check(args?.value)),
    },
  });

const isAbsent = (value: unknown): value is null | undefined => value === undefined || value === null;
const orNull = (schema: JsonSchema): JsonSchema => ({ anyOf: [{ type: 'null' }, schema] });

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Characters as a person counts them (code points), as JSON Schema's minLength and maxLength do. */
const characters = (value: string): number => [...value].length;

export interface TextRule {
  readonly label: string;
  readonly maxLength: number;
  readonly minLength?: number;
  readonly pattern?: RegExp;
  /** Said when `pattern` does not match: what a valid value looks like. */
  readonly patternHint?: string;
}

export const textProblem = (value: unknown, rule: TextRule): FieldProblem | null => {
  const { label, maxLength, minLength = 1 } = rule;
  if (isAbsent(value)) return problem('VOIRIE_REQUIRED', `${label} est obligatoire`);
  if (typeof value !== 'string') return problem('VOIRIE_WRONG_TYPE', `${label} doit être une chaîne de caractères`);
  if (value.trim() === '') return problem('VOIRIE_INVALID_TEXT', `${label} ne doit pas être vide`);
  if (value.trim() !== value) return problem('VOIRIE_INVALID_TEXT', `${label} ne doit pas commencer ni finir par une espace : retirez-les`);
  if (CONTROL_CHARACTERS.test(value)) {
    return problem('VOIRIE_INVALID_TEXT', `${label} ne doit pas contenir de caractère de contrôle (retour à la ligne, tabulation…)`);
  }
  if (value.includes('\uFFFD') || LONE_SURROGATE.test(value)) {
    return problem('VOIRIE_INVALID_TEXT', `${label} contient un caractère illisible (�) : vérifiez l’encodage UTF-8`);
  }
  const length = characters(value);
  if (length < minLength) return problem('VOIRIE_TOO_SHORT', `${label} doit faire au moins ${minLength} caractères`);
  if (length > maxLength) return problem('VOIRIE_TOO_LONG', `${label} doit faire au plus ${maxLength} caractères (il en fait ${length})`);
  if (rule.pattern && !rule.pattern.test(value))
    return problem('VOIRIE_INVALID_FORMAT', `${label} est invalide : ${rule.patternHint ?? ''}`.trim());
  return null;
};

/** No space at either end, no control character, no U+FFFD, no lone surrogate: `textProblem` as a pattern. */
const TEXT_CHARACTER = '[^\\u0000-\\u001f\\u007f\\ufffd\\ud800-\\udfff]';
const EDGE_CHARACTER = '[^\\s\\u0000-\\u001f\\u007f\\ufffd\\ud800-\\udfff]';
const TEXT_PATTERN = `^${EDGE_CHARACTER}(${TEXT_CHARACTER}*${EDGE_CHARACTER})?$`;

const textSchema = (rule: TextRule): JsonSchema => ({
  type: 'string',
  minLength: rule.minLength ?? 1,
  maxLength: rule.maxLength,
  ...(rule.pattern ? { allOf: [{ pattern: TEXT_PATTERN }, { pattern: rule.pattern.source }] } : { pattern: TEXT_PATTERN }),
});

export const RequiredText = (rule: TextRule): PropertyDecorator =>
  Checked('requiredText', (value) => textProblem(value, rule), textSchema(rule));

/** Text that may be absent (undefined or null); the DTO's cross-field checks say when it must be there. */
export const OptionalText = (rule: TextRule): PropertyDecorator =>
  Checked('optionalText', (value) => (isAbsent(value) ? null : textProblem(value, rule)), orNull(textSchema(rule)), { optional: true });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIRST_YEAR = 1800;

export const calendarDateProblem = (value: unknown, label: string): FieldProblem | null => {
  if (isAbsent(value)) return problem('VOIRIE_REQUIRED', `${label} est obligatoire (format AAAA-MM-JJ)`);
  if (typeof value !== 'string' || !ISO_DATE.test(value)) {
    return problem('VOIRIE_INVALID_DATE', `${label} doit être une date au format AAAA-MM-JJ, par exemple 2024-04-01`);
  }
  try {
    const date = Temporal.PlainDate.from(value, { overflow: 'reject' });
    if (date.year < FIRST_YEAR)
      return problem('VOIRIE_INVALID_DATE', `${label} : l’année ${date.year} est invraisemblable (au plus tôt ${FIRST_YEAR})`);
    return null;
  } catch {
    return problem('VOIRIE_INVALID_DATE', `${label} : le ${value} n’existe pas dans le calendrier`);
  }
};

export const CalendarDate = (label: string): PropertyDecorator =>
  Checked('calendarDate', (value) => calendarDateProblem(value, label), {
    type: 'string',
    format: 'date',
    pattern: '^(1[89]\\d\\d|[2-9]\\d{3})-\\d{2}-\\d{2}$',
  });

const listed = (values: readonly string[]): string => values.join(', ');

export const oneOfProblem = (value: unknown, values: readonly string[], label: string): FieldProblem | null => {
  if (isAbsent(value)) return problem('VOIRIE_REQUIRED', `${label} est obligatoire : ${listed(values)}`);
  if (typeof value === 'string' && values.includes(value)) return null;
  return problem('VOIRIE_UNKNOWN_VALUE', `${label} « ${String(value)} » est inconnu : valeurs admises ${listed(values)}`);
};

export const OneOf = (values: readonly string[], label: string): PropertyDecorator =>
  Checked('oneOf', (value) => oneOfProblem(value, values, label), { type: 'string', enum: values });

export const OptionalOneOf = (values: readonly string[], label: string): PropertyDecorator =>
  Checked(
    'optionalOneOf',
    (value) => (isAbsent(value) ? null : oneOfProblem(value, values, label)),
    orNull({ type: 'string', enum: values }),
    { optional: true },
  );

export const integerProblem = (value: unknown, min: number, max: number, label: string): FieldProblem | null => {
  if (isAbsent(value)) return problem('VOIRIE_REQUIRED', `${label} est obligatoire`);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return problem('VOIRIE_WRONG_TYPE', `${label} doit être un nombre entier (sans guillemets) de ${min} à ${max}`);
  }
  if (value < min || value > max) return problem('VOIRIE_OUT_OF_RANGE', `${label} doit être un entier de ${min} à ${max} (reçu ${value})`);
  return null;
};

export const IntegerBetween = (min: number, max: number, label: string): PropertyDecorator =>
  Checked('integerBetween', (value) => integerProblem(value, min, max, label), { type: 'integer', minimum: min, maximum: max });

export const degreesProblem = (value: unknown, limit: number, label: string): FieldProblem | null => {
  if (isAbsent(value)) return problem('VOIRIE_REQUIRED', `${label} est obligatoire (degrés décimaux WGS84)`);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return problem('VOIRIE_WRONG_TYPE', `${label} doit être un nombre en degrés décimaux WGS84 (sans guillemets), par exemple 2.2401`);
  }
  if (Math.abs(value) > limit)
    return problem('VOIRIE_OUT_OF_RANGE', `${label} doit être un nombre de degrés de -${limit} à ${limit} (reçu ${value})`);
  return null;
};

export const Degrees = (limit: 90 | 180, label: string): PropertyDecorator =>
  Checked('degrees', (value) => degreesProblem(value, limit, label), { type: 'number', minimum: -limit, maximum: limit });
