import { ValidateBy } from 'class-validator';
import { Temporal } from 'temporal-polyfill';

/**
 * class-validator decorators that each give exactly one French message per bad field.
 * Stacking the stock decorators (`@IsString @IsNotEmpty @MaxLength`) answers a missing field
 * with three English sentences; a town's DSI needs one sentence it can act on.
 */

/** Returns why the value is wrong, in French, or null when it is right. */
export type FieldCheck = (value: unknown) => string | null;

export const Checked = (name: string, check: FieldCheck): PropertyDecorator =>
  ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => check(value) === null,
      defaultMessage: (args) => check(args?.value) ?? '',
    },
  });

const isAbsent = (value: unknown): value is null | undefined => value === undefined || value === null;

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export interface TextRule {
  readonly label: string;
  readonly maxLength: number;
  readonly minLength?: number;
  readonly pattern?: RegExp;
  /** Said when `pattern` does not match: what a valid value looks like. */
  readonly patternHint?: string;
}

export const textProblem = (value: unknown, rule: TextRule): string | null => {
  const { label, maxLength, minLength = 1 } = rule;
  if (isAbsent(value)) return `${label} est obligatoire`;
  if (typeof value !== 'string') return `${label} doit être une chaîne de caractères`;
  if (value.trim() === '') return `${label} ne doit pas être vide`;
  if (value.trim() !== value) return `${label} ne doit pas commencer ni finir par une espace : retirez-les`;
  if (CONTROL_CHARACTERS.test(value)) {
    return `${label} ne doit pas contenir de caractère de contrôle (retour à la ligne, tabulation…)`;
  }
  if (value.includes('\uFFFD')) return `${label} contient un caractère illisible (�) : vérifiez l’encodage UTF-8`;
  if (value.length < minLength) return `${label} doit faire au moins ${minLength} caractères`;
  if (value.length > maxLength) {
    return `${label} doit faire au plus ${maxLength} caractères (il en fait ${value.length})`;
  }
  if (rule.pattern && !rule.pattern.test(value)) return `${label} est invalide : ${rule.patternHint ?? ''}`.trim();
  return null;
};

export const RequiredText = (rule: TextRule): PropertyDecorator => Checked('requiredText', (value) => textProblem(value, rule));

/** Text that may be absent (undefined or null); the DTO's cross-field checks say when it must be there. */
export const OptionalText = (rule: TextRule): PropertyDecorator =>
  Checked('optionalText', (value) => (isAbsent(value) ? null : textProblem(value, rule)));

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIRST_YEAR = 1800;

export const calendarDateProblem = (value: unknown, label: string): string | null => {
  if (isAbsent(value)) return `${label} est obligatoire (format AAAA-MM-JJ)`;
  if (typeof value !== 'string' || !ISO_DATE.test(value)) {
    return `${label} doit être une date au format AAAA-MM-JJ, par exemple 2024-04-01`;
  }
  try {
    const date = Temporal.PlainDate.from(value, { overflow: 'reject' });
    if (date.year < FIRST_YEAR) return `${label} : l’année ${date.year} est invraisemblable (au plus tôt ${FIRST_YEAR})`;
    return null;
  } catch {
    return `${label} : le ${value} n’existe pas dans le calendrier`;
  }
};

export const CalendarDate = (label: string): PropertyDecorator =>
  Checked('calendarDate', (value) => calendarDateProblem(value, label));

const listed = (values: readonly string[]): string => values.join(', ');

export const oneOfProblem = (value: unknown, values: readonly string[], label: string): string | null => {
  if (isAbsent(value)) return `${label} est obligatoire : ${listed(values)}`;
  if (typeof value === 'string' && values.includes(value)) return null;
  return `${label} « ${String(value)} » est inconnu : valeurs admises ${listed(values)}`;
};

export const OneOf = (values: readonly string[], label: string): PropertyDecorator =>
  Checked('oneOf', (value) => oneOfProblem(value, values, label));

export const OptionalOneOf = (values: readonly string[], label: string): PropertyDecorator =>
  Checked('optionalOneOf', (value) => (isAbsent(value) ? null : oneOfProblem(value, values, label)));

export const integerProblem = (value: unknown, min: number, max: number, label: string): string | null => {
  if (isAbsent(value)) return `${label} est obligatoire`;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return `${label} doit être un nombre entier (sans guillemets) de ${min} à ${max}`;
  }
  if (value < min || value > max) return `${label} doit être un entier de ${min} à ${max} (reçu ${value})`;
  return null;
};

export const IntegerBetween = (min: number, max: number, label: string): PropertyDecorator =>
  Checked('integerBetween', (value) => integerProblem(value, min, max, label));

export const degreesProblem = (value: unknown, limit: number, label: string): string | null => {
  if (isAbsent(value)) return `${label} est obligatoire (degrés décimaux WGS84)`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `${label} doit être un nombre en degrés décimaux WGS84 (sans guillemets), par exemple 2.2401`;
  }
  if (Math.abs(value) > limit) return `${label} doit être un nombre de degrés de -${limit} à ${limit} (reçu ${value})`;
  return null;
};

export const Degrees = (limit: 90 | 180, label: string): PropertyDecorator =>
  Checked('degrees', (value) => degreesProblem(value, limit, label));
