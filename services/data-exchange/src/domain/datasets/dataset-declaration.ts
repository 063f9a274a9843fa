import type { ErrorDetail } from '@digit/contracts';
import type { Temporal } from 'temporal-polyfill';
import type { DatasetDeclaration, PersonalDataDeclaration } from './dataset.events.js';
import { PARIS } from './french-format.js';

/** sha256 as the edge computes it: 64 hexadecimal digits. */
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const TITLE_MAX = 256;
/** Lower bound of the mentioned year: catches typos such as 224 for 2024. */
const EARLIEST_YEAR = 1800;

export const isSha256Hex = (value: unknown): value is string =>
  typeof value === 'string' && SHA256_HEX.test(value);

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
        message:
          'le jeu contient des données personnelles : indiquez la référence du traitement au registre du DPD de la ville',
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
 * Checks what a town declares with a version (R-DX-4): title, mandatory mentions (source,
 * copyright, year), usage rights, content hash and personal data (R-GDPR-2). Every problem
 * is reported, each with its path, so the town can fix all of them at once.
 */
export const checkDatasetDeclaration = (
  declaration: DatasetDeclaration,
  at: Temporal.Instant,
): ErrorDetail[] => {
  const details: ErrorDetail[] = [];
  const { title, mentions, usageRights, contentHash } = declaration;
  if (!isFilled(title)) details.push({ path: 'title', message: 'le titre est obligatoire' });
  else if (title.trim().length > TITLE_MAX) {
    details.push({ path: 'title', message: `le titre dépasse ${TITLE_MAX} caractères` });
  }
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
  if (usageRights?.conditions !== undefined && typeof usageRights.conditions !== 'string') {
    details.push({ path: 'usageRights.conditions', message: 'les conditions d’usage doivent être un texte' });
  }
  if (!isSha256Hex(contentHash)) {
    details.push({
      path: 'contentHash',
      message: 'l’empreinte du contenu doit être un SHA-256 en hexadécimal (64 caractères 0-9, a-f)',
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
