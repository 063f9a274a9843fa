import type { DomainError, ErrorDetail } from '@digit/contracts';
import { csvText } from '@digit/csv';
import { refuse } from './dataset-guards.js';
import { isHttpUrl, validateMetadataRecord, type CatalogueLicence, type MetadataRecord } from './metadata-record.js';

/** The territory's metadata catalogue (R-DX-6), kept by DIGIT; it may hold towns' records too. */
export interface MetadataCatalogue {
  readonly title: string;
  readonly description: string;
  /** The body publishing the catalogue: SCDL COLL_NOM and COLL_SIRET, DCAT catalogue publisher. */
  readonly publisher: { readonly name: string; readonly siret: string };
  /** Base of the stable URIs of the catalogue and its datasets in the DCAT export. */
  readonly baseUri: string;
  readonly records: readonly MetadataRecord[];
}

/**
 * Columns of the SCDL `catalogue` schema, in order (schema.data.gouv.fr scdl/catalogue 0.1.2).
 * The CSV is UTF-8, comma-separated, with a header line, as SCDL files are.
 */
export const SCDL_CATALOGUE_COLUMNS = [
  'COLL_NOM',
  'COLL_SIRET',
  'ID',
  'TITRE',
  'DESCRIPTION',
  'THEME',
  'PRODUCTEUR_NOM',
  'PRODUCTEUR_SIRET',
  'COUV_SPAT_MAILLE',
  'COUV_SPAT_NOM',
  'COUV_TEMP_DEBUT',
  'COUV_TEMP_FIN',
  'DATE_PUBL',
  'FREQ_MAJ',
  'DATE_MAJ',
  'MOTS_CLES',
  'LICENCE',
  'NOMBRE_RESSOURCES',
  'FORMAT_RESSOURCES',
  'URL',
] as const;
export type ScdlCatalogueRow = Readonly<Record<(typeof SCDL_CATALOGUE_COLUMNS)[number], string>>;

/** SCDL LICENCE labels. */
const SCDL_LICENCE: Readonly<Record<CatalogueLicence, string>> = {
  'etalab-2.0': 'LO - Licence Ouverte',
  'odbl-1.0': 'ODbL - Open Database License',
  'cc-by-4.0': 'CC - Creative Commons',
  specific: 'Spécifique ou autre',
};

/** Licence documents for dct:license; a specific licence uses the record's own URL when it has one. */
const LICENCE_URI: Readonly<Record<Exclude<CatalogueLicence, 'specific'>, string>> = {
  'etalab-2.0': 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
  'odbl-1.0': 'https://opendatacommons.org/licenses/odbl/1-0/',
  'cc-by-4.0': 'https://creativecommons.org/licenses/by/4.0/',
};

const SCDL_LIST_MAX = 140;
const SIRET = /^\d{14}$/;

/** SCDL wants keywords and formats in lowercase without accents, `;`-separated. */
const scdlWord = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
const scdlList = (items: readonly string[]): string => [...new Set(items.map(scdlWord))].join(';');

/** Problems of the catalogue itself and of each record, with paths like `records[2].title`. */
export const validateMetadataCatalogue = (catalogue: MetadataCatalogue): ErrorDetail[] => {
  const details: ErrorDetail[] = [];
  if (typeof catalogue.title !== 'string' || catalogue.title.trim() === '') {
    details.push({ path: 'title', message: 'le titre du catalogue est obligatoire' });
  }
  if (typeof catalogue.description !== 'string' || catalogue.description.trim() === '') {
    details.push({ path: 'description', message: 'la description du catalogue est obligatoire' });
  }
  if (typeof catalogue.publisher?.name !== 'string' || catalogue.publisher.name.trim() === '' || catalogue.publisher.name.length > 140) {
    details.push({
      path: 'publisher.name',
      message: 'le nom de la collectivité qui publie le catalogue est obligatoire (140 caractères au plus)',
    });
  }
  if (typeof catalogue.publisher?.siret !== 'string' || !SIRET.test(catalogue.publisher.siret)) {
    details.push({
      path: 'publisher.siret',
      message: 'le SIRET de la collectivité qui publie le catalogue doit comporter 14 chiffres',
    });
  }
  if (!isHttpUrl(catalogue.baseUri)) details.push({ path: 'baseUri', message: 'l’adresse de base du catalogue doit être une URL http(s)' });
  const seen = new Set<string>();
  catalogue.records.forEach((record, i) => {
    details.push(...validateMetadataRecord(record).map((d) => ({ path: `records[${i}].${d.path}`, message: d.message })));
    if (seen.has(record.identifier)) {
      details.push({
        path: `records[${i}].identifier`,
        message: `l’identifiant « ${record.identifier} » est déjà utilisé dans le catalogue`,
      });
    }
    seen.add(record.identifier);
  });
  return details;
};

const invalid = (details: readonly ErrorDetail[]): DomainError =>
  refuse('invalid', 'metadata_invalid', 'le catalogue de métadonnées contient des erreurs : corrigez les points indiqués', details);

/** Records that belong in an Open Data catalogue: the published ones. */
const published = (catalogue: MetadataCatalogue): [number, MetadataRecord][] =>
  catalogue.records.flatMap((record, i): [number, MetadataRecord][] => (record.dates.publication ? [[i, record]] : []));

const scdlRow = (catalogue: MetadataCatalogue, record: MetadataRecord): ScdlCatalogueRow => ({
  COLL_NOM: catalogue.publisher.name,
  COLL_SIRET: catalogue.publisher.siret,
  ID: record.identifier,
  TITRE: record.title.trim(),
  DESCRIPTION: record.abstract.trim(),
  THEME: record.theme.trim(),
  PRODUCTEUR_NOM: record.responsibleParty.organisationName.trim(),
  PRODUCTEUR_SIRET: record.responsibleParty.siret,
  COUV_SPAT_MAILLE: record.spatialCoverage.granularity,
  COUV_SPAT_NOM: record.spatialCoverage.name.trim(),
  COUV_TEMP_DEBUT: record.temporalExtent.start,
  COUV_TEMP_FIN: record.temporalExtent.end,
  DATE_PUBL: record.dates.publication ?? '',
  FREQ_MAJ: record.updateFrequency,
  DATE_MAJ: record.dates.revision ?? record.dates.publication ?? '',
  MOTS_CLES: scdlList(record.keywords),
  LICENCE: SCDL_LICENCE[record.conditionsOfUse.licence],
  NOMBRE_RESSOURCES: String(record.distributions.length),
  FORMAT_RESSOURCES: scdlList(record.distributions.map((d) => d.format)),
  URL: record.landingPage ?? record.distributions[0]?.url ?? '',
});

/**
 * The published records as a SCDL `catalogue` CSV (R-DX-6). Records without a publication date
 * are not in Open Data and are left out; a published record needs at least one distribution.
 */
export const exportScdlCatalogueCsv = (catalogue: MetadataCatalogue): string | DomainError => {
  const details = validateMetadataCatalogue(catalogue);
  const rows = published(catalogue).map(([i, record]) => {
    const row = scdlRow(catalogue, record);
    if (record.distributions.length === 0 || record.distributions.length > 999) {
      details.push({
        path: `records[${i}].distributions`,
        message: 'un jeu publié doit avoir entre 1 et 999 ressources',
      });
    }
    for (const [column, path] of [
      ['MOTS_CLES', 'keywords'],
      ['FORMAT_RESSOURCES', 'distributions'],
    ] as const) {
      if (row[column].length > SCDL_LIST_MAX) {
        details.push({
          path: `records[${i}].${path}`,
          message: `${column} dépasse ${SCDL_LIST_MAX} caractères une fois assemblé`,
        });
      }
    }
    return row;
  });
  if (details.length > 0) return invalid(details);
  return csvText(rows, { header: true, columns: [...SCDL_CATALOGUE_COLUMNS] });
};

/** A JSON-LD document (plain JSON, ready to serialise). */
export type JsonLdDocument = Readonly<Record<string, unknown>>;

const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  gsp: 'http://www.opengis.net/ont/geosparql#',
} as const;

const FILE_TYPE_AUTHORITY = 'http://publications.europa.eu/resource/authority/file-type/';

const fr = (text: string) => ({ '@value': text.trim(), '@language': 'fr' });
const date = (iso: string) => ({ '@value': iso, '@type': 'xsd:date' });

const licenceNode = (record: MetadataRecord) => {
  const { licence, licenceUrl, statement } = record.conditionsOfUse;
  const uri = licence === 'specific' ? licenceUrl : LICENCE_URI[licence];
  return uri ? { '@id': uri, '@type': 'dct:LicenseDocument' } : { '@type': 'dct:LicenseDocument', 'rdfs:label': fr(statement) };
};

/** WKT polygon of the bounding box, longitude first (CRS84), as DCAT 2 `dcat:bbox` expects. */
const bboxWkt = ({ west, east, south, north }: MetadataRecord['boundingBox']): string =>
  `POLYGON((${west} ${south}, ${east} ${south}, ${east} ${north}, ${west} ${north}, ${west} ${south}))`;

const datasetNode = (base: string, record: MetadataRecord) => {
  const licence = licenceNode(record);
  return {
    '@id': `${base}/jeux-de-donnees/${encodeURIComponent(record.identifier)}`,
    '@type': 'dcat:Dataset',
    'dct:identifier': record.identifier,
    'dct:title': fr(record.title),
    'dct:description': fr(record.abstract),
    'dct:provenance': { '@type': 'dct:ProvenanceStatement', 'rdfs:label': fr(record.lineage) },
    'dcat:keyword': record.keywords.map(fr),
    'dct:spatial': {
      '@type': 'dct:Location',
      'rdfs:label': fr(record.spatialCoverage.name),
      'dcat:bbox': { '@value': bboxWkt(record.boundingBox), '@type': 'gsp:wktLiteral' },
    },
    'dct:temporal': {
      '@type': 'dct:PeriodOfTime',
      'dcat:startDate': date(record.temporalExtent.start),
      'dcat:endDate': date(record.temporalExtent.end),
    },
    'dct:license': licence,
    'dct:rights': { '@type': 'dct:RightsStatement', 'rdfs:label': fr(record.conditionsOfUse.statement) },
    'dct:publisher': {
      '@type': 'foaf:Organization',
      'foaf:name': record.responsibleParty.organisationName.trim(),
      'dct:identifier': record.responsibleParty.siret,
    },
    'dcat:contactPoint': {
      '@type': 'vcard:Organization',
      'vcard:fn': record.responsibleParty.organisationName.trim(),
      'vcard:hasEmail': { '@id': `mailto:${record.responsibleParty.email}` },
    },
    'dct:created': date(record.dates.creation),
    ...(record.dates.publication ? { 'dct:issued': date(record.dates.publication) } : {}),
    ...(record.dates.revision ? { 'dct:modified': date(record.dates.revision) } : {}),
    ...(record.landingPage ? { 'dcat:landingPage': { '@id': record.landingPage } } : {}),
    'dcat:distribution': record.distributions.map((distribution) => ({
      '@type': 'dcat:Distribution',
      'dcat:accessURL': { '@id': distribution.url },
      'dct:format': { '@id': `${FILE_TYPE_AUTHORITY}${distribution.format.toUpperCase()}` },
      'dct:license': licence,
    })),
  };
};

/**
 * The whole catalogue as DCAT-AP JSON-LD: one dcat:Catalog with a dcat:Dataset per record,
 * published or not (the catalogue also serves as the territory's INSPIRE inventory).
 */
export const exportDcatJsonLd = (catalogue: MetadataCatalogue): JsonLdDocument | DomainError => {
  const details = validateMetadataCatalogue(catalogue);
  if (details.length > 0) return invalid(details);
  const base = catalogue.baseUri.replace(/\/+$/, '');
  return {
    '@context': DCAT_CONTEXT,
    '@id': `${base}/catalogue`,
    '@type': 'dcat:Catalog',
    'dct:title': fr(catalogue.title),
    'dct:description': fr(catalogue.description),
    'dct:publisher': {
      '@type': 'foaf:Organization',
      'foaf:name': catalogue.publisher.name,
      'dct:identifier': catalogue.publisher.siret,
    },
    'dcat:dataset': catalogue.records.map((record) => datasetNode(base, record)),
  };
};
