import { hasPhrase, normalizeFrench, withoutPhrase } from './french-text.js';
import type { PersonalDataCategory } from './personal-data-category.js';
import type { LegalBasis } from './processing-fiche.js';

/**
 * How DPDs' register spreadsheets name things. Headers follow the CNIL register model
 * ("fiche de registre": Nom de l'activité, Objectifs poursuivis, Catégories de personnes
 * concernées, Catégories de données collectées, Des données sensibles sont-elles traitées ?,
 * Durées de conservation des catégories de données, Catégories de destinataires des données
 * (destinataires internes, organismes externes, sous-traitants), Transferts des données hors UE,
 * Mesures de sécurité, Nom du responsable conjoint du traitement, Nom du logiciel ou de
 * l'application) and the usual variants of art. 30 registers (Finalité, Base légale...).
 */
export type RegisterColumn =
  | 'reference'
  | 'name'
  | 'purposes'
  | 'legalBases'
  | 'dataSubjects'
  | 'dataCategories'
  | 'sensitiveCategories'
  | 'sensitiveDataException'
  | 'recipients'
  | 'transfersOutsideEu'
  | 'transferSafeguards'
  | 'retentionPeriods'
  | 'securityMeasures'
  | 'status'
  | 'jointController'
  | 'software';

/** Columns that several headers may fill together (CNIL splits recipients three ways). */
export const MULTI_HEADER_COLUMNS: readonly RegisterColumn[] = ['recipients'];

const HEADER_ALIASES: Readonly<Record<RegisterColumn, readonly string[]>> = {
  reference: [
    'reference',
    'ref',
    'n',
    'no',
    'num',
    'numero',
    'n de fiche',
    'numero de fiche',
    'reference du traitement',
    'reference de la fiche',
    'identifiant',
    'identifiant du traitement',
    'id',
    'code',
    'code du traitement',
  ],
  name: [
    'nom de l activite',
    'nom du traitement',
    'activite',
    'activite de traitement',
    'traitement',
    'intitule',
    'intitule du traitement',
    'designation de l activite',
    'designation',
    'nom',
    'denomination du traitement',
  ],
  purposes: [
    'objectifs poursuivis',
    'finalite',
    'finalites',
    'finalite du traitement',
    'finalites du traitement',
    'finalite principale',
    'objectifs',
    'objet du traitement',
  ],
  legalBases: [
    'base legale',
    'bases legales',
    'base juridique',
    'fondement juridique',
    'fondement legal',
    'base legale du traitement',
    'liceite',
    'liceite du traitement',
  ],
  dataSubjects: [
    'categories de personnes concernees',
    'categorie de personnes concernees',
    'personnes concernees',
    'categories de personnes',
  ],
  dataCategories: [
    'categories de donnees collectees',
    'categories de donnees',
    'categorie de donnees',
    'categories de donnees personnelles',
    'categories de donnees personnelles concernees',
    'categories de donnees traitees',
    'donnees collectees',
    'donnees traitees',
    'donnees personnelles traitees',
  ],
  sensitiveCategories: [
    'donnees sensibles',
    'des donnees sensibles sont elles traitees',
    'donnees sensibles traitees',
    'categories de donnees sensibles',
  ],
  sensitiveDataException: [
    'exception article 9',
    'exception de l article 9',
    'exception art 9',
    'derogation article 9',
    'base legale des donnees sensibles',
    'fondement des donnees sensibles',
  ],
  recipients: [
    'categories de destinataires des donnees',
    'categories de destinataires',
    'destinataires',
    'destinataires des donnees',
    'destinataires internes',
    'organismes externes',
    'sous traitants',
  ],
  transfersOutsideEu: [
    'transferts des donnees hors ue',
    'transferts hors ue',
    'transfert hors ue',
    'transferts de donnees hors ue',
    'transferts vers des pays tiers',
    'transfert hors union europeenne',
    'transferts hors union europeenne',
  ],
  transferSafeguards: ['garanties', 'garanties des transferts', 'garanties appropriees', 'type de garanties'],
  retentionPeriods: [
    'durees de conservation des categories de donnees',
    'duree de conservation',
    'durees de conservation',
    'duree de conservation des donnees',
    'delais prevus pour l effacement des donnees',
    'delai de conservation',
    'delais d effacement',
  ],
  securityMeasures: [
    'mesures de securite',
    'mesures de securite organisationnelles et techniques',
    'mesures de securite techniques et organisationnelles',
    'securite',
  ],
  status: ['statut', 'etat', 'statut de la fiche', 'etat de la fiche', 'validation'],
  jointController: [
    'nom du responsable conjoint du traitement',
    'responsable conjoint',
    'responsable conjoint du traitement',
    'co responsable du traitement',
  ],
  software: ['nom du logiciel ou de l application', 'logiciel', 'application', 'logiciel ou application', 'logiciel application'],
};

const COLUMN_BY_HEADER = new Map<string, RegisterColumn>(
  Object.entries(HEADER_ALIASES).flatMap(([column, aliases]) => aliases.map((alias) => [alias, column as RegisterColumn] as const)),
);

export const columnOfHeader = (header: string): RegisterColumn | undefined => COLUMN_BY_HEADER.get(normalizeFrench(header));

/** French name of a column, for messages when the file has no such header. */
export const COLUMN_LABELS: Readonly<Record<RegisterColumn, string>> = {
  reference: 'Référence',
  name: "Nom de l'activité",
  purposes: 'Objectifs poursuivis',
  legalBases: 'Base légale',
  dataSubjects: 'Catégories de personnes concernées',
  dataCategories: 'Catégories de données collectées',
  sensitiveCategories: 'Données sensibles',
  sensitiveDataException: "Exception de l'article 9",
  recipients: 'Catégories de destinataires des données',
  transfersOutsideEu: 'Transferts des données hors UE',
  transferSafeguards: 'Garanties',
  retentionPeriods: 'Durées de conservation',
  securityMeasures: 'Mesures de sécurité',
  status: 'Statut',
  jointController: 'Nom du responsable conjoint du traitement',
  software: "Nom du logiciel ou de l'application",
};

const LEGAL_BASIS_PHRASES: readonly (readonly [string, LegalBasis])[] = [
  ['consentement', 'consent'],
  ['contrat', 'contract'],
  ['contractuel', 'contract'],
  ['mesures precontractuelles', 'contract'],
  ['obligation legale', 'legal-obligation'],
  ['obligations legales', 'legal-obligation'],
  ['obligation reglementaire', 'legal-obligation'],
  ['interets vitaux', 'vital-interests'],
  ['interet vital', 'vital-interests'],
  ['interet public', 'public-interest-mission'],
  ['service public', 'public-interest-mission'],
  ['autorite publique', 'public-interest-mission'],
  ['interet legitime', 'legitimate-interests'],
  ['interets legitimes', 'legitimate-interests'],
];
const ARTICLE_6_LETTER: Readonly<Record<string, LegalBasis>> = {
  a: 'consent',
  b: 'contract',
  c: 'legal-obligation',
  d: 'vital-interests',
  e: 'public-interest-mission',
  f: 'legitimate-interests',
};

/** Legal bases named in a cell, by words or by article (`6.1.e`, `6-1-e`, `6(1)(e)`). */
export const legalBasesIn = (cell: string): LegalBasis[] => {
  const text = normalizeFrench(cell);
  const found = new Set<LegalBasis>();
  for (const [phrase, basis] of LEGAL_BASIS_PHRASES) if (hasPhrase(text, phrase)) found.add(basis);
  for (const match of text.matchAll(/\b6 1 ?([a-f])\b/g)) found.add(ARTICLE_6_LETTER[match[1]!]!);
  return [...found];
};

const CONTACT_DETAILS: readonly PersonalDataCategory[] = ['email', 'phone', 'postal-address'];

const CATEGORY_PHRASES: readonly (readonly [string, readonly PersonalDataCategory[]])[] = (
  [
    ['etat civil', ['identity']],
    ['identite', ['identity']],
    ['nom', ['identity']],
    ['noms', ['identity']],
    ['prenom', ['identity']],
    ['prenoms', ['identity']],
    ['donnees d identification', ['identity']],
    ['identification', ['identity']],
    ['date de naissance', ['identity']],
    ['civilite', ['identity']],
    ['coordonnees', CONTACT_DETAILS],
    ['adresse electronique', ['email']],
    ['adresses electroniques', ['email']],
    ['adresse mail', ['email']],
    ['courriel', ['email']],
    ['courriels', ['email']],
    ['e mail', ['email']],
    ['email', ['email']],
    ['emails', ['email']],
    ['mail', ['email']],
    ['mel', ['email']],
    ['telephone', ['phone']],
    ['telephones', ['phone']],
    ['tel', ['phone']],
    ['portable', ['phone']],
    ['adresse postale', ['postal-address']],
    ['adresses postales', ['postal-address']],
    ['adresse', ['postal-address']],
    ['adresses', ['postal-address']],
    ['domicile', ['postal-address']],
    ['lieu de residence', ['postal-address']],
    ['proprietaire', ['cadastral-owner']],
    ['proprietaires', ['cadastral-owner']],
    ['coproprietaires', ['cadastral-owner']],
    ['cadastre', ['cadastral-owner']],
    ['cadastral', ['cadastral-owner']],
    ['cadastrales', ['cadastral-owner']],
    ['cadastraux', ['cadastral-owner']],
    ['foncier', ['cadastral-owner']],
    ['fonciere', ['cadastral-owner']],
    ['foncieres', ['cadastral-owner']],
    ['majic', ['cadastral-owner']],
    ['vie personnelle', ['personal-life']],
    ['situation familiale', ['personal-life']],
    ['situation de famille', ['personal-life']],
    ['habitudes de vie', ['personal-life']],
    ['vie professionnelle', ['professional-life']],
    ['situation professionnelle', ['professional-life']],
    ['cv', ['professional-life']],
    ['carriere', ['professional-life']],
    ['emploi', ['professional-life']],
    ['economique', ['economic-financial']],
    ['economiques', ['economic-financial']],
    ['financier', ['economic-financial']],
    ['financiere', ['economic-financial']],
    ['financieres', ['economic-financial']],
    ['financiers', ['economic-financial']],
    ['bancaire', ['economic-financial']],
    ['bancaires', ['economic-financial']],
    ['rib', ['economic-financial']],
    ['iban', ['economic-financial']],
    ['revenus', ['economic-financial']],
    ['fiscal', ['economic-financial']],
    ['fiscale', ['economic-financial']],
    ['fiscales', ['economic-financial']],
    ['adresse ip', ['connection-data']],
    ['adresses ip', ['connection-data']],
    ['donnees de connexion', ['connection-data']],
    ['connexion', ['connection-data']],
    ['logs', ['connection-data']],
    ['journaux', ['connection-data']],
    ['horodatage', ['connection-data']],
    ['localisation', ['location']],
    ['geolocalisation', ['location']],
    ['gps', ['location']],
    ['cookies', ['internet']],
    ['cookie', ['internet']],
    ['traceurs', ['internet']],
    ['navigation', ['internet']],
    ['internet', ['internet']],
    ['mesure d audience', ['internet']],
    ['mesures d audience', ['internet']],
    ['image', ['images']],
    ['images', ['images']],
    ['photo', ['images']],
    ['photos', ['images']],
    ['photographie', ['images']],
    ['photographies', ['images']],
    ['video', ['images']],
    ['videos', ['images']],
    ['videoprotection', ['images']],
    ['videosurveillance', ['images']],
    ['nir', ['social-security-number']],
    ['numero de securite sociale', ['social-security-number']],
    ['securite sociale', ['social-security-number']],
    ['infraction', ['criminal-offences']],
    ['infractions', ['criminal-offences']],
    ['condamnation', ['criminal-offences']],
    ['condamnations', ['criminal-offences']],
    ['casier judiciaire', ['criminal-offences']],
    ['mesures de surete', ['criminal-offences']],
    ['origine raciale', ['racial-ethnic-origin']],
    ['origine ethnique', ['racial-ethnic-origin']],
    ['ethnique', ['racial-ethnic-origin']],
    ['opinions politiques', ['political-opinions']],
    ['opinion politique', ['political-opinions']],
    ['religion', ['religious-philosophical-beliefs']],
    ['religieuses', ['religious-philosophical-beliefs']],
    ['religieuse', ['religious-philosophical-beliefs']],
    ['philosophiques', ['religious-philosophical-beliefs']],
    ['convictions', ['religious-philosophical-beliefs']],
    ['syndicale', ['trade-union-membership']],
    ['syndical', ['trade-union-membership']],
    ['genetique', ['genetic']],
    ['genetiques', ['genetic']],
    ['biometrique', ['biometric']],
    ['biometriques', ['biometric']],
    ['empreintes digitales', ['biometric']],
    ['sante', ['health']],
    ['medical', ['health']],
    ['medicale', ['health']],
    ['medicales', ['health']],
    ['medicaux', ['health']],
    ['handicap', ['health']],
    ['vie sexuelle', ['sex-life-orientation']],
    ['orientation sexuelle', ['sex-life-orientation']],
  ] as const
)
  .slice()
  .sort(([left], [right]) => right.length - left.length);

/**
 * Categories named in one item of a register cell. Longer phrases win over their parts
 * ("adresse IP" is connection data, not a postal address).
 */
export const categoriesIn = (item: string): PersonalDataCategory[] => {
  let text = normalizeFrench(item);
  const found = new Set<PersonalDataCategory>();
  for (const [phrase, categories] of CATEGORY_PHRASES) {
    while (hasPhrase(text, phrase)) {
      categories.forEach((category) => found.add(category));
      text = withoutPhrase(text, phrase);
    }
  }
  return [...found];
};

const NONE = ['', 'non', 'aucun', 'aucune', 'neant', 'sans objet', 'aucun transfert', 'pas de transfert', 'no', 'none'];

/** "Non", "Aucune", "Néant"... an explicit nothing. */
export const meansNone = (cell: string): boolean => NONE.includes(normalizeFrench(cell));

/** "Oui" alone says something exists without saying what. */
export const isBareYes = (cell: string): boolean => ['oui', 'yes'].includes(normalizeFrench(cell));

/** Drops a leading "Oui :" or "Oui -" before the details. */
export const withoutLeadingYes = (cell: string): string => cell.replace(/^\s*oui\s*[:,-]?\s*/i, '');

export type CsvStatus = 'draft' | 'validated';

const STATUS_WORDS = new Map<string, CsvStatus>([
  ['', 'draft'],
  ['brouillon', 'draft'],
  ['en cours', 'draft'],
  ['a valider', 'draft'],
  ['en attente', 'draft'],
  ['projet', 'draft'],
  ['draft', 'draft'],
  ['valide', 'validated'],
  ['validee', 'validated'],
  ['validated', 'validated'],
]);

export const statusOf = (cell: string): CsvStatus | undefined => STATUS_WORDS.get(normalizeFrench(cell));
