import { Decimal } from 'decimal.js';

/**
 * A share of a cost pool as a decimal string between "0" and "1" (7,7 % = "0.077").
 * Never a binary float: shares end up multiplied by money (R-BIL-3).
 */
export type ShareRate = string;

/** Signed so that "-0.1" is refused as out of range rather than as unreadable. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export type ShareCheck = 'ok' | 'not_a_decimal' | 'out_of_range';

export const checkShareRate = (value: unknown): ShareCheck => {
  if (typeof value !== 'string' || !DECIMAL.test(value)) return 'not_a_decimal';
  const rate = new Decimal(value);
  return rate.gte(0) && rate.lte(1) ? 'ok' : 'out_of_range';
};

/** One spelling per value ("0.0770" and "0.077" are the same share), never in exponent form. */
export const normalizeShareRate = (value: ShareRate): ShareRate => new Decimal(value).toFixed();
