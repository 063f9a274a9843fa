import { Decimal } from 'decimal.js';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { jsonSchemaConstraint } from '../edge/json-schema.js';

/**
 * The shapes of the conventions' own fields (R-CON-1, R-CON-7, R-CON-9), checked once, in the
 * request DTOs: an @ctes transmission number, a share as a decimal string, an Open Data host name.
 */

/**
 * @ctes identifier of a deliberation sent to the prefecture (R-CON-1):
 * department-SIREN-decision date-internal number-nature, then the suffixes some acts print.
 */
export const ACTES_NUMBER = /^\d{3}-\d{9}-(\d{8})-[A-Za-z0-9_]{1,15}-[A-Z]{2}(-\d+)*$/;
export const ACTES_NUMBER_MAX_LENGTH = 64;

/** The decision date an @ctes number carries, `YYYYMMDD` as printed; null when it is not one. */
export const actesDecisionDay = (transmissionNumber: string): string | null => ACTES_NUMBER.exec(transmissionNumber)?.[1] ?? null;

/** A share is written with a point; "-0.1" reads as a decimal so that it is refused as out of range. */
const DECIMAL = /^-?\d+(\.\d+)?$/;
export const SHARE_RATE_MAX_LENGTH = 20;

/** Why a value is not a share of a cost pool between "0" and "1" (7,7 % = "0.077"), or null. */
export const shareRateProblem = (value: unknown): 'not_a_decimal' | 'out_of_range' | null => {
  if (typeof value !== 'string' || value.length > SHARE_RATE_MAX_LENGTH || !DECIMAL.test(value)) return 'not_a_decimal';
  const rate = new Decimal(value);
  return rate.gte(0) && rate.lte(1) ? null : 'out_of_range';
};

const SHARE_LABELS = { resourcesShare: 'ressources', structureShare: 'structure' } as const;

/**
 * R-CON-7, R-BIL-1: a pool share as a decimal string, never a binary float (shares multiply money,
 * R-BIL-3). The message says which of the two problems it is.
 */
export const IsShareRate = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isShareRate',
    target: target.constructor,
    propertyName,
    constraints: [
      jsonSchemaConstraint({
        type: 'string',
        pattern: '^0*(0(\\.\\d+)?|1(\\.0+)?)$',
        maxLength: SHARE_RATE_MAX_LENGTH,
        description: 'part décimale de 0 à 1, par exemple "0.077"',
      }),
    ],
    validator: {
      validate: (value: unknown) => shareRateProblem(value) === null,
      defaultMessage: ({ value }: ValidationArguments) => {
        const label = SHARE_LABELS[propertyName as keyof typeof SHARE_LABELS] ?? propertyName;
        return shareRateProblem(value) === 'out_of_range'
          ? `La part ${label} doit être comprise entre 0 et 100 % (de "0" à "1").`
          : `La part ${label} doit être un nombre décimal écrit avec un point, par exemple "0.077" pour 7,7 % (${SHARE_RATE_MAX_LENGTH} caractères au plus).`;
      },
    },
  });

/** A host name in lower case (RFC 1123 labels, 253 characters at most): `data.exemple.fr`, no scheme, no path. */
export const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A non-blank text: spaces alone say nothing. */
export const NOT_BLANK = /\S/;
