import { deciderSpec } from '@digit/testing';
import { townActor, DIGIT_AGENT } from './__fixtures__/dataset.fixtures.js';
import type { DatasetActor } from './actor.js';
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
  responsibleParty: {
    organisationName: 'Ville de Boulogne-Billancourt',
    siret: '12345678900011',
    email: 'sig@example.test',
    role: 'owner',
  },
  dates: { creation: '2023-12-07' },
  updateFrequency: 'Annuelle',
  distributions: [],
};
const at = '2024-01-10T10:00:00+01:00';
const saved = (record: MetadataRecord, actor: DatasetActor): MetadataRecordSaved => ({
  type: 'MetadataRecordSaved',
  data: { record, savedBy: actor.by, savedAt: at },
});
const spec = deciderSpec(metadataRecordDecider);

describe('metadata catalogue records (R-DX-6, R-DX-3)', () => {
  it.each([
    ['DIGIT', DIGIT_AGENT],
    ['the town', townActor('92012')],
  ])('R-DX-6: %s saves a valid record of the town', (_, actor) => {
    spec
      .given([])
      .when({ type: 'SaveMetadataRecord', record: trees, actor, at })
      .then([saved(trees, actor)]);
  });

  it('R-DX-6: a record whose fields contradict each other is refused with every problem and its path (fields alone: the request)', () => {
    const record = {
      ...trees,
      temporalExtent: { start: '2023-12-31', end: '2023-01-01' },
      boundingBox: { ...trees.boundingBox, east: 2.1 },
    };
    const error = spec.given([]).when({ type: 'SaveMetadataRecord', record, actor: DIGIT_AGENT, at }).thenError('metadata_invalid');
    expect(error.details.map((detail) => detail.path)).toEqual(['temporalExtent.end', 'boundingBox.east']);
  });

  it.each([
    ['another town', townActor('92040'), trees],
    ['the territory', townActor('92012'), { ...trees, scope: { kind: 'territory' } } as MetadataRecord],
  ])('R-DX-3: a town may not describe the data of %s', (_, actor, record) => {
    spec.given([]).when({ type: 'SaveMetadataRecord', record, actor, at }).thenError('metadata_actor_not_allowed');
  });

  it('R-DX-3: a town may not move a territory record under its own scope', () => {
    const territory = { ...trees, scope: { kind: 'territory' } } as MetadataRecord;
    spec
      .given([saved(territory, DIGIT_AGENT)])
      .when({ type: 'SaveMetadataRecord', record: trees, actor: townActor('92012'), at })
      .thenError('metadata_actor_not_allowed');
  });

  it('R-DX-6: saving the same record again records nothing', () => {
    spec
      .given([saved(trees, DIGIT_AGENT)])
      .when({ type: 'SaveMetadataRecord', record: trees, actor: DIGIT_AGENT, at })
      .then([]);
  });

  it('R-DX-6: a record is removed once; removing an unknown one is refused', () => {
    spec
      .given([saved(trees, DIGIT_AGENT)])
      .when({ type: 'RemoveMetadataRecord', identifier: trees.identifier, actor: DIGIT_AGENT, at })
      .then([{ type: 'MetadataRecordRemoved', data: { identifier: trees.identifier, removedBy: 'jdupont', removedAt: at } }]);
    spec.given([]).when({ type: 'RemoveMetadataRecord', identifier: 'x', actor: DIGIT_AGENT, at }).thenError('metadata_record_not_found');
  });
});
