import { foldEvents } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import { V1, V2, round1, sendCommand, stateAfter, validatedV1 } from './__fixtures__/dataset.fixtures.js';
import type { PrepareDatasetForPublication, PublishDataset } from './dataset.commands.js';
import { datasetDecider } from './dataset.decider.js';
import type {
  DatasetEvent,
  DatasetPreparedForPublication,
  DatasetPublishedByTown,
} from './dataset.events.js';

const spec = deciderSpec(datasetDecider);
const prepare: PrepareDatasetForPublication = {
  type: 'PrepareDatasetForPublication',
  datasetId: 'ds-1',
  contentHash: V1,
  actor: 'digit:jdupont',
  at: '2023-12-18T10:00:00+01:00',
};
const publish: PublishDataset = {
  type: 'PublishDataset',
  datasetId: 'ds-1',
  contentHash: V1,
  target: 'town_subdomain',
  actor: 'town:92012',
  at: '2023-12-19T10:00:00+01:00',
};
const prepared: DatasetPreparedForPublication = {
  type: 'DatasetPreparedForPublication',
  data: {
    datasetId: 'ds-1',
    version: 1,
    contentHash: V1,
    preparedBy: 'digit:jdupont',
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
    publishedBy: 'town:92012',
    publishedAt: '2023-12-19T10:00:00+01:00',
  },
};

describe('Open Data: DIGIT prepares, only the town publishes (R-DX-8, R-OD-1, R-CON-9)', () => {
  it('R-DX-8: DIGIT marks a validated dataset "prepared for publication"', () => {
    spec.given(validatedV1).when(prepare).then([prepared]);
    expect(foldEvents(datasetDecider, [...validatedV1, prepared])).toMatchObject({
      preparedForPublication: { version: 1, by: 'digit:jdupont' },
    });
  });

  it.each([
    ['a DIGIT agent', 'digit:jdupont'],
    ['the privacy service', 'system:privacy'],
  ])('R-OD-1: a command from %s to publish is refused', (_who, actor) => {
    spec
      .given([...validatedV1, prepared])
      .when({ ...publish, actor })
      .thenError('OPEN_DATA_PUBLICATION_BY_TOWN_ONLY', 'ne publie jamais');
  });

  it('R-DX-8: the town publishes by its own action', () => {
    spec
      .given([...validatedV1, prepared])
      .when(publish)
      .then([published]);
    expect(foldEvents(datasetDecider, [...validatedV1, prepared, published])).toMatchObject({
      lastPublication: { version: 1, target: 'town_subdomain', by: 'town:92012' },
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
    spec.given(round1).when(prepare).thenError('DATASET_NOT_VALIDATED');
    spec.given(round1).when(publish).thenError('DATASET_NOT_VALIDATED');
  });

  it('R-DX-4: a publication must carry the validated content’s hash', () => {
    spec
      .given(validatedV1)
      .when({ ...publish, contentHash: V2 })
      .thenError('DATASET_HASH_MISMATCH');
  });

  it('R-DX-3: another town cannot publish a town’s dataset', () => {
    spec
      .given(validatedV1)
      .when({ ...publish, actor: 'town:92040' })
      .thenError('DATASET_OTHER_TOWN');
  });

  it('R-DX-8: the town does not mark its own data "prepared" — that is DIGIT’s service', () => {
    spec
      .given(validatedV1)
      .when({ ...prepare, actor: 'town:92012' })
      .thenError('DATASET_ACTOR_NOT_ALLOWED');
  });

  it('R-CON-9: a town publishes on its own sub-domain, not on the GPSO domain', () => {
    spec
      .given(validatedV1)
      .when({ ...publish, target: 'gpso_domain' })
      .thenError('OPEN_DATA_GPSO_DOMAIN_NOT_ALLOWED', 'sous-domaine');
  });

  it('R-CON-9: Marnes-la-Coquette may publish on the GPSO domain, still by its own action', () => {
    const marnes = (event: DatasetEvent): DatasetEvent =>
      event.type === 'DatasetSentForIntegration'
        ? { ...event, data: { ...event.data, insee: '92047', sentBy: 'town:92047' } }
        : event;
    spec
      .given(validatedV1.map(marnes))
      .when({ ...publish, target: 'gpso_domain', actor: 'town:92047' })
      .then([
        { ...published, data: { ...published.data, target: 'gpso_domain', publishedBy: 'town:92047' } },
      ]);
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
