import { Decimal } from 'decimal.js';

/**
 * A share of a cost pool as a decimal string between "0" and "1" (7,7 % = "0.077"), checked by the
 * request DTOs (libs/contracts `IsShareRate`). Never a binary float: shares end up multiplied by
 * money (R-BIL-3).
 */
export type ShareRate = string;

/** One spelling per value ("0.0770" and "0.077" are the same share), never in exponent form. */
export const normalizeShareRate = (value: ShareRate): ShareRate => new Decimal(value).toFixed();
