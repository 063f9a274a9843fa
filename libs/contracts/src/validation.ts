import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import type { ErrorDetail } from './decider.js';
import { boundsProblems } from './edge/bounds.js';

export type ValidationResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly details: readonly ErrorDetail[] };

/** Constraints about size or range: reported only when the value has the right type (issue 20: one message per field). */
const RANGE_CONSTRAINTS = new Set([
  'min',
  'max',
  'minLength',
  'maxLength',
  'length',
  'arrayMinSize',
  'arrayMaxSize',
  'arrayNotEmpty',
  'isNotEmpty',
  'isPositive',
  'isNegative',
  'arrayUnique',
]);

/** French wording of class-validator's built-in constraints, for DTO fields that give no message of their own. */
const FRENCH: Readonly<Record<string, (constraints: readonly unknown[]) => string>> = {
  isDefined: () => 'valeur obligatoire',
  isString: () => 'texte attendu',
  isInt: () => 'nombre entier attendu',
  isNumber: () => 'nombre attendu',
  isBoolean: () => 'true ou false attendu',
  isArray: () => 'liste attendue',
  isObject: () => 'objet JSON attendu',
  nestedValidation: () => 'objet JSON attendu',
  isNotEmptyObject: () => 'objet non vide attendu',
  isIn: ([values]) => `valeur non acceptée ; valeurs acceptées : ${(values as unknown[]).join(', ')}`,
  isEnum: ([, values]) => `valeur non acceptée ; valeurs acceptées : ${(values as unknown[] | undefined)?.join(', ') ?? ''}`,
  isEmail: () => 'adresse e-mail invalide',
  isUUID: () => 'identifiant UUID attendu',
  isUrl: () => 'adresse web (URL) attendue',
  isISO8601: () => 'date ou instant ISO 8601 attendu',
  matches: () => 'format non accepté',
  min: ([min]) => `doit valoir au moins ${String(min)}`,
  max: ([max]) => `doit valoir au plus ${String(max)}`,
  minLength: ([min]) => `${String(min)} caractère(s) au moins`,
  maxLength: ([max]) => `${String(max)} caractères au plus`,
  isNotEmpty: () => 'ne doit pas être vide',
  arrayNotEmpty: () => 'liste non vide attendue',
  arrayMinSize: ([min]) => `${String(min)} élément(s) au moins`,
  arrayMaxSize: ([max]) => `${String(max)} éléments au plus`,
  isPositive: () => 'nombre positif attendu',
};

/** class-validator's own messages are English ("… must be …", "… should not …"): never shown to a French reader. */
const isEnglishDefault = (message: string): boolean => /\b(must|should|property)\b/.test(message);

const acceptedFields = (target: object | undefined): string[] =>
  target
    ? [
        ...new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(target.constructor, '', true, false)
            .map((metadata) => metadata.propertyName),
        ),
      ]
    : [];

/** The one message of a field: "required" when it is missing, else its type problem before any range problem. */
const messageOf = (error: ValidationError): string | undefined => {
  const constraints = Object.entries(error.constraints ?? {});
  if (constraints.length === 0) return undefined;
  const whitelist = constraints.find(([name]) => name === 'whitelistValidation');
  if (whitelist) {
    const accepted = acceptedFields(error.target);
    return `champ inconnu : il n’existe pas dans le contrat${accepted.length > 0 ? ` ; champs acceptés : ${accepted.join(', ')}` : ''}`;
  }
  if (error.value === undefined || error.value === null) {
    // What the field expects, when the DTO says it in French: "valeur obligatoire : <it>".
    const expected = constraints.find(
      ([constraint, message]) => constraint !== 'isDefined' && !RANGE_CONSTRAINTS.has(constraint) && !isEnglishDefault(message),
    );
    return expected ? `valeur obligatoire : ${expected[1]}` : 'valeur obligatoire';
  }
  const [constraint, message] = constraints.find(([name]) => !RANGE_CONSTRAINTS.has(name)) ?? constraints[0]!;
  if (!isEnglishDefault(message)) return message;
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(error.target?.constructor ?? Object, '', true, false)
    .find((candidate) => candidate.propertyName === error.property && (candidate.name ?? candidate.type) === constraint);
  return FRENCH[constraint]?.(metadata?.constraints ?? []) ?? 'valeur non acceptée';
};

const flatten = (errors: readonly ValidationError[], prefix = ''): ErrorDetail[] =>
  errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const message = messageOf(error);
    return [...(message ? [{ path, message }] : []), ...flatten(error.children ?? [], path)];
  });

/**
 * Validates an untrusted plain object against a class-validator DTO: first the bounds every body
 * meets (depth, sizes, NUL, lone surrogates, numbers), then the DTO. Unknown properties are
 * refused (naming the accepted ones) so that a typo never passes silently; each field gets one
 * message, in French.
 */
export const validateDto = async <T extends object>(dto: new () => T, input: unknown): Promise<ValidationResult<T>> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, details: [{ path: '', message: 'le corps doit être un objet JSON' }] };
  }
  const tooBig = boundsProblems(input);
  if (tooBig.length > 0) return { ok: false, details: tooBig };
  const value = plainToInstance(dto, input);
  // A request without any field (an export that takes no parameter) has no rules: class-validator
  // would call it an unknown value; unknown fields are refused all the same (whitelist).
  const hasRules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).length > 0;
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: hasRules });
  return errors.length === 0 ? { ok: true, value } : { ok: false, details: flatten(errors) };
};
