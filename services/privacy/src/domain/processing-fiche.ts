import type { ErrorDetail } from '@digit/contracts';
import { describeCategories, isPersonalDataCategory, isSensitiveCategory, type PersonalDataCategory } from './personal-data-category.js';

/** Lawfulness of processing, RGPD art. 6.1 a) to f). */
export const LEGAL_BASES = [
  'consent',
  'contract',
  'legal-obligation',
  'vital-interests',
  'public-interest-mission',
  'legitimate-interests',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const LEGAL_BASIS_LABELS: Readonly<Record<LegalBasis, string>> = {
  consent: 'consentement (art. 6.1.a)',
  contract: "exécution d'un contrat (art. 6.1.b)",
  'legal-obligation': 'obligation légale (art. 6.1.c)',
  'vital-interests': 'sauvegarde des intérêts vitaux (art. 6.1.d)',
  'public-interest-mission': "mission d'intérêt public (art. 6.1.e)",
  'legitimate-interests': 'intérêt légitime (art. 6.1.f)',
};

export const isLegalBasis = (value: unknown): value is LegalBasis =>
  typeof value === 'string' && (LEGAL_BASES as readonly string[]).includes(value);

export interface OutsideEuTransfer {
  readonly country: string;
  /** Adequacy decision, standard contractual clauses, BCR... (RGPD art. 45 to 49). */
  readonly safeguards: string;
}

/**
 * One processing activity of a town's register (RGPD art. 30.1, CNIL "fiche de registre").
 * A draft may be incomplete; validation requires every art. 30 heading (see ficheGaps).
 */
export interface ProcessingFiche {
  readonly name: string;
  readonly purposes: readonly string[];
  readonly legalBases: readonly LegalBasis[];
  readonly dataSubjects: readonly string[];
  readonly dataCategories: readonly PersonalDataCategory[];
  /** Categories the DPD wrote that are outside the vocabulary: kept, but they cover no detection. */
  readonly otherDataCategories: readonly string[];
  /** The art. 9.2 exception that allows the sensitive categories, if any are processed. */
  readonly sensitiveDataException: string | null;
  readonly recipients: readonly string[];
  readonly transfersOutsideEu: readonly OutsideEuTransfer[];
  readonly retentionPeriods: readonly string[];
  readonly securityMeasures: readonly string[];
  readonly jointController: string | null;
  readonly software: string | null;
}

const MAX_TEXT = 2000;

const trimmed = (values: readonly string[]): string[] => values.map((value) => value.trim());
const trimmedOrNull = (value: string | null): string | null => (value?.trim() ? value.trim() : null);

/** Trims texts and fixes key order, so that equal fiches serialise identically. */
export const normalizeFiche = (fiche: ProcessingFiche): ProcessingFiche => ({
  name: fiche.name.trim(),
  purposes: trimmed(fiche.purposes),
  legalBases: [...fiche.legalBases],
  dataSubjects: trimmed(fiche.dataSubjects),
  dataCategories: [...fiche.dataCategories],
  otherDataCategories: trimmed(fiche.otherDataCategories),
  sensitiveDataException: trimmedOrNull(fiche.sensitiveDataException),
  recipients: trimmed(fiche.recipients),
  transfersOutsideEu: fiche.transfersOutsideEu.map((transfer) => ({
    country: transfer.country.trim(),
    safeguards: transfer.safeguards.trim(),
  })),
  retentionPeriods: trimmed(fiche.retentionPeriods),
  securityMeasures: trimmed(fiche.securityMeasures),
  jointController: trimmedOrNull(fiche.jointController),
  software: trimmedOrNull(fiche.software),
});

export const sameFiche = (left: ProcessingFiche, right: ProcessingFiche): boolean =>
  JSON.stringify(normalizeFiche(left)) === JSON.stringify(normalizeFiche(right));

export const sensitiveCategoriesOf = (fiche: ProcessingFiche): PersonalDataCategory[] => fiche.dataCategories.filter(isSensitiveCategory);

const textProblems = (values: readonly string[], path: string): ErrorDetail[] =>
  values.flatMap((value, index) => {
    if (typeof value !== 'string' || !value.trim()) return [{ path: `${path}.${index}`, message: 'texte vide' }];
    if (value.length > MAX_TEXT) return [{ path: `${path}.${index}`, message: `texte trop long (${MAX_TEXT} caractères au plus)` }];
    return [];
  });

const duplicateProblems = (values: readonly string[], path: string, label: string): ErrorDetail[] =>
  values
    .map((value, index) => ({ value, index }))
    .filter(({ value, index }) => values.indexOf(value) !== index)
    .map(({ value, index }) => ({ path: `${path}.${index}`, message: `${label} « ${value} » en double` }));

/** What is wrong with a fiche whatever its status: each problem with its path, in French. */
export const ficheProblems = (fiche: ProcessingFiche): ErrorDetail[] => [
  ...(fiche.name?.trim() ? [] : [{ path: 'fiche.name', message: 'le nom du traitement est obligatoire' }]),
  ...(fiche.name && fiche.name.length > 200 ? [{ path: 'fiche.name', message: 'nom trop long (200 caractères au plus)' }] : []),
  ...textProblems(fiche.purposes, 'fiche.purposes'),
  ...fiche.legalBases.flatMap((basis, index) =>
    isLegalBasis(basis)
      ? []
      : [{ path: `fiche.legalBases.${index}`, message: `base légale inconnue « ${String(basis)} » (art. 6 du RGPD)` }],
  ),
  ...duplicateProblems(fiche.legalBases, 'fiche.legalBases', 'base légale'),
  ...textProblems(fiche.dataSubjects, 'fiche.dataSubjects'),
  ...fiche.dataCategories.flatMap((category, index) =>
    isPersonalDataCategory(category)
      ? []
      : [{ path: `fiche.dataCategories.${index}`, message: `catégorie de données inconnue « ${String(category)} »` }],
  ),
  ...duplicateProblems(fiche.dataCategories, 'fiche.dataCategories', 'catégorie'),
  ...textProblems(fiche.otherDataCategories, 'fiche.otherDataCategories'),
  ...textProblems(fiche.recipients, 'fiche.recipients'),
  ...fiche.transfersOutsideEu.flatMap((transfer, index) => [
    ...(transfer.country?.trim() ? [] : [{ path: `fiche.transfersOutsideEu.${index}.country`, message: 'indiquez le pays destinataire' }]),
    ...(transfer.safeguards?.trim()
      ? []
      : [
          {
            path: `fiche.transfersOutsideEu.${index}.safeguards`,
            message: "indiquez les garanties du transfert (décision d'adéquation, clauses contractuelles types...)",
          },
        ]),
  ]),
  ...textProblems(fiche.retentionPeriods, 'fiche.retentionPeriods'),
  ...textProblems(fiche.securityMeasures, 'fiche.securityMeasures'),
];

/** What a fiche lacks before its DPD may validate it (RGPD art. 30.1 b to g, art. 9.2). */
export const ficheGaps = (fiche: ProcessingFiche): ErrorDetail[] => {
  const required: readonly [keyof ProcessingFiche, number, string][] = [
    ['purposes', fiche.purposes.length, 'indiquez au moins une finalité'],
    ['legalBases', fiche.legalBases.length, 'indiquez la base légale (art. 6 du RGPD)'],
    ['dataSubjects', fiche.dataSubjects.length, 'indiquez au moins une catégorie de personnes concernées'],
    [
      'dataCategories',
      fiche.dataCategories.length + fiche.otherDataCategories.length,
      'indiquez au moins une catégorie de données personnelles',
    ],
    ['recipients', fiche.recipients.length, 'indiquez au moins un destinataire (service interne, organisme externe ou sous-traitant)'],
    ['retentionPeriods', fiche.retentionPeriods.length, 'indiquez la durée de conservation, ou les critères qui la déterminent'],
    ['securityMeasures', fiche.securityMeasures.length, 'indiquez au moins une mesure de sécurité'],
  ];
  const sensitive = sensitiveCategoriesOf(fiche);
  return [
    ...required.filter(([, count]) => count === 0).map(([field, , message]) => ({ path: `fiche.${field}`, message })),
    ...(sensitive.length > 0 && !fiche.sensitiveDataException
      ? [
          {
            path: 'fiche.sensitiveDataException',
            message: `des données sensibles sont déclarées (${describeCategories(sensitive)}) : précisez l'exception de l'article 9.2 du RGPD qui autorise leur traitement`,
          },
        ]
      : []),
  ];
};
