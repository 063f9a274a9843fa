import { PLACE_WORDS } from '@digit/personal-data';
import { normalizeFrench } from './french-text.js';
import type { DetectableCategory } from './personal-data-category.js';

/**
 * What personal data looks like in the towns' datasets and requests (issue 6: names, e-mails,
 * phone numbers, postal addresses of persons, cadastral owners). Column names are read as
 * tokens: `nomProprietaire`, `nom_proprietaire` and `Nom du propriétaire` read alike.
 */
export const columnTokens = (column: string): string[] => {
  const words = normalizeFrench(column.replace(/([a-z])([A-Z])/g, '$1 $2'));
  return words ? words.split(' ') : [];
};

const NAME_WORDS = new Set(['nom', 'noms', 'name', 'names']);
const PERSON_NAME_WORDS = new Set([
  'prenom',
  'prenoms',
  'firstname',
  'lastname',
  'surname',
  'givenname',
  'forename',
  'fullname',
  'patronyme',
  'civilite',
  'civility',
  'naissance',
  'birth',
  'birthdate',
  'birthday',
  'dob',
]);
/** Who a name column may name and still be a person. */
const PERSON_QUALIFIERS = new Set([
  'first',
  'last',
  'given',
  'family',
  'full',
  'famille',
  'naissance',
  'usage',
  'usuel',
  'prenom',
  'complet',
  'marital',
  'jeune',
  'fille',
  'epoux',
  'epouse',
  'conjoint',
  'contact',
  'demandeur',
  'petitionnaire',
  'agent',
  'personne',
  'habitant',
  'usager',
  'signataire',
  'referent',
  'responsable',
  'titulaire',
  'beneficiaire',
  'declarant',
  'interlocuteur',
  'redacteur',
  'auteur',
  'client',
  'user',
  'utilisateur',
  'requester',
  'person',
  'employee',
  'citizen',
  'resident',
  'requerant',
  'occupant',
  'locataire',
  'correspondant',
  'representant',
  'mandataire',
  'signalant',
  'applicant',
  'reporter',
  'author',
  'customer',
  'member',
  'membre',
  'adherent',
  'eleve',
  'enfant',
  'parent',
  'pere',
  'mere',
  'temoin',
  'victime',
  'contrevenant',
  'electeur',
  'perso',
  'personnel',
  'personnelle',
  'home',
  'domicile',
  'particulier',
  'individu',
]);
/** Words that carry no meaning about who is named: containers and French articles. */
const NEUTRAL = new Set([
  'properties',
  'attributes',
  'attributs',
  'data',
  'donnees',
  'fields',
  'champs',
  'record',
  'feature',
  'features',
  'item',
  'items',
  'value',
  'values',
  'info',
  'infos',
  'information',
  'informations',
  'de',
  'du',
  'des',
  'la',
  'le',
  'l',
  'd',
  'et',
  'of',
  'the',
]);
const OWNER_WORDS = new Set([
  'proprietaire',
  'proprietaires',
  'proprio',
  'coproprietaire',
  'coproprietaires',
  'owner',
  'owners',
  'indivisaire',
  'indivisaires',
  'usufruitier',
  'usufruitiers',
]);
/** MAJIC (DGFiP land files) columns naming or identifying an owner. */
const MAJIC_OWNER_COLUMNS = new Set([
  'ddenom',
  'dnomlp',
  'dprnlp',
  'dnomus',
  'dprnus',
  'dnomcp',
  'dprncp',
  'epxnee',
  'dnupro',
  'jdatnss',
  'dldnss',
  'dqualp',
]);
/** MAJIC owner address lines. */
const MAJIC_OWNER_ADDRESS_COLUMNS = new Set(['dlign3', 'dlign4', 'dlign5', 'dlign6']);
const EMAIL_WORDS = new Set(['email', 'emails', 'courriel', 'courriels', 'mail', 'mel']);
const PHONE_WORDS = new Set(['telephone', 'telephones', 'tel', 'phone', 'portable', 'mobile', 'fax', 'gsm']);
const ADDRESS_WORDS = new Set(['adresse', 'adresses', 'address', 'addresses', 'addr', 'adr', 'domicile']);
const NOT_POSTAL_WORDS = new Set(['ip', 'mail', 'email', 'electronique', 'web', 'url', 'site', 'mac']);

export type ColumnMeaning =
  { readonly category: DetectableCategory; readonly personSpecific: boolean } | { readonly category: 'ambiguous-name' } | null;

const has = (tokens: readonly string[], words: ReadonlySet<string>): boolean => tokens.some((token) => words.has(token));

/**
 * What a column name says. Bare `nom`/`name` is "ambiguous-name": a person's name unless its
 * values are mostly places. Postal addresses are personal only next to persons (personSpecific
 * when the column itself says whose address it is).
 */
export const meaningOfColumn = (column: string): ColumnMeaning => {
  const tokens = columnTokens(column);
  const last = tokens.at(-1) ?? '';
  const owner = has(tokens, OWNER_WORDS) || MAJIC_OWNER_COLUMNS.has(last);
  if (has(tokens, EMAIL_WORDS) || (tokens.includes('e') && tokens.includes('mail'))) return { category: 'email', personSpecific: true };
  if (has(tokens, PHONE_WORDS)) return { category: 'phone', personSpecific: true };
  if (MAJIC_OWNER_ADDRESS_COLUMNS.has(last)) return { category: 'postal-address', personSpecific: true };
  const address = has(tokens, ADDRESS_WORDS) && !has(tokens, NOT_POSTAL_WORDS);
  if (address && (owner || has(tokens, PERSON_QUALIFIERS))) return { category: 'postal-address', personSpecific: true };
  if (owner) return { category: 'cadastral-owner', personSpecific: true };
  if (has(tokens, PERSON_NAME_WORDS)) return { category: 'identity', personSpecific: true };
  if (has(tokens, NAME_WORDS)) {
    const others = tokens.filter((token) => !NAME_WORDS.has(token) && !NEUTRAL.has(token) && !/^\d+$/.test(token));
    if (others.length === 0) return { category: 'ambiguous-name' };
    if (others.every((token) => PERSON_QUALIFIERS.has(token))) return { category: 'identity', personSpecific: true };
    return null;
  }
  if (address) return { category: 'postal-address', personSpecific: false };
  return null;
};

export const looksLikePlace = (value: string): boolean => PLACE_WORDS.has(normalizeFrench(value).split(' ')[0] ?? '');

export { CIVILITY_NAME_PATTERN, EMAIL_PATTERN, FRENCH_PHONE_PATTERN, STREET_ADDRESS_PATTERN } from '@digit/personal-data';
