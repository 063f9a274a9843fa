import { deciderSpec } from '@digit/testing';
import { metadataRecordDecider, type MetadataRecordSaved } from './metadata-record.decider.js';
import type { MetadataRecord } from './metadata-record.js';

/** Made-up SIRET and URLs: test data, not GPSO's. */
const trees: MetadataRecord = {
  identifier: 'arbres-boulogne',
  scope: { kind: 'town', insee: '92012' },
  title: 'Arbres d’alignement',
  abstract: 'Arbres des voies communales.',
  lineage: 'Inventaire de la ville.',
  theme: 'Environnement',
  keywords: ['arbres'],
  temporalExtent: { start: '2023-01-01', end: '2023-12-31' },
  boundingBox: { west: 2.21, east: 2.27, south: 48.81, north: 48.86 },
  spatialCoverage: { granularity: 'Communale', name: 'Boulogne-Billancourt' },
  conditionsOfUse: { licence: 'etalab-2.0', statement: 'Source : Ville de Boulogne-Billancourt' },
  responsibleParty: { organisationName: 'Ville de Boulogne-Billancourt', siret: '12345678900011', email: 'sig@example.test', role: 'owner' },
  dates: { creation: '2023-12-07' },
  updateFrequency: 'Annuelle',
  distributions: [],
};
const at = '2024-01-10T10:00:00+01:00';
const saved = (record: MetadataRecord, by: string): MetadataRecordSaved => ({ type: 'MetadataRecordSaved', data: { record, savedBy: by, savedAt: at } });
const spec = deciderSpec(metadataRecordDecider);

describe('metadata catalogue records (R-DX-6, R-DX-3)', () => {
  it.each(['digit:jdupont', 'town:92012'])('R-DX-6: %s saves a valid record of the town', (actor) => {
    spec.given([]).when({ type: 'SaveMetadataRecord', record: trees, actor, at }).then([saved(trees, actor)]);
  });

  it('R-DX-6: an invalid record is refused with every problem and its path', () => {
    const error = spec.given([]).when({ type: 'SaveMetadataRecord', record: { ...trees, title: '' }, actor: 'digit:jdupont', at }).thenError('METADATA_INVALID');
    expect(error.details).toContainEqual({ path: 'title', message: 'le titre est obligatoire' });
  });

  it.each([
    ['another town', 'town:92040', trees],
    ['the territory', 'town:92012', { ...trees, scope: { kind: 'territory' } } as MetadataRecord],
  ])('R-DX-3: a town may not describe the data of %s', (_, actor, record) => {
    spec.given([]).when({ type: 'SaveMetadataRecord', record, actor, at }).thenError('METADATA_ACTOR_NOT_ALLOWED');
  });

  it('R-DX-3: a town may not move a territory record under its own scope', () => {
    const territory = { ...trees, scope: { kind: 'territory' } } as MetadataRecord;
    spec.given([saved(territory, 'digit:jdupont')]).when({ type: 'SaveMetadataRecord', record: trees, actor: 'town:92012', at }).thenError('METADATA_ACTOR_NOT_ALLOWED');
  });

  it('R-DX-6: saving the same record again records nothing', () => {
    spec.given([saved(trees, 'digit:jdupont')]).when({ type: 'SaveMetadataRecord', record: trees, actor: 'digit:jdupont', at }).then([]);
  });

  it('R-DX-6: a record is removed once; removing an unknown one is refused', () => {
    spec
      .given([saved(trees, 'digit:jdupont')])
      .when({ type: 'RemoveMetadataRecord', identifier: trees.identifier, actor: 'digit:jdupont', at })
      .then([{ type: 'MetadataRecordRemoved', data: { identifier: trees.identifier, removedBy: 'digit:jdupont', removedAt: at } }]);
    spec.given([]).when({ type: 'RemoveMetadataRecord', identifier: 'x', actor: 'digit:jdupont', at }).thenError('METADATA_RECORD_NOT_FOUND');
  });
});
