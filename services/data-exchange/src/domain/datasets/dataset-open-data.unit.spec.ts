import { foldEvents } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import {
  DIGIT_AGENT,
  PRIVACY_SERVICE,
  round1,
  sendCommand,
  stateAfter,
  townActor,
  V1,
  V2,
  validatedV1,
} from './__fixtures__/dataset.fixtures.js';
import type { PrepareDatasetForPublication, PublishDataset } from './dataset.commands.js';
import { datasetDecider } from './dataset.decider.js';
import type { DatasetEvent, DatasetPreparedForPublication, DatasetPublishedByTown } from './dataset.events.js';

const spec = deciderSpec(datasetDecider);
const prepare: PrepareDatasetForPublication = {
  type: 'PrepareDatasetForPublication',
  datasetId: 'ds-1',
  contentHash: V1,
  actor: DIGIT_AGENT,
  at: '2023-12-18T10:00:00+01:00',
};
const publish: PublishDataset = {
  type: 'PublishDataset',
  datasetId: 'ds-1',
  contentHash: V1,
  target: 'town_subdomain',
  actor: townActor('92012'),
  at: '2023-12-19T10:00:00+01:00',
};
const prepared: DatasetPreparedForPublication = {
  type: 'DatasetPreparedForPublication',
  data: {
    datasetId: 'ds-1',
    version: 1,
    contentHash: V1,
    preparedBy: 'jdupont',
    preparedAt: '2023-12-18T10:00:00+01:00',
  },
};
const published: DatasetPublishedByTown = {
  type: 'DatasetPublishedByTown',
  data: {
    datasetId: 'ds-1',
    version: 1,
    contentHash: V1,
    target: 'town_subdomain',
    publishedBy: 'agent-92012',
    publishedAt: '2023-12-19T10:00:00+01:00',
  },
};

describe('Open Data: DIGIT prepares, only the town publishes (R-DX-8, R-OD-1, R-CON-9)', () => {
  it('R-DX-8: DIGIT marks a validated dataset "prepared for publication"', () => {
    spec.given(validatedV1).when(prepare).then([prepared]);
    expect(foldEvents(datasetDecider, [...validatedV1, prepared])).toMatchObject({
      preparedForPublication: { version: 1, by: 'jdupont' },
    });
  });

  it.each([
    ['a DIGIT agent', DIGIT_AGENT],
    ['the privacy service', PRIVACY_SERVICE],
  ])('R-OD-1: a command from %s to publish is refused', (_who, actor) => {
    spec
      .given([...validatedV1, prepared])
      .when({ ...publish, actor })
      .thenError('open_data_publication_by_town_only', 'ne publie jamais');
  });

  it('R-DX-8: the town publishes by its own action', () => {
    spec
      .given([...validatedV1, prepared])
      .when(publish)
      .then([published]);
    expect(foldEvents(datasetDecider, [...validatedV1, prepared, published])).toMatchObject({
      lastPublication: { version: 1, target: 'town_subdomain', by: 'agent-92012' },
    });
  });

  it('R-DX-8: the town may publish without DIGIT’s preparation (seed art. 1.5: in full autonomy)', () => {
    spec.given(validatedV1).when(publish).then([published]);
  });

  it('R-DX-8: preparing or publishing the same version twice changes nothing', () => {
    spec
      .given([...validatedV1, prepared])
      .when(prepare)
      .then([]);
    spec
      .given([...validatedV1, published])
      .when(publish)
      .then([]);
  });

  it('R-DX-5: nothing is prepared or published before the town validated the current version', () => {
    spec.given(round1).when(prepare).thenError('dataset_not_validated');
    spec.given(round1).when(publish).thenError('dataset_not_validated');
  });

  it('R-DX-4: a publication must carry the validated content’s hash', () => {
    spec
      .given(validatedV1)
      .when({ ...publish, contentHash: V2 })
      .thenError('dataset_hash_mismatch');
  });

  it('R-DX-3: another town cannot publish a town’s dataset', () => {
    spec
      .given(validatedV1)
      .when({ ...publish, actor: townActor('92040') })
      .thenError('dataset_other_town');
  });

  it('R-DX-8: the town does not mark its own data "prepared" — that is DIGIT’s service', () => {
    spec
      .given(validatedV1)
      .when({ ...prepare, actor: townActor('92012') })
      .thenError('dataset_actor_not_allowed');
  });

  it('R-CON-9: a town publishes on its own sub-domain, not on the GPSO domain', () => {
    spec
      .given(validatedV1)
      .when({ ...publish, target: 'gpso_domain' })
      .thenError('open_data_gpso_domain_not_allowed', 'sous-domaine');
  });

  it('R-CON-9: Marnes-la-Coquette may publish on the GPSO domain, still by its own action', () => {
    const marnes = (event: DatasetEvent): DatasetEvent =>
      event.type === 'DatasetSentForIntegration' ? { ...event, data: { ...event.data, insee: '92047', sentBy: 'agent-92047' } } : event;
    spec
      .given(validatedV1.map(marnes))
      .when({ ...publish, target: 'gpso_domain', actor: townActor('92047') })
      .then([{ ...published, data: { ...published.data, target: 'gpso_domain', publishedBy: 'agent-92047' } }]);
  });

  it('R-DX-8: a correction after preparation withdraws the preparation, which was for the older version', () => {
    const correction = {
      ...sendCommand,
      type: 'CorrectDataset' as const,
      contentHash: V2,
      at: '2024-01-05T09:00:00+01:00',
    };
    const after = stateAfter([...validatedV1, prepared], correction);
    expect(after).toMatchObject({ version: 2, review: 'corrected' });
    expect(after).not.toHaveProperty('preparedForPublication');
    expect(after).not.toHaveProperty('validatedAt');
  });

  it('R-DX-8: a correction after publication keeps the record of what was published, for the older version', () => {
    const correction = {
      ...sendCommand,
      type: 'CorrectDataset' as const,
      contentHash: V2,
      at: '2024-01-05T09:00:00+01:00',
    };
    expect(stateAfter([...validatedV1, published], correction)).toMatchObject({
      version: 2,
      lastPublication: { version: 1 },
    });
  });
});
