import { PARIS } from '@digit/calendar';
import type { DatasetDeclaration, ErrorDetail, PersonalDataDeclaration } from '@digit/contracts';
import type { Temporal } from 'temporal-polyfill';

/** Lower bound of the mentioned year: catches typos such as 224 for 2024. */
const EARLIEST_YEAR = 1800;

/** Hashes compare case-insensitively; events keep the lowercase form. */
export const normaliseHash = (hash: string): string => hash.toLowerCase();

const isFilled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

const checkPersonalData = (personalData: PersonalDataDeclaration | undefined): ErrorDetail[] => {
  if (personalData === undefined || typeof personalData.contains !== 'boolean') {
    return [
      {
        path: 'personalData.contains',
        message: 'indiquez si le jeu de données contient des données personnelles (oui ou non)',
      },
    ];
  }
  const reference = (personalData as { processingReference?: unknown }).processingReference;
  if (personalData.contains && !isFilled(reference)) {
    return [
      {
        path: 'personalData.processingReference',
        message: 'le jeu contient des données personnelles : indiquez la référence du traitement au registre du DPD de la ville',
      },
    ];
  }
  if (!personalData.contains && reference !== undefined) {
    return [
      {
        path: 'personalData.processingReference',
        message:
          'une référence de traitement est donnée alors que le jeu est déclaré sans données personnelles : corrigez l’une ou l’autre',
      },
    ];
  }
  return [];
};

/**
 * Checks what a town declares with a version (R-DX-4): a title, the mandatory mentions (source,
 * copyright, a year no later than the sending), the usage rights, and personal data named with its
 * processing (R-GDPR-2). Shapes and sizes are the request's (SendDatasetRequest); these are the
 * rules. Every problem is reported, each with its path, so the town can fix all of them at once.
 */
export const checkDatasetDeclaration = (declaration: DatasetDeclaration, at: Temporal.Instant): ErrorDetail[] => {
  const details: ErrorDetail[] = [];
  const { title, mentions, usageRights } = declaration;
  if (!isFilled(title)) details.push({ path: 'title', message: 'le titre est obligatoire' });
  if (!isFilled(mentions?.source)) {
    details.push({ path: 'mentions.source', message: 'la mention obligatoire « source » est absente' });
  }
  if (!isFilled(mentions?.copyright)) {
    details.push({ path: 'mentions.copyright', message: 'la mention obligatoire « copyright » est absente' });
  }
  const sentYear = at.toZonedDateTimeISO(PARIS).year;
  if (mentions?.year === undefined || mentions.year === null) {
    details.push({ path: 'mentions.year', message: 'la mention obligatoire « année » est absente' });
  } else if (!Number.isInteger(mentions.year) || mentions.year < EARLIEST_YEAR || mentions.year > sentYear) {
    details.push({
      path: 'mentions.year',
      message: `l’année doit être une année entière entre ${EARLIEST_YEAR} et ${sentYear} (année d’envoi)`,
    });
  }
  if (!isFilled(usageRights?.licence)) {
    details.push({
      path: 'usageRights.licence',
      message: 'les droits d’usage (licence) sont obligatoires',
    });
  }
  details.push(...checkPersonalData(declaration.personalData));
  return details;
};

/** The declaration as recorded: trimmed text, lowercase hash, no stray fields. */
export const normaliseDeclaration = (declaration: DatasetDeclaration): DatasetDeclaration => ({
  title: declaration.title.trim(),
  mentions: {
    source: declaration.mentions.source.trim(),
    copyright: declaration.mentions.copyright.trim(),
    year: declaration.mentions.year,
  },
  usageRights:
    declaration.usageRights.conditions === undefined || declaration.usageRights.conditions.trim() === ''
      ? { licence: declaration.usageRights.licence.trim() }
      : {
          licence: declaration.usageRights.licence.trim(),
          conditions: declaration.usageRights.conditions.trim(),
        },
  contentHash: normaliseHash(declaration.contentHash),
  personalData: declaration.personalData.contains
    ? { contains: true, processingReference: declaration.personalData.processingReference.trim() }
    : { contains: false },
});
