import { compareDates, formatDateFr, isCalendarDate } from '@digit/calendar';
import {
  CATALOGUE_LICENCES,
  isInsee,
  RESPONSIBLE_ROLES,
  SPATIAL_GRANULARITIES,
  UPDATE_FREQUENCIES,
  type ErrorDetail,
  type MandatoryMentions,
  type MetadataRecord,
  type UsageRights,
} from '@digit/contracts';

export { CATALOGUE_LICENCES, RESPONSIBLE_ROLES, SPATIAL_GRANULARITIES, UPDATE_FREQUENCIES } from '@digit/contracts';
export type {
  CatalogueLicence,
  MetadataRecord,
  MetadataScope,
  ResponsibleRole,
  SpatialGranularity,
  UpdateFrequency,
} from '@digit/contracts';

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SIRET = /^\d{14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FORMAT = /^[A-Za-z0-9][A-Za-z0-9.+-]*$/;

const isFilled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** http(s) URL, the only kind a catalogue reader can follow. */
export const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

const oneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

type Push = (path: string, message: string) => void;

const requireText = (push: Push, path: string, value: unknown, label: string, max?: number): void => {
  if (!isFilled(value)) push(path, `${label} est obligatoire`);
  else if (max !== undefined && value.trim().length > max) push(path, `${label} dépasse ${max} caractères`);
};

const requireDate = (push: Push, path: string, value: unknown, label: string): string | undefined => {
  if (isCalendarDate(value)) return value;
  push(path, `${label} doit être une date AAAA-MM-JJ valide`);
  return undefined;
};

const checkDates = (push: Push, record: MetadataRecord): void => {
  const { temporalExtent, dates } = record;
  const start = requireDate(push, 'temporalExtent.start', temporalExtent?.start, 'le début de l’étendue temporelle');
  const end = requireDate(push, 'temporalExtent.end', temporalExtent?.end, 'la fin de l’étendue temporelle');
  if (start && end && compareDates(start, end) > 0) {
    push('temporalExtent.end', `la fin de l’étendue temporelle (${formatDateFr(end)}) précède son début (${formatDateFr(start)})`);
  }
  const creation = requireDate(push, 'dates.creation', dates?.creation, 'la date de création');
  const later = [
    ['publication', dates?.publication, 'la date de publication'],
    ['revision', dates?.revision, 'la date de révision'],
  ] as const;
  for (const [key, value, label] of later) {
    if (value === undefined) continue;
    const date = requireDate(push, `dates.${key}`, value, label);
    if (date && creation && compareDates(date, creation) < 0) {
      push(`dates.${key}`, `${label} (${formatDateFr(date)}) précède la date de création (${formatDateFr(creation)})`);
    }
  }
};

const checkBoundingBox = (push: Push, box: MetadataRecord['boundingBox'] | undefined): void => {
  const bounds = [
    ['west', -180, 180, 'la longitude ouest'],
    ['east', -180, 180, 'la longitude est'],
    ['south', -90, 90, 'la latitude sud'],
    ['north', -90, 90, 'la latitude nord'],
  ] as const;
  let complete = true;
  for (const [key, min, max, label] of bounds) {
    const value = box?.[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      push(`boundingBox.${key}`, `${label} doit être un nombre de degrés entre ${min} et ${max} (WGS 84)`);
      complete = false;
    }
  }
  if (!complete || !box) return;
  if (box.west >= box.east) push('boundingBox.east', 'la longitude est doit être supérieure à la longitude ouest');
  if (box.south >= box.north) push('boundingBox.north', 'la latitude nord doit être supérieure à la latitude sud');
};

const checkParty = (push: Push, party: MetadataRecord['responsibleParty'] | undefined): void => {
  requireText(push, 'responsibleParty.organisationName', party?.organisationName, 'le nom de l’organisation responsable', 140);
  if (typeof party?.siret !== 'string' || !SIRET.test(party.siret)) {
    push('responsibleParty.siret', 'le SIRET de l’organisation responsable doit comporter 14 chiffres');
  }
  if (typeof party?.email !== 'string' || !EMAIL.test(party.email)) {
    push('responsibleParty.email', 'l’adresse électronique de l’organisation responsable est invalide');
  }
  if (!oneOf(RESPONSIBLE_ROLES, party?.role)) push('responsibleParty.role', `le rôle doit être l’un de : ${RESPONSIBLE_ROLES.join(', ')}`);
};

/**
 * The rules between a record's fields (R-DX-6): the temporal extent ends after it starts,
 * publication and revision follow creation, the box's east lies east of its west and its north
 * north of its south. Each field alone is the request's to check (SaveMetadataRecordRequest).
 */
export const metadataRecordRuleProblems = (record: MetadataRecord): ErrorDetail[] => {
  const details: ErrorDetail[] = [];
  const push: Push = (path, message) => details.push({ path, message });
  checkDates(push, record);
  checkBoundingBox(push, record.boundingBox);
  return details;
};

/**
 * Checks a record against INSPIRE core metadata and the SCDL constraints it will be exported
 * under (R-DX-6), field by field and between fields: the catalogue's exports check every record
 * so, whenever it was recorded. Returns every problem with its path, messages in French; empty when valid.
 */
export const validateMetadataRecord = (record: MetadataRecord): ErrorDetail[] => {
  const details: ErrorDetail[] = [];
  const push: Push = (path, message) => details.push({ path, message });
  if (!isFilled(record.identifier) || !IDENTIFIER.test(record.identifier) || record.identifier.length > 256) {
    push(
      'identifier',
      'l’identifiant est obligatoire : 256 caractères au plus, lettres non accentuées, chiffres, « . », « _ » ou « - », sans espace',
    );
  }
  if (record.scope?.kind === 'town' ? !isInsee(record.scope.insee) : record.scope?.kind !== 'territory') {
    push('scope', 'la portée doit être le territoire ou une ville de GPSO (code INSEE)');
  }
  requireText(push, 'title', record.title, 'le titre', 256);
  requireText(push, 'abstract', record.abstract, 'le résumé');
  requireText(push, 'lineage', record.lineage, 'la généalogie (origine des données)');
  requireText(push, 'theme', record.theme, 'le thème', 140);
  if (!Array.isArray(record.keywords) || record.keywords.length === 0) push('keywords', 'au moins un mot-clé est obligatoire');
  else {
    record.keywords.forEach((keyword, i) => {
      if (!isFilled(keyword) || keyword.includes(';')) push(`keywords[${i}]`, 'un mot-clé est un texte non vide, sans « ; »');
    });
  }
  checkDates(push, record);
  checkBoundingBox(push, record.boundingBox);
  if (!oneOf(SPATIAL_GRANULARITIES, record.spatialCoverage?.granularity)) {
    push('spatialCoverage.granularity', `la maille doit être l’une de : ${SPATIAL_GRANULARITIES.join(', ')}`);
  }
  requireText(push, 'spatialCoverage.name', record.spatialCoverage?.name, 'le nom de la couverture spatiale', 140);
  if (!oneOf(CATALOGUE_LICENCES, record.conditionsOfUse?.licence)) {
    push('conditionsOfUse.licence', `la licence doit être l’une de : ${CATALOGUE_LICENCES.join(', ')}`);
  }
  requireText(push, 'conditionsOfUse.statement', record.conditionsOfUse?.statement, 'les conditions d’utilisation');
  if (record.conditionsOfUse?.licenceUrl !== undefined && !isHttpUrl(record.conditionsOfUse.licenceUrl)) {
    push('conditionsOfUse.licenceUrl', 'l’adresse de la licence doit être une URL http(s)');
  }
  checkParty(push, record.responsibleParty);
  if (!oneOf(UPDATE_FREQUENCIES, record.updateFrequency)) {
    push('updateFrequency', `la fréquence de mise à jour doit être l’une de : ${UPDATE_FREQUENCIES.join(', ')}`);
  }
  (record.distributions ?? []).forEach((distribution, i) => {
    if (!isFilled(distribution.format) || !FORMAT.test(distribution.format)) {
      push(`distributions[${i}].format`, 'le format est obligatoire, sans espace (ex. csv, geojson, shp)');
    }
    if (!isHttpUrl(distribution.url)) push(`distributions[${i}].url`, 'l’adresse de la ressource doit être une URL http(s)');
  });
  if (record.landingPage !== undefined && !isHttpUrl(record.landingPage)) {
    push('landingPage', 'la page du jeu de données doit être une URL http(s)');
  }
  return details;
};

/**
 * The conditions-of-use statement that carries a town's mandatory mentions and usage rights
 * unchanged into the catalogue (R-DX-4: every diffusion states source, copyright, year).
 */
export const mentionsStatement = (mentions: MandatoryMentions, usageRights: UsageRights): string =>
  [
    `Source : ${mentions.source}`,
    `${mentions.copyright} ${mentions.year}`,
    `Droits d’usage : ${usageRights.licence}`,
    ...(usageRights.conditions ? [usageRights.conditions] : []),
  ].join(' – ');
