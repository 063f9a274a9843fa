/**
 * The closed vocabulary of personal-data categories shared by the DPD register, the content
 * detection and the cross-check (R-GDPR-2). It follows the CNIL register model's headings
 * ("Catégories de données collectées", "Des données sensibles sont-elles traitées ?"), split
 * finer where DIGIT's detection can tell categories apart (names, e-mails, phones, addresses,
 * cadastral owners), so that a processing covering names does not silently cover phone numbers.
 */
export const PERSONAL_DATA_CATEGORIES = [
  'identity',
  'email',
  'phone',
  'postal-address',
  'cadastral-owner',
  'personal-life',
  'professional-life',
  'economic-financial',
  'connection-data',
  'location',
  'internet',
  'images',
  'social-security-number',
  'criminal-offences',
  'racial-ethnic-origin',
  'political-opinions',
  'religious-philosophical-beliefs',
  'trade-union-membership',
  'genetic',
  'biometric',
  'health',
  'sex-life-orientation',
] as const;

export type PersonalDataCategory = (typeof PERSONAL_DATA_CATEGORIES)[number];

/** Special categories of RGPD art. 9: processing them needs an art. 9.2 exception. */
export const SENSITIVE_CATEGORIES: readonly PersonalDataCategory[] = [
  'racial-ethnic-origin',
  'political-opinions',
  'religious-philosophical-beliefs',
  'trade-union-membership',
  'genetic',
  'biometric',
  'health',
  'sex-life-orientation',
];

/** What DIGIT can recognise in a content sample (issue 6: names, e-mails, phones, addresses, owners). */
export const DETECTABLE_CATEGORIES = ['identity', 'email', 'phone', 'postal-address', 'cadastral-owner'] as const;
export type DetectableCategory = (typeof DETECTABLE_CATEGORIES)[number];

export const CATEGORY_LABELS: Readonly<Record<PersonalDataCategory, string>> = {
  identity: 'identité (nom, prénom)',
  email: 'adresse électronique',
  phone: 'numéro de téléphone',
  'postal-address': 'adresse postale',
  'cadastral-owner': 'propriétaire cadastral',
  'personal-life': 'vie personnelle',
  'professional-life': 'vie professionnelle',
  'economic-financial': "informations d'ordre économique et financier",
  'connection-data': 'données de connexion',
  location: 'données de localisation',
  internet: 'données internet (cookies, traceurs)',
  images: 'images (photos, vidéos)',
  'social-security-number': 'numéro de sécurité sociale (NIR)',
  'criminal-offences': 'infractions et condamnations (art. 10)',
  'racial-ethnic-origin': 'origine raciale ou ethnique (art. 9)',
  'political-opinions': 'opinions politiques (art. 9)',
  'religious-philosophical-beliefs': 'convictions religieuses ou philosophiques (art. 9)',
  'trade-union-membership': 'appartenance syndicale (art. 9)',
  genetic: 'données génétiques (art. 9)',
  biometric: 'données biométriques (art. 9)',
  health: 'données de santé (art. 9)',
  'sex-life-orientation': 'vie sexuelle ou orientation sexuelle (art. 9)',
};

export const isPersonalDataCategory = (value: unknown): value is PersonalDataCategory =>
  typeof value === 'string' && (PERSONAL_DATA_CATEGORIES as readonly string[]).includes(value);

export const isSensitiveCategory = (category: PersonalDataCategory): boolean => SENSITIVE_CATEGORIES.includes(category);

/** Categories in vocabulary order, without duplicates: stable for events, logs and messages. */
export const sortCategories = <C extends PersonalDataCategory>(categories: Iterable<C>): C[] => {
  const present = new Set(categories);
  return PERSONAL_DATA_CATEGORIES.filter((category): category is C => present.has(category as C));
};

/** `adresse électronique, numéro de téléphone` */
export const describeCategories = (categories: readonly PersonalDataCategory[]): string =>
  sortCategories(categories)
    .map((category) => CATEGORY_LABELS[category])
    .join(', ');
