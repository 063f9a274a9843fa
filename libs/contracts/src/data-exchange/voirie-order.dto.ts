import { Type } from 'class-transformer';
import { ValidateIf, ValidateNested } from 'class-validator';
import { INSEE_CODES } from '../towns.js';
import { ROAD_ID_PATTERN, roadIdProblem } from './road-id.js';
import { ROAD_TYPES, TRAFFIC_DIRECTIONS, VOIRIE_ORDER_KINDS, type VoirieOrderKind } from './voirie-view.js';
import {
  CalendarDate,
  Checked,
  Degrees,
  IntegerBetween,
  OneOf,
  OptionalOneOf,
  OptionalText,
  RequiredText,
  type FieldCheck,
  type FieldProblem,
} from './voirie-order.validators.js';

/**
 * The body of a road order exactly as CONTRACT.md fixes it (R-DX-1..3), checked field by field.
 * Rules that tie fields together (kind-specific fields, road id of the right town, coordinates in
 * the town, dates in order) are in the data-exchange service's validate-voirie-order.ts, and as
 * far as JSON Schema can say them in voirie-order.schema.ts. Unknown fields are refused
 * (whitelist), so a misspelt optional field never passes silently.
 */

/** Lower-case UUID (RFC 9562 canonical form): the id is compared as a string for duplicates. */
const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** BAL 1.4 `voie_nom` is 3 to 200 characters; we keep to it so that every road exports. */
const ROAD_NAME = { minLength: 3, maxLength: 200 } as const;

export const MAX_NUMBERS_PER_ORDER = 1000;
export const MAX_SUFFIX_LENGTH = 9;

/** The order's nested objects, named the way the messages about them say it. */
export const NESTED_OBJECTS = {
  road: { label: 'la voie (road)', shape: '{ "id", "name", "type" }' },
  mentions: { label: 'le bloc des mentions obligatoires (mentions)', shape: '{ "source", "copyright", "year" }' },
} as const;

export const notAnObjectMessage = (field: keyof typeof NESTED_OBJECTS): string =>
  `${NESTED_OBJECTS[field].label} doit être un objet JSON ${NESTED_OBJECTS[field].shape}`;

const objectCheck =
  (field: keyof typeof NESTED_OBJECTS): FieldCheck =>
  (value) => {
    if (value === undefined) return { code: 'VOIRIE_REQUIRED', message: `${NESTED_OBJECTS[field].label} est obligatoire` };
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? null
      : { code: 'VOIRIE_WRONG_TYPE', message: notAnObjectMessage(field) };
  };

const NUMBER_SHAPE = '{ "number", "suffix", "lon", "lat" }';

const roadIdCheck: FieldCheck = (value) => {
  if (value === undefined || value === null)
    return { code: 'VOIRIE_REQUIRED', message: 'le code de la voie (road.id) est obligatoire, par exemple 92012_0042' };
  if (typeof value !== 'string')
    return { code: 'VOIRIE_WRONG_TYPE', message: 'le code de la voie (road.id) doit être une chaîne, par exemple "92012_0042"' };
  const problem = roadIdProblem(value);
  return problem === null ? null : { code: 'VOIRIE_INVALID_ROAD_ID', message: problem };
};

/**
 * BAL 1.4 `suffixe` (≤ 9 characters, starting with a letter or digit), without the spaces BAL
 * tolerates: the suffix also ends the `cle_interop` key, where a space has no place.
 */
const SUFFIX_CHARACTERS = '0-9a-zA-ZÀ-ÖØ-öø-ÿ';
const SUFFIX = new RegExp(`^[${SUFFIX_CHARACTERS}]+$`);

const suffixCheck: FieldCheck = (value) => {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string')
    return { code: 'VOIRIE_WRONG_TYPE', message: 'le suffixe doit être une chaîne, par exemple "bis", ou être omis' };
  if (value.length > MAX_SUFFIX_LENGTH) {
    return {
      code: 'VOIRIE_TOO_LONG',
      message: `le suffixe « ${value} » doit faire au plus ${MAX_SUFFIX_LENGTH} caractères (il en fait ${value.length})`,
    };
  }
  if (value.trim() !== value)
    return { code: 'VOIRIE_INVALID_TEXT', message: `le suffixe « ${value} » ne doit pas commencer ni finir par une espace` };
  if (!SUFFIX.test(value)) {
    return {
      code: 'VOIRIE_INVALID_FORMAT',
      message: `le suffixe « ${value} » ne doit contenir que des lettres et des chiffres, sans espace (par exemple bis, ter, A)`,
    };
  }
  return null;
};

export const numbersCheck = (value: unknown): FieldProblem | null => {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value))
    return { code: 'VOIRIE_WRONG_TYPE', message: `les numéros (numbers) doivent être une liste [ ${NUMBER_SHAPE}, … ]` };
  if (value.length > MAX_NUMBERS_PER_ORDER) {
    return {
      code: 'VOIRIE_TOO_MANY_NUMBERS',
      message: `un arrêté porte au plus ${MAX_NUMBERS_PER_ORDER} numéros (reçu ${value.length}) : découpez-le en plusieurs ordres`,
    };
  }
  return null;
};

export class RoadDto {
  @Checked('roadId', roadIdCheck, { type: 'string', pattern: ROAD_ID_PATTERN })
  id!: string;

  @RequiredText({ label: 'le nom de la voie (road.name)', ...ROAD_NAME })
  name!: string;

  @OneOf(ROAD_TYPES, 'le type de voie (road.type)')
  type!: string;
}

export class RoadNumberDto {
  @IntegerBetween(1, 9999, 'le numéro')
  number!: number;

  @Checked(
    'suffix',
    suffixCheck,
    { anyOf: [{ type: 'null' }, { type: 'string', pattern: `^[${SUFFIX_CHARACTERS}]{0,${MAX_SUFFIX_LENGTH}}$` }] },
    { optional: true },
  )
  suffix?: string | null;

  @Degrees(180, 'la longitude (lon)')
  lon!: number;

  @Degrees(90, 'la latitude (lat)')
  lat!: number;
}

export class VoirieMentionsDto {
  @RequiredText({ label: 'la source (mentions.source)', maxLength: 200 })
  source!: string;

  @RequiredText({ label: 'le copyright (mentions.copyright)', maxLength: 200 })
  copyright!: string;

  @IntegerBetween(1900, 2100, 'l’année (mentions.year)')
  year!: number;
}

export class VoirieOrderDto {
  @RequiredText({
    label: 'l’identifiant de l’ordre (orderId)',
    maxLength: 36,
    pattern: LOWER_CASE_UUID,
    patternHint: 'un UUID écrit en minuscules est attendu, par exemple 9f1c6c1e-2b7d-4c3a-9e55-0d6b1f2a3c4d',
  })
  orderId!: string;

  @OneOf(INSEE_CODES, 'le code INSEE de la commune (insee)')
  insee!: string;

  @RequiredText({ label: 'la référence de l’arrêté (reference)', maxLength: 100 })
  reference!: string;

  @CalendarDate('la date de signature (signedAt)')
  signedAt!: string;

  @CalendarDate('la date d’effet (effectiveAt)')
  effectiveAt!: string;

  @OneOf(VOIRIE_ORDER_KINDS, 'le type d’arrêté (kind)')
  kind!: VoirieOrderKind;

  @Checked('road', objectCheck('road'), { type: 'object' })
  @ValidateNested({ message: notAnObjectMessage('road') })
  @Type(() => RoadDto)
  road!: RoadDto;

  @OptionalText({ label: 'l’ancien nom de la voie (previousName)', ...ROAD_NAME })
  previousName?: string | null;

  @Checked('numbers', numbersCheck, { type: ['array', 'null'], maxItems: MAX_NUMBERS_PER_ORDER }, { optional: true })
  // Absent or null means no numbers: nothing to walk (class-validator's nested check would refuse null).
  @ValidateIf((_, value: unknown) => value !== undefined && value !== null)
  @ValidateNested({ each: true, message: `chaque numéro doit être un objet JSON ${NUMBER_SHAPE}` })
  @Type(() => RoadNumberDto)
  numbers?: RoadNumberDto[] | null;

  @OptionalOneOf(TRAFFIC_DIRECTIONS, 'le sens de circulation (direction)')
  direction?: string | null;

  @Checked('mentions', objectCheck('mentions'), { type: 'object' })
  @ValidateNested({ message: notAnObjectMessage('mentions') })
  @Type(() => VoirieMentionsDto)
  mentions!: VoirieMentionsDto;
}
