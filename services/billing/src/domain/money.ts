import { Decimal } from 'decimal.js';
import { NO_BREAK_SPACE } from '@digit/calendar';
import type { Cents } from '@digit/contracts';

/**
 * Money is integer euro cents (a safe integer `number`), never binary floating point (R-BIL-3).
 * Intermediate amounts are exact decimals; they become cents through `roundToCents` only. French
 * formatting of amounts is libs/calendar's (formatMoneyFr, formatMoneyForSpreadsheet).
 */
export type { Cents };

/**
 * Exact decimals for intermediate amounts and rates. 50 significant digits hold any product
 * of a budget in cents, a rate and day counts without loss; only divisions by day counts can
 * be inexact, far below the half-cent that rounding looks at.
 */
export const ExactDecimal = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });
export type Exact = Decimal;

export const exact = (value: Decimal.Value): Exact => new ExactDecimal(value);

/**
 * THE rounding rule of billing (R-BIL-3), stated here only: an exact amount expressed in cents
 * is rounded to the nearest cent, a half cent away from zero (decimal.js ROUND_HALF_UP, so that
 * a credit and a debit of the same size round to the same number of cents). Every billed line
 * calls it exactly once on its exact amount; totals are sums of rounded lines.
 */
export const roundToCents = (amountInCents: Exact): Cents => {
  // `|| 0` turns the -0 of a tiny credit into 0 so that it prints and compares as zero.
  const cents = amountInCents.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() || 0;
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount out of range: ${amountInCents.toString()}`);
  return cents;
};

export const isCents = (value: unknown): value is Cents => typeof value === 'number' && Number.isSafeInteger(value);

export const isNonNegativeCents = (value: unknown): value is Cents => isCents(value) && value >= 0;

export const sumCents = (amounts: readonly Cents[]): Cents => amounts.reduce((sum, cents) => sum + cents, 0);

/** A rate as a decimal string (`"0.077"`) in French percent: `7,7 %` (U+00A0 before `%`). */
export const formatRatePercent = (rate: string): string => `${exact(rate).times(100).toFixed().replace('.', ',')}${NO_BREAK_SPACE}%`;

const RATE_PATTERN = /^(0|[1-9]\d*)(\.\d+)?$/;

/** A rate is a plain decimal string between 0 and 1 inclusive: `"0.004"`, `"0.077"`, `"1"`. */
export const isRate = (value: unknown): value is string => typeof value === 'string' && RATE_PATTERN.test(value) && exact(value).lte(1);
