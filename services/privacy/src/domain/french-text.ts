/**
 * Lenient reading of French free text written by people (register cells, column names):
 * case, accents, apostrophes and punctuation do not matter.
 */
export const normalizeFrench = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\(s\)/g, 's')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Whole-word containment on normalized text: `hasPhrase('numero de telephone', 'telephone')`. */
export const hasPhrase = (normalized: string, phrase: string): boolean => ` ${normalized} `.includes(` ${phrase} `);

/** Removes the first whole-word occurrence, so that a longer phrase hides its shorter parts. */
export const withoutPhrase = (normalized: string, phrase: string): string => ` ${normalized} `.replace(` ${phrase} `, ' ').trim();

const BULLET = /^[-•*–]\s*/;

/**
 * Splits a cell holding a list. Lines, `|`, `•` and `;` always separate items; commas too when
 * `commas` is set. Separators inside parentheses do not split: "Identité (nom, prénom)" is one item.
 */
export const splitList = (cell: string, { commas }: { commas: boolean }): string[] => {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of cell) {
    if (character === '(') depth += 1;
    if (character === ')') depth = Math.max(0, depth - 1);
    const separates = depth === 0 && (/[\n|;•]/.test(character) || (commas && character === ','));
    if (separates) {
      items.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  items.push(current);
  return items.map((item) => item.trim().replace(BULLET, '').trim()).filter((item) => item.length > 0);
};
