import { isInsee, type ErrorDetail, type Insee } from '@digit/contracts';
import { Temporal } from 'temporal-polyfill';
import type { MandatoryMentions, UsageRights } from './dataset.events.js';
import { formatFrenchDate, parseIsoDate } from './french-format.js';

/** Whose data a record describes (R-DX-6): the territory's reference data, or one town's. */
export type MetadataScope = { readonly kind: 'territory' } | { readonly kind: 'town'; readonly insee: Insee };

/** Licences the catalogue knows how to name in SCDL and DCAT; anything else is `specific`. */
export const CATALOGUE_LICENCES = ['etalab-2.0', 'odbl-1.0', 'cc-by-4.0', 'specific'] as const;
export type CatalogueLicence = (typeof CATALOGUE_LICENCES)[number];

/** SCDL `catalogue` COUV_SPAT_MAILLE values (OpenDataFrance specification). */
export const SPATIAL_GRANULARITIES = [
  'Infracommunale',
  'Communale',
  'Intercommunale',
  'Cantonale',
  'Départementale',
  'Régionale',
  'Autre',
] as const;
export type SpatialGranularity = (typeof SPATIAL_GRANULARITIES)[number];

/** SCDL `catalogue` FREQ_MAJ values (OpenDataFrance specification). */
export const UPDATE_FREQUENCIES = [
  'Inconnue',
  'Ponctuelle',
  'Sans régularité',
  'Temps réel',
  'Toutes les heures',
  'Quotidienne ou plusieurs fois par jour',
  'Hebdomadaire ou plusieurs fois par semaine',
  'Mensuelle ou plusieurs fois par mois',
  'Bimestrielle',
  'Trimestrielle',
  'Semestrielle',
  'Annuelle',
  'Biennale',
  'Triennale',
  'Quinquennale',
] as const;
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];

/** ISO 19115 CI_RoleCode, the responsible party roles INSPIRE uses. */
export const RESPONSIBLE_ROLES = [
  'resourceProvider',
  'custodian',
  'owner',
  'user',
  'distributor',
  'originator',
  'pointOfContact',
  'principalInvestigator',
  'processor',
  'publisher',
  'author',
] as const;
export type ResponsibleRole = (typeof RESPONSIBLE_ROLES)[number];

/** An INSPIRE core metadata record, with what the SCDL catalogue also needs (R-DX-6). */
export interface MetadataRecord {
  /** Unique resource identifier; also the SCDL ID: a slug or a generated code. */
  readonly identifier: string;
  readonly scope: MetadataScope;
  readonly title: string;
  readonly abstract: string;
  /** Origin and processing history of the data (INSPIRE lineage). */
  readonly lineage: string;
  /** SCDL THEME, free text. */
  readonly theme: string;
  readonly keywords: readonly string[];
  /** Calendar dates `YYYY-MM-DD`, start ≤ end. */
  readonly temporalExtent: { readonly start: string; readonly end: string };
  /** Geographic bounding box in WGS 84 decimal degrees. */
  readonly boundingBox: {
    readonly west: number;
    readonly east: number;
    readonly south: number;
    readonly north: number;
  };
  readonly spatialCoverage: { readonly granularity: SpatialGranularity; readonly name: string };
  /** Conditions applying to access and use: the licence and the mentions to reproduce. */
  readonly conditionsOfUse: {
    readonly licence: CatalogueLicence;
    readonly statement: string;
    readonly licenceUrl?: string;
  };
  readonly responsibleParty: {
    readonly organisationName: string;
    /** 14 digits: SIREN + NIC. */
    readonly siret: string;
    readonly email: string;
    readonly role: ResponsibleRole;
  };
  readonly dates: { readonly creation: string; readonly publication?: string; readonly revision?: string };
  readonly updateFrequency: UpdateFrequency;
  /** Where the resources are served (INSPIRE resource locators); empty until published. */
  readonly distributions: readonly { readonly format: string; readonly url: string }[];
  readonly landingPage?: string;
}

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

const requireDate = (
  push: Push,
  path: string,
  value: unknown,
  label: string,
): Temporal.PlainDate | undefined => {
  const date = parseIsoDate(value);
  if (!date) push(path, `${label} doit être une date AAAA-MM-JJ valide`);
  return date;
};

const checkDates = (push: Push, record: MetadataRecord): void => {
  const { temporalExtent, dates } = record;
  const start = requireDate(
    push,
    'temporalExtent.start',
    temporalExtent?.start,
    'le début de l’étendue temporelle',
  );
  const end = requireDate(push, 'temporalExtent.end', temporalExtent?.end, 'la fin de l’étendue temporelle');
  if (start && end && Temporal.PlainDate.compare(start, end) > 0) {
    push(
      'temporalExtent.end',
      `la fin de l’étendue temporelle (${formatFrenchDate(end)}) précède son début (${formatFrenchDate(start)})`,
    );
  }
  const creation = requireDate(push, 'dates.creation', dates?.creation, 'la date de création');
  const later = [
    ['publication', dates?.publication, 'la date de publication'],
    ['revision', dates?.revision, 'la date de révision'],
  ] as const;
  for (const [key, value, label] of later) {
    if (value === undefined) continue;
    const date = requireDate(push, `dates.${key}`, value, label);
    if (date && creation && Temporal.PlainDate.compare(date, creation) < 0) {
      push(
        `dates.${key}`,
        `${label} (${formatFrenchDate(date)}) précède la date de création (${formatFrenchDate(creation)})`,
      );
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
  if (box.west >= box.east)
    push('boundingBox.east', 'la longitude est doit être supérieure à la longitude ouest');
  if (box.south >= box.north)
    push('boundingBox.north', 'la latitude nord doit être supérieure à la latitude sud');
};

const checkParty = (push: Push, party: MetadataRecord['responsibleParty'] | undefined): void => {
  requireText(
    push,
    'responsibleParty.organisationName',
    party?.organisationName,
    'le nom de l’organisation responsable',
    140,
  );
  if (typeof party?.siret !== 'string' || !SIRET.test(party.siret)) {
    push('responsibleParty.siret', 'le SIRET de l’organisation responsable doit comporter 14 chiffres');
  }
  if (typeof party?.email !== 'string' || !EMAIL.test(party.email)) {
    push('responsibleParty.email', 'l’adresse électronique de l’organisation responsable est invalide');
  }
  if (!oneOf(RESPONSIBLE_ROLES, party?.role))
    push('responsibleParty.role', `le rôle doit être l’un de : ${RESPONSIBLE_ROLES.join(', ')}`);
};

/**
 * Checks a record against INSPIRE core metadata and the SCDL constraints it will be exported
 * under (R-DX-6). Returns every problem with its path, messages in French; empty when valid.
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
  if (!Array.isArray(record.keywords) || record.keywords.length === 0)
    push('keywords', 'au moins un mot-clé est obligatoire');
  else {
    record.keywords.forEach((keyword, i) => {
      if (!isFilled(keyword) || keyword.includes(';'))
        push(`keywords[${i}]`, 'un mot-clé est un texte non vide, sans « ; »');
    });
  }
  checkDates(push, record);
  checkBoundingBox(push, record.boundingBox);
  if (!oneOf(SPATIAL_GRANULARITIES, record.spatialCoverage?.granularity)) {
    push('spatialCoverage.granularity', `la maille doit être l’une de : ${SPATIAL_GRANULARITIES.join(', ')}`);
  }
  requireText(
    push,
    'spatialCoverage.name',
    record.spatialCoverage?.name,
    'le nom de la couverture spatiale',
    140,
  );
  if (!oneOf(CATALOGUE_LICENCES, record.conditionsOfUse?.licence)) {
    push('conditionsOfUse.licence', `la licence doit être l’une de : ${CATALOGUE_LICENCES.join(', ')}`);
  }
  requireText(
    push,
    'conditionsOfUse.statement',
    record.conditionsOfUse?.statement,
    'les conditions d’utilisation',
  );
  if (record.conditionsOfUse?.licenceUrl !== undefined && !isHttpUrl(record.conditionsOfUse.licenceUrl)) {
    push('conditionsOfUse.licenceUrl', 'l’adresse de la licence doit être une URL http(s)');
  }
  checkParty(push, record.responsibleParty);
  if (!oneOf(UPDATE_FREQUENCIES, record.updateFrequency)) {
    push(
      'updateFrequency',
      `la fréquence de mise à jour doit être l’une de : ${UPDATE_FREQUENCIES.join(', ')}`,
    );
  }
  (record.distributions ?? []).forEach((distribution, i) => {
    if (!isFilled(distribution.format) || !FORMAT.test(distribution.format)) {
      push(`distributions[${i}].format`, 'le format est obligatoire, sans espace (ex. csv, geojson, shp)');
    }
    if (!isHttpUrl(distribution.url))
      push(`distributions[${i}].url`, 'l’adresse de la ressource doit être une URL http(s)');
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
