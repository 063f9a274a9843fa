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
  'prenom', 'prenoms', 'firstname', 'lastname', 'surname', 'givenname', 'forename', 'fullname', 'patronyme',
  'civilite', 'civility', 'naissance', 'birth', 'birthdate', 'birthday', 'dob',
]);
/** Who a name column may name and still be a person. */
const PERSON_QUALIFIERS = new Set([
  'first', 'last', 'given', 'family', 'full', 'famille', 'naissance', 'usage', 'usuel', 'prenom', 'complet', 'marital',
  'jeune', 'fille', 'epoux', 'epouse', 'conjoint', 'contact', 'demandeur', 'petitionnaire', 'agent', 'personne',
  'habitant', 'usager', 'signataire', 'referent', 'responsable', 'titulaire', 'beneficiaire', 'declarant',
  'interlocuteur', 'redacteur', 'auteur', 'client', 'user', 'utilisateur', 'requester', 'person', 'employee',
  'citizen', 'resident', 'requerant', 'occupant', 'locataire', 'correspondant', 'representant', 'mandataire',
  'signalant', 'applicant', 'reporter', 'author', 'customer', 'member', 'membre', 'adherent', 'eleve', 'enfant',
  'parent', 'pere', 'mere', 'temoin', 'victime', 'contrevenant', 'electeur', 'perso', 'personnel', 'personnelle',
  'home', 'domicile', 'particulier', 'individu',
]);
/** Words that carry no meaning about who is named: containers and French articles. */
const NEUTRAL = new Set([
  'properties', 'attributes', 'attributs', 'data', 'donnees', 'fields', 'champs', 'record', 'feature', 'features',
  'item', 'items', 'value', 'values', 'info', 'infos', 'information', 'informations', 'de', 'du', 'des', 'la', 'le',
  'l', 'd', 'et', 'of', 'the',
]);
const OWNER_WORDS = new Set([
  'proprietaire', 'proprietaires', 'proprio', 'coproprietaire', 'coproprietaires', 'owner', 'owners', 'indivisaire',
  'indivisaires', 'usufruitier', 'usufruitiers',
]);
/** MAJIC (DGFiP land files) columns naming or identifying an owner. */
const MAJIC_OWNER_COLUMNS = new Set(['ddenom', 'dnomlp', 'dprnlp', 'dnomus', 'dprnus', 'dnomcp', 'dprncp', 'epxnee', 'dnupro', 'jdatnss', 'dldnss', 'dqualp']);
/** MAJIC owner address lines. */
const MAJIC_OWNER_ADDRESS_COLUMNS = new Set(['dlign3', 'dlign4', 'dlign5', 'dlign6']);
const EMAIL_WORDS = new Set(['email', 'emails', 'courriel', 'courriels', 'mail', 'mel']);
const PHONE_WORDS = new Set(['telephone', 'telephones', 'tel', 'phone', 'portable', 'mobile', 'fax', 'gsm']);
const ADDRESS_WORDS = new Set(['adresse', 'adresses', 'address', 'addresses', 'addr', 'adr', 'domicile']);
const NOT_POSTAL_WORDS = new Set(['ip', 'mail', 'email', 'electronique', 'web', 'url', 'site', 'mac']);
/** First words of values that name places, not people ("Allée Marie Curie" is a road). */
const PLACE_WORDS = new Set([
  'rue', 'avenue', 'allee', 'place', 'boulevard', 'bd', 'square', 'parc', 'jardin', 'ecole', 'college', 'lycee',
  'gymnase', 'stade', 'piscine', 'mairie', 'eglise', 'impasse', 'chemin', 'quai', 'villa', 'passage', 'sentier',
  'sente', 'route', 'cours', 'cite', 'residence', 'centre', 'gare', 'station', 'marche', 'bibliotheque',
  'mediatheque', 'musee', 'creche', 'hopital', 'pont', 'esplanade', 'parking', 'foret', 'bois', 'ile', 'espace',
  'salle', 'maison', 'conservatoire', 'theatre', 'hotel', 'tour', 'promenade', 'parvis', 'groupe', 'halle',
]);

export type ColumnMeaning =
  | { readonly category: DetectableCategory; readonly personSpecific: boolean }
  | { readonly category: 'ambiguous-name' }
  | null;

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

export const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/** French numbers: 01 46 99 12 34, 06.12.34.56.78, +33 1 46 99 12 34, +33 (0)1..., 0033146991234. */
export const FRENCH_PHONE_PATTERN = /(?<![\d+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}(?!\d)/;

/** "M. Dupont", "Mme Jeanne Martin", "Monsieur Paul": a civility followed by a capitalised name. */
export const CIVILITY_NAME_PATTERN = /(?:^|[^\p{L}])(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle)\s+\p{Lu}[\p{L}'-]+/u;

/** "12 rue de Sèvres", "3 bis, avenue Victor Hugo". */
export const STREET_ADDRESS_PATTERN =
  /(?<!\d)\d{1,4}\s*(?:bis|ter|quater|[a-d])?\s*,?\s+(?:rue|avenue|av\.|bd|boulevard|place|all[ée]e|impasse|chemin|quai|route|square|cours|villa|passage|sentier|sente|cit[ée]|rond-point|esplanade|parvis|promenade|r[ée]sidence|hameau|voie)(?!\p{L})/iu;
