import { isDomainError } from '@digit/contracts';
import { parse } from 'csv-parse/sync';
import {
  SCDL_CATALOGUE_COLUMNS,
  exportDcatJsonLd,
  exportScdlCatalogueCsv,
  type JsonLdDocument,
  type MetadataCatalogue,
} from './metadata-catalogue.js';
import { mentionsStatement, validateMetadataRecord, type MetadataRecord } from './metadata-record.js';

/** Test data: the SIRETs and URLs below are made up for the tests, not GPSO's or the towns'. */
const roads: MetadataRecord = {
  identifier: 'filaire-voirie-gpso',
  scope: { kind: 'territory' },
  title: 'Filaire de voirie du territoire GPSO',
  abstract: 'Axes des voies et places des huit villes, avec nom, sens de circulation et numérotation.',
  lineage: 'Constitué par la DIGIT à partir des arrêtés de voirie transmis par les villes.',
  theme: 'Transports, mobilités',
  keywords: ['Voirie', 'Adresses', 'Réseau routier'],
  temporalExtent: { start: '2024-01-01', end: '2024-12-31' },
  boundingBox: { west: 2.14, east: 2.29, south: 48.78, north: 48.86 },
  spatialCoverage: { granularity: 'Intercommunale', name: 'Grand Paris Seine Ouest' },
  conditionsOfUse: {
    licence: 'etalab-2.0',
    statement: 'Source : GPSO – DIGIT, mise à jour du jeu à mentionner',
  },
  responsibleParty: {
    organisationName: 'EPT Grand Paris Seine Ouest',
    siret: '12345678900011',
    email: 'digit@seineouest.fr',
    role: 'custodian',
  },
  dates: { creation: '2023-12-07', publication: '2024-02-01', revision: '2024-06-15' },
  updateFrequency: 'Mensuelle ou plusieurs fois par mois',
  distributions: [
    { format: 'CSV', url: 'https://opendata.example.test/filaire-voirie.csv' },
    { format: 'geojson', url: 'https://opendata.example.test/filaire-voirie.geojson' },
  ],
  landingPage: 'https://opendata.example.test/jeux/filaire-voirie-gpso',
};

const { landingPage: _roadsPage, ...roadsWithoutPage } = roads;
const trees: MetadataRecord = {
  ...roadsWithoutPage,
  identifier: 'arbres-alignement-boulogne',
  scope: { kind: 'town', insee: '92012' },
  title: 'Arbres d’alignement, Boulogne-Billancourt',
  abstract: 'Arbres des voies communales, « essence, hauteur » et date de plantation.',
  spatialCoverage: { granularity: 'Communale', name: 'Boulogne-Billancourt' },
  conditionsOfUse: {
    licence: 'specific',
    statement: mentionsStatement(
      { source: 'Ville de Boulogne-Billancourt', copyright: '© Ville de Boulogne-Billancourt', year: 2023 },
      { licence: 'usage interne GPSO', conditions: 'diffusion soumise à l’accord de la ville' },
    ),
  },
  responsibleParty: {
    organisationName: 'Ville de Boulogne-Billancourt',
    siret: '98765432100012',
    email: 'sig@ville.example.test',
    role: 'owner',
  },
  dates: { creation: '2023-12-07' },
  distributions: [],
};

const catalogue: MetadataCatalogue = {
  title: 'Catalogue des données territoriales de référence',
  description: 'Métadonnées INSPIRE des données de GPSO et des villes.',
  publisher: { name: 'Établissement public territorial Grand Paris Seine Ouest', siret: '12345678900011' },
  baseUri: 'https://opendata.example.test/',
  records: [roads, trees],
};

describe('INSPIRE metadata record (R-DX-6)', () => {
  it('R-DX-6: a complete record of the territory’s reference data is valid', () => {
    expect(validateMetadataRecord(roads)).toEqual([]);
  });

  it('R-DX-6: a town’s record without publication nor distribution is valid (optional in the catalogue)', () => {
    expect(validateMetadataRecord(trees)).toEqual([]);
  });

  it.each<[string, Partial<MetadataRecord>, string]>([
    ['title', { title: ' ' }, 'le titre est obligatoire'],
    ['abstract', { abstract: '' }, 'le résumé est obligatoire'],
    ['lineage', { lineage: '' }, 'la généalogie (origine des données) est obligatoire'],
    ['identifier', { identifier: 'filaire voirie' }, 'sans espace'],
    ['scope', { scope: { kind: 'town', insee: '75056' as never } }, 'ville de GPSO'],
    ['keywords', { keywords: [] }, 'au moins un mot-clé'],
    ['keywords[1]', { keywords: ['voirie', 'a;b'] }, 'sans « ; »'],
    ['temporalExtent.start', { temporalExtent: { start: '2024-02-30', end: '2024-12-31' } }, 'AAAA-MM-JJ'],
    ['temporalExtent.end', { temporalExtent: { start: '2024-01-01', end: '2023-12-31' } }, '(31/12/2023) précède son début (01/01/2024)'],
    ['boundingBox.west', { boundingBox: { west: 200, east: 2.29, south: 48.78, north: 48.86 } }, 'entre -180 et 180'],
    ['boundingBox.east', { boundingBox: { west: 2.29, east: 2.14, south: 48.78, north: 48.86 } }, 'supérieure à la longitude ouest'],
    ['boundingBox.north', { boundingBox: { west: 2.14, east: 2.29, south: 48.86, north: 48.78 } }, 'supérieure à la latitude sud'],
    ['spatialCoverage.granularity', { spatialCoverage: { granularity: 'Métropolitaine' as never, name: 'GPSO' } }, 'Intercommunale'],
    ['conditionsOfUse.licence', { conditionsOfUse: { licence: 'mit' as never, statement: 'x' } }, 'etalab-2.0'],
    [
      'conditionsOfUse.statement',
      { conditionsOfUse: { licence: 'etalab-2.0', statement: '' } },
      'les conditions d’utilisation est obligatoire',
    ],
    ['responsibleParty.siret', { responsibleParty: { ...roads.responsibleParty, siret: '123 456 789' } }, '14 chiffres'],
    ['responsibleParty.email', { responsibleParty: { ...roads.responsibleParty, email: 'digit' } }, 'adresse électronique'],
    [
      'dates.publication',
      { dates: { creation: '2024-03-01', publication: '2024-02-01' } },
      '(01/02/2024) précède la date de création (01/03/2024)',
    ],
    ['updateFrequency', { updateFrequency: 'Parfois' as never }, 'Annuelle'],
    ['distributions[0].url', { distributions: [{ format: 'csv', url: 'ftp://x' }] }, 'URL http(s)'],
  ])('R-DX-6: an invalid %s is reported in French with its path', (path, change, message) => {
    const details = validateMetadataRecord({ ...roads, ...change });
    expect(details).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it('R-DX-4: the conditions of use carry the town’s mandatory mentions and usage rights unchanged', () => {
    expect(trees.conditionsOfUse.statement).toBe(
      'Source : Ville de Boulogne-Billancourt – © Ville de Boulogne-Billancourt 2023 – Droits d’usage : usage interne GPSO – diffusion soumise à l’accord de la ville',
    );
  });
});

describe('SCDL catalogue export (R-DX-6)', () => {
  const csv = exportScdlCatalogueCsv(catalogue);
  const rows = (): Record<string, string>[] => parse(csv as string, { columns: true });

  it('R-DX-6: the CSV has the SCDL catalogue columns, in order', () => {
    expect(typeof csv).toBe('string');
    expect((csv as string).split('\n')[0]).toBe(SCDL_CATALOGUE_COLUMNS.join(','));
  });

  it('R-DX-6: a published record becomes one SCDL row; unpublished records are left out', () => {
    expect(rows()).toEqual([
      {
        COLL_NOM: 'Établissement public territorial Grand Paris Seine Ouest',
        COLL_SIRET: '12345678900011',
        ID: 'filaire-voirie-gpso',
        TITRE: 'Filaire de voirie du territoire GPSO',
        DESCRIPTION: roads.abstract,
        THEME: 'Transports, mobilités',
        PRODUCTEUR_NOM: 'EPT Grand Paris Seine Ouest',
        PRODUCTEUR_SIRET: '12345678900011',
        COUV_SPAT_MAILLE: 'Intercommunale',
        COUV_SPAT_NOM: 'Grand Paris Seine Ouest',
        COUV_TEMP_DEBUT: '2024-01-01',
        COUV_TEMP_FIN: '2024-12-31',
        DATE_PUBL: '2024-02-01',
        FREQ_MAJ: 'Mensuelle ou plusieurs fois par mois',
        DATE_MAJ: '2024-06-15',
        MOTS_CLES: 'voirie;adresses;reseau routier',
        LICENCE: 'LO - Licence Ouverte',
        NOMBRE_RESSOURCES: '2',
        FORMAT_RESSOURCES: 'csv;geojson',
        URL: 'https://opendata.example.test/jeux/filaire-voirie-gpso',
      },
    ]);
  });

  it('R-DX-6: text with commas and quotes survives the CSV, and a specific licence is "Spécifique ou autre"', () => {
    const published: MetadataRecord = {
      ...trees,
      dates: { creation: '2023-12-07', publication: '2024-01-15' },
      distributions: [{ format: 'csv', url: 'https://opendata.example.test/arbres.csv' }],
    };
    const out = exportScdlCatalogueCsv({ ...catalogue, records: [published] });
    const [row] = parse(out as string, { columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({
      DESCRIPTION: trees.abstract,
      LICENCE: 'Spécifique ou autre',
      DATE_MAJ: '2024-01-15',
      URL: 'https://opendata.example.test/arbres.csv',
    });
  });

  it('R-DX-6: a published record without any resource is refused', () => {
    const out = exportScdlCatalogueCsv({ ...catalogue, records: [{ ...roads, distributions: [] }] });
    expect(isDomainError(out) && out.details).toEqual([
      { path: 'records[0].distributions', message: 'un jeu publié doit avoir entre 1 et 999 ressources' },
    ]);
  });

  it('R-DX-6: an invalid catalogue is refused with every problem and nothing is exported', () => {
    const out = exportScdlCatalogueCsv({
      ...catalogue,
      publisher: { name: 'GPSO', siret: '' },
      records: [roads, { ...roads, title: '' }],
    });
    expect(isDomainError(out)).toBe(true);
    if (!isDomainError(out)) return;
    expect(out.code).toBe('metadata_invalid');
    expect(out.details.map((d) => d.path)).toEqual(['publisher.siret', 'records[1].title', 'records[1].identifier']);
  });

  it('R-DX-6: SCDL lists longer than 140 characters once joined are refused', () => {
    const keywords = Array.from({ length: 20 }, (_, i) => `mot-cle-numero-${i}`);
    const out = exportScdlCatalogueCsv({ ...catalogue, records: [{ ...roads, keywords }] });
    expect(isDomainError(out) && out.details[0]?.path).toBe('records[0].keywords');
  });
});

describe('DCAT-AP JSON-LD export (R-DX-6)', () => {
  const doc = exportDcatJsonLd(catalogue) as JsonLdDocument;
  const datasets = doc['dcat:dataset'] as Record<string, unknown>[];

  it('R-DX-6: the catalogue is a dcat:Catalog with one dcat:Dataset per record, published or not', () => {
    expect(doc).toMatchObject({
      '@id': 'https://opendata.example.test/catalogue',
      '@type': 'dcat:Catalog',
      'dct:title': { '@value': 'Catalogue des données territoriales de référence', '@language': 'fr' },
      'dct:publisher': { 'foaf:name': 'Établissement public territorial Grand Paris Seine Ouest' },
    });
    expect(datasets.map((d) => d['@id'])).toEqual([
      'https://opendata.example.test/jeux-de-donnees/filaire-voirie-gpso',
      'https://opendata.example.test/jeux-de-donnees/arbres-alignement-boulogne',
    ]);
  });

  it('R-DX-6: a dataset carries title, description, bbox, temporal extent, licence, publisher, dates and distributions', () => {
    expect(datasets[0]).toMatchObject({
      '@type': 'dcat:Dataset',
      'dct:title': { '@value': 'Filaire de voirie du territoire GPSO', '@language': 'fr' },
      'dct:description': { '@value': roads.abstract },
      'dct:provenance': { 'rdfs:label': { '@value': roads.lineage } },
      'dct:spatial': {
        'dcat:bbox': {
          '@value': 'POLYGON((2.14 48.78, 2.29 48.78, 2.29 48.86, 2.14 48.86, 2.14 48.78))',
          '@type': 'gsp:wktLiteral',
        },
      },
      'dct:temporal': {
        'dcat:startDate': { '@value': '2024-01-01', '@type': 'xsd:date' },
        'dcat:endDate': { '@value': '2024-12-31' },
      },
      'dct:license': { '@id': 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' },
      'dct:publisher': { 'foaf:name': 'EPT Grand Paris Seine Ouest', 'dct:identifier': '12345678900011' },
      'dct:created': { '@value': '2023-12-07' },
      'dct:issued': { '@value': '2024-02-01', '@type': 'xsd:date' },
      'dct:modified': { '@value': '2024-06-15' },
      'dcat:distribution': [
        {
          '@type': 'dcat:Distribution',
          'dcat:accessURL': { '@id': 'https://opendata.example.test/filaire-voirie.csv' },
          'dct:format': { '@id': 'http://publications.europa.eu/resource/authority/file-type/CSV' },
        },
        { 'dct:format': { '@id': 'http://publications.europa.eu/resource/authority/file-type/GEOJSON' } },
      ],
    });
  });

  it('R-DX-4: a specific licence without a URL is described by the town’s own statement; unpublished dates are absent', () => {
    expect(datasets[1]?.['dct:license']).toEqual({
      '@type': 'dct:LicenseDocument',
      'rdfs:label': { '@value': trees.conditionsOfUse.statement, '@language': 'fr' },
    });
    expect(datasets[1]).not.toHaveProperty('dct:issued');
    expect(datasets[1]?.['dcat:distribution']).toEqual([]);
  });

  it('R-DX-6: the JSON-LD is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('R-DX-6: two records with the same identifier are refused', () => {
    const out = exportDcatJsonLd({ ...catalogue, records: [roads, roads] });
    expect(isDomainError(out) && out.details).toEqual([
      {
        path: 'records[1].identifier',
        message: 'l’identifiant « filaire-voirie-gpso » est déjà utilisé dans le catalogue',
      },
    ]);
  });
});
