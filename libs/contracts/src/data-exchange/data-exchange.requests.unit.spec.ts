import { validateDto } from '../validation.js';
import { AuditDatasetRequest, PublishDatasetRequest, SendDatasetRequest } from './data-exchange.requests.js';
import { SaveMetadataRecordRequest } from './metadata-record.requests.js';

const SHA = 'a'.repeat(64);
const send = {
  insee: '92012',
  title: 'Arbres d’alignement',
  mentions: { source: 'Ville de Boulogne-Billancourt', copyright: '© Ville de Boulogne-Billancourt', year: 2024 },
  usageRights: { licence: 'Licence Ouverte 2.0' },
  personalData: { contains: false },
  format: 'csv',
  content: 'id;essence\n1;Platane\n',
};

/** Made-up SIRET and URLs: test data. */
const record = {
  identifier: 'filaire-voirie',
  scope: { kind: 'territory' },
  title: 'Filaire de voirie du territoire',
  abstract: 'Voies et places des huit villes.',
  lineage: 'Arrêtés de voirie transmis par les villes.',
  theme: 'Transports',
  keywords: ['voirie', 'adresses'],
  temporalExtent: { start: '2024-01-01', end: '2024-12-31' },
  boundingBox: { west: 2.14, east: 2.31, south: 48.77, north: 48.86 },
  spatialCoverage: { granularity: 'Intercommunale', name: 'Grand Paris Seine Ouest' },
  conditionsOfUse: { licence: 'etalab-2.0', statement: 'Source : GPSO – DIGIT' },
  responsibleParty: {
    organisationName: 'EPT Grand Paris Seine Ouest',
    siret: '12345678900011',
    email: 'digit@example.test',
    role: 'custodian',
  },
  dates: { creation: '2024-01-01', publication: '2024-02-01' },
  updateFrequency: 'Mensuelle ou plusieurs fois par mois',
  distributions: [{ format: 'csv', url: 'https://opendata.example.test/voirie.csv' }],
};

const pathsOf = async <T extends object>(dto: new () => T, input: unknown): Promise<string[]> => {
  const result = await validateDto(dto, input);
  return result.ok ? [] : result.details.map((detail) => detail.path);
};

describe('data-exchange requests: shapes and sizes, checked once at the service’s edge (issue 17, issue 18)', () => {
  it('R-DX-4: a complete dataset is accepted as it is', async () => {
    expect(await pathsOf(SendDatasetRequest, send)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a town outside GPSO', { insee: '75056' }, 'insee'],
    ['a malformed dataset id', { datasetId: 'arbres boulogne' }, 'datasetId'],
    ['a title over 256 characters', { title: 'x'.repeat(257) }, 'title'],
    ['content over 100,000 characters', { content: 'x'.repeat(100_001) }, 'content'],
    [
      'a register reference over 64 characters',
      { personalData: { contains: true, processingReference: 'T'.repeat(65) } },
      'personalData.processingReference',
    ],
    ['a year that is not an integer', { mentions: { ...send.mentions, year: 2024.5 } }, 'mentions.year'],
    ['personal data stated as text', { personalData: { contains: 'non' } }, 'personalData.contains'],
    ['usage conditions that are not text', { usageRights: { licence: 'LO', conditions: 3 } }, 'usageRights.conditions'],
    ['an unknown field', { author: 'town:92012' }, 'author'],
  ])('R-DX-4: %s is refused at its path', async (_, change, path) => {
    expect(await pathsOf(SendDatasetRequest, { ...send, ...change })).toEqual([path]);
  });

  it.each<[string, new () => object, Record<string, unknown>, string]>([
    [
      'R-DX-4: a step on a hash that is not a SHA-256',
      AuditDatasetRequest,
      { datasetId: 'd-1', contentHash: 'md5:1234', remarks: [] },
      'contentHash',
    ],
    [
      'R-DX-5: more than 100 remarks',
      AuditDatasetRequest,
      { datasetId: 'd-1', contentHash: SHA, remarks: Array.from({ length: 101 }, () => 'à revoir') },
      'remarks',
    ],
    ['R-DX-5: remarks that are not a list', AuditDatasetRequest, { datasetId: 'd-1', contentHash: SHA, remarks: 'à revoir' }, 'remarks'],
    [
      'R-DX-8: an unknown publication target',
      PublishDatasetRequest,
      { datasetId: 'd-1', contentHash: SHA, target: 'data.gouv.fr' },
      'target',
    ],
  ])('%s is refused at its path', async (_, dto, input, path) => {
    expect(await pathsOf(dto, input)).toEqual([path]);
  });

  it('R-DX-6: a complete metadata record is accepted as it is', async () => {
    expect(await pathsOf(SaveMetadataRecordRequest, record)).toEqual([]);
    expect(await pathsOf(SaveMetadataRecordRequest, { ...record, scope: { kind: 'town', insee: '92012' } })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['issue 18: an abstract over 4,000 characters', { abstract: 'x'.repeat(4001) }, 'abstract'],
    ['issue 18: a lineage over 4,000 characters', { lineage: 'x'.repeat(4001) }, 'lineage'],
    [
      'issue 18: conditions of use over 1,000 characters',
      { conditionsOfUse: { licence: 'etalab-2.0', statement: 'x'.repeat(1001) } },
      'conditionsOfUse.statement',
    ],
    ['issue 18: more than 30 keywords', { keywords: Array.from({ length: 31 }, (_, index) => `mot${index}`) }, 'keywords'],
    ['issue 18: more than 20 distributions', { distributions: Array.from({ length: 21 }, () => record.distributions[0]) }, 'distributions'],
    ['an identifier with a space', { identifier: 'filaire voirie' }, 'identifier'],
    ['a blank title', { title: ' ' }, 'title'],
    ['no keyword', { keywords: [] }, 'keywords'],
    ['a keyword with « ; »', { keywords: ['voirie', 'a;b'] }, 'keywords'],
    ['a town scope without its town', { scope: { kind: 'town' } }, 'scope.insee'],
    ['the territory’s scope naming a town', { scope: { kind: 'territory', insee: '92012' } }, 'scope.insee'],
    ['an impossible date', { temporalExtent: { start: '2024-02-30', end: '2024-12-31' } }, 'temporalExtent.start'],
    ['a longitude out of range', { boundingBox: { ...record.boundingBox, west: 200 } }, 'boundingBox.west'],
    ['an unknown granularity', { spatialCoverage: { granularity: 'Métropolitaine', name: 'GPSO' } }, 'spatialCoverage.granularity'],
    ['a SIRET with spaces', { responsibleParty: { ...record.responsibleParty, siret: '123 456 789' } }, 'responsibleParty.siret'],
    ['an e-mail without domain', { responsibleParty: { ...record.responsibleParty, email: 'digit' } }, 'responsibleParty.email'],
    ['an FTP resource', { distributions: [{ format: 'csv', url: 'ftp://x' }] }, 'distributions.0.url'],
    ['an unknown update frequency', { updateFrequency: 'Parfois' }, 'updateFrequency'],
    ['an unknown field', { auteur: 'x' }, 'auteur'],
  ])('R-DX-6: %s is refused at its path', async (_, change, path) => {
    expect(await pathsOf(SaveMetadataRecordRequest, { ...record, ...change })).toEqual([path]);
  });
});
