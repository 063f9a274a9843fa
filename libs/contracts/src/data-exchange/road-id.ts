/**
 * Road identifiers: `<insee>_<code voie>`, e.g. `92012_0042`.
 *
 * The code voie is the one of the Base Adresse Locale interoperability key
 * (`cle_interop` = `{insee}_{code voie}_{numero}`), 4 characters: historically the FANTOIR/RIVOLI
 * code without its check letter (digits for roads, a letter and three digits for lieux-dits).
 * We accept digits and upper-case letters only, because the BAL key is written in lower case:
 * `0a12` and `0A12` would otherwise be two roads with one key. `0000` and `XXXX` are refused:
 * in BAL they mean "code not known" (validator code `cle_interop.voie_non_renseignee`).
 */
const ROAD_ID = /^(\d{5})_([0-9A-Z]{4})$/;
const UNKNOWN_CODES: readonly string[] = ['0000', 'XXXX'];

/** The same rule as a JSON Schema pattern. */
export const ROAD_ID_PATTERN = '^\\d{5}_(?!0000$|XXXX$)[0-9A-Z]{4}$';

export interface ParsedRoadId {
  readonly insee: string;
  readonly code: string;
}

export const parseRoadId = (id: string): ParsedRoadId | undefined => {
  const match = ROAD_ID.exec(id);
  if (!match || UNKNOWN_CODES.includes(match[2]!)) return undefined;
  return { insee: match[1]!, code: match[2]! };
};

/** Why `value` is not a road id, in French, or null when it is one. */
export const roadIdProblem = (value: string): string | null => {
  if (parseRoadId(value)) return null;
  if (/^\d{5}_[0-9a-zA-Z]{4}$/.test(value) && !UNKNOWN_CODES.includes(value.slice(6).toUpperCase())) {
    return `le code de voie « ${value} » doit être écrit avec des lettres majuscules (${value.toUpperCase()})`;
  }
  if (/^\d{5}_(0000|xxxx)$/i.test(value)) {
    return `le code de voie « ${value} » signifie « code non renseigné » dans la Base Adresse Locale : indiquez le vrai code de la voie (FANTOIR ou code communal à 4 caractères)`;
  }
  return `le code de voie « ${value} » doit s’écrire <code INSEE>_<code voie à 4 chiffres ou lettres majuscules>, par exemple 92012_0042`;
};

/** The 4-character code voie of a valid road id. */
export const roadCodeOf = (id: string): string => id.slice(id.indexOf('_') + 1);
