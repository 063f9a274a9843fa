import { stringify, type Options } from 'csv-stringify/sync';

/**
 * What a spreadsheet may run as a formula when a cell starts with it (OWASP "CSV injection"):
 * `=`, `+`, `-`, `@`, tab, carriage return, and their full-width forms, which some spreadsheets
 * normalise to the ASCII ones.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * A plain number as our exports write numeric columns (`-1200`, `-329,65`, `0.077`): a spreadsheet
 * reads it as a number, never a formula, so it is kept as it is and stays a number there.
 */
const PLAIN_NUMBER = /^-?\d+(?:[.,]\d+)?$/;

/**
 * A cell that cannot be run as a formula (issue 18: `log.csv` exported `=HYPERLINK(` as is): one
 * starting with a formula character gets a single quote in front, as OWASP recommends, unless it is
 * a plain number. Numbers given as numbers never come here (csv-stringify writes them as they are).
 */
export const neutraliseFormula = (cell: string): string => (FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell);

/** CSV text with csv-stringify's options, every text cell neutralised: the one way the system writes CSV. */
export const csvText = (records: readonly unknown[], options: Options = {}): string => {
  const castString = options.cast?.string;
  return stringify([...records], {
    ...options,
    cast: {
      ...options.cast,
      string: (value, context) => {
        const cast = castString ? castString(value, context) : value;
        if (typeof cast === 'string') return neutraliseFormula(cast);
        return cast && { ...cast, value: neutraliseFormula(cast.value) };
      },
    },
  });
};
