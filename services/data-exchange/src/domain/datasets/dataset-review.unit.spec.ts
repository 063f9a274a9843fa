import { foldEvents } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import {
  audited,
  corrected,
  DIGIT_AGENT,
  PRIVACY_SERVICE,
  round1,
  sendCommand,
  sent,
  sha256,
  stateAfter,
  townActor,
  V1,
  V2,
  validated,
  validatedV1,
} from './__fixtures__/dataset.fixtures.js';
import type { AuditDataset, CorrectDataset, ValidateDataset } from './dataset.commands.js';
import { datasetDecider } from './dataset.decider.js';

const spec = deciderSpec(datasetDecider);

describe('dataset sent for integration (R-DX-4)', () => {
  it('R-DX-4: a town sends title, mandatory mentions, usage rights and content hash; they are recorded as sent', () => {
    spec.given([]).when(sendCommand).then([sent]);
  });

  it.each([
    ['title', { title: '  ' }],
    ['mentions.source', { mentions: { ...sendCommand.mentions, source: '' } }],
    ['mentions.copyright', { mentions: { ...sendCommand.mentions, copyright: '' } }],
    ['mentions.year', { mentions: { source: 'Ville', copyright: '©', year: undefined as unknown as number } }],
    ['mentions.year', { mentions: { ...sendCommand.mentions, year: 2024 } }],
    ['mentions.year', { mentions: { ...sendCommand.mentions, year: 202.5 } }],
    ['usageRights.licence', { usageRights: { licence: '' } }],
    ['personalData.processingReference', { personalData: { contains: true, processingReference: ' ' } }],
    ['personalData.processingReference', { personalData: { contains: false, processingReference: 'T-12' } as never }],
  ])('R-DX-4: a dataset without a valid %s is refused and nothing is recorded', (path, change) => {
    const error = spec
      .given([])
      .when({ ...sendCommand, ...change })
      .thenError('dataset_invalid');
    expect(error.details.map((d) => d.path)).toEqual([path]);
  });

  it('R-DX-4: every missing mention is reported at once, in French', () => {
    const error = spec
      .given([])
      .when({
        ...sendCommand,
        title: '',
        mentions: { source: '', copyright: '', year: 0 },
        usageRights: { licence: '' },
      })
      .thenError('dataset_invalid', 'corrigez');
    expect(error.details.map((d) => d.path)).toEqual([
      'title',
      'mentions.source',
      'mentions.copyright',
      'mentions.year',
      'usageRights.licence',
    ]);
    expect(error.details[1]?.message).toBe('la mention obligatoire « source » est absente');
  });

  it.each([
    ['another town', townActor('92022'), 'dataset_other_town'],
    ['DIGIT', DIGIT_AGENT, 'dataset_actor_not_allowed'],
  ])('R-DX-3: %s cannot send a town’s dataset', (_who, actor, code) => {
    spec
      .given([])
      .when({ ...sendCommand, actor })
      .thenError(code);
  });

  it('R-DX-4: the same dataset cannot be sent twice; a new version is a correction', () => {
    spec.given([sent]).when(sendCommand).thenError('dataset_already_sent', 'correction');
  });

  it('R-DX-4: a command without an instant with offset is refused', () => {
    spec
      .given([])
      .when({ ...sendCommand, at: '07/12/2023' })
      .thenError('dataset_invalid');
  });
});

describe('review rounds (R-DX-5)', () => {
  const audit: AuditDataset = {
    type: 'AuditDataset',
    datasetId: 'ds-1',
    contentHash: V1,
    remarks: ['colonne essence vide sur 12 lignes'],
    actor: DIGIT_AGENT,
    at: '2023-12-08T15:00:00+01:00',
  };
  const correct: CorrectDataset = {
    ...sendCommand,
    type: 'CorrectDataset',
    contentHash: V2,
    at: '2023-12-12T09:00:00+01:00',
  };
  const validate = (hash: string): ValidateDataset => ({
    type: 'ValidateDataset',
    datasetId: 'ds-1',
    contentHash: hash,
    actor: townActor('92012'),
    at: '2023-12-15T11:00:00+01:00',
  });

  it('R-DX-5: sent → audited with remarks → corrected (new version and hash) → audited → validated by the town', () => {
    spec.given([sent]).when(audit).then(round1.slice(1));
    spec.given(round1).when(correct).then([corrected]);
    const reaudit = { ...audit, contentHash: V2, remarks: [], at: '2023-12-13T10:00:00+01:00' };
    const audit2 = audited(2, V2, [], '2023-12-13T10:00:00+01:00');
    spec
      .given([...round1, corrected])
      .when(reaudit)
      .then([audit2]);
    spec
      .given([...round1, corrected, audit2])
      .when(validate(V2))
      .then([validated(2, V2)]);
    expect(foldEvents(datasetDecider, [...round1, corrected, audit2, validated(2, V2)])).toMatchObject({
      review: 'validated',
      version: 2,
      versions: [
        { version: 1, contentHash: V1 },
        { version: 2, contentHash: V2 },
      ],
      lastAudit: { version: 2, remarks: [] },
    });
  });

  it('R-DX-5: only the town validates its data', () => {
    spec
      .given(round1)
      .when({ ...validate(V1), actor: DIGIT_AGENT })
      .thenError('validation_by_town_only', 'Seule la ville valide');
  });

  it('R-DX-5: a version is validated only after DIGIT audited it', () => {
    spec.given([sent]).when(validate(V1)).thenError('dataset_not_audited');
  });

  it.each([
    ['the town', townActor('92012')],
    ['the privacy service', PRIVACY_SERVICE],
  ])('R-DX-5: %s does not audit', (_who, actor) => {
    spec
      .given([sent])
      .when({ ...audit, actor })
      .thenError('dataset_actor_not_allowed');
  });

  it.each([
    ['an empty remark', [' ']],
    ['remarks that are not a list', 'à revoir' as never],
  ])('R-DX-5: an audit with %s is refused', (_case, remarks) => {
    const error = spec
      .given([sent])
      .when({ ...audit, remarks })
      .thenError('dataset_invalid');
    expect(error.details[0]?.path).toBe('remarks');
  });

  it('R-DX-5: a version already audited waits for the town, not for a second audit', () => {
    spec
      .given(round1)
      .when({ ...audit, at: '2023-12-09T10:00:00+01:00' })
      .thenError('dataset_wrong_step');
  });

  it('R-DX-4: DIGIT never corrects a town’s data itself', () => {
    spec
      .given(round1)
      .when({ ...correct, actor: DIGIT_AGENT })
      .thenError('dataset_actor_not_allowed', 'altère');
  });

  it('R-DX-3: another town cannot correct or validate', () => {
    spec
      .given(round1)
      .when({ ...correct, actor: townActor('92040') })
      .thenError('dataset_other_town');
    spec
      .given(round1)
      .when({ ...validate(V1), actor: townActor('92040') })
      .thenError('dataset_other_town');
  });

  it('R-DX-4: a correction identical to the current version is refused', () => {
    spec
      .given(round1)
      .when({ ...correct, contentHash: V1 })
      .thenError('dataset_nothing_changed');
  });

  it('R-DX-4: a validated dataset can be updated by the town, which opens a new round', () => {
    const update = {
      ...correct,
      at: '2024-01-10T09:00:00+01:00',
      mentions: { ...sendCommand.mentions, year: 2024 },
    };
    expect(stateAfter(validatedV1, update)).toMatchObject({
      version: 2,
      review: 'corrected',
      declaration: { mentions: { year: 2024 } },
    });
  });

  it('R-DX-5: validating twice changes nothing', () => {
    spec.given(validatedV1).when(validate(V1)).then([]);
  });
});

describe('content hash: DIGIT never alters the data (R-DX-4)', () => {
  const auditWith = (hash: string): AuditDataset => ({
    type: 'AuditDataset',
    datasetId: 'ds-1',
    contentHash: hash,
    remarks: [],
    actor: DIGIT_AGENT,
    at: '2023-12-14T10:00:00+01:00',
  });

  it('R-DX-4: a step carrying a hash that is not the town’s content is refused', () => {
    spec
      .given([sent])
      .when(auditWith(sha256('données retouchées')))
      .thenError('dataset_hash_mismatch', 'ne correspond à aucune version');
  });

  it('R-DX-4: a step carrying the hash of a replaced version is refused and says which version and when (07/12/2023)', () => {
    const error = spec
      .given([...round1, corrected])
      .when(auditWith(V1))
      .thenError('dataset_hash_mismatch');
    expect(error.message).toContain('version 1 reçue le 07/12/2023');
    expect(error.message).toContain('version 2 en cours');
  });

  it('R-DX-4: the hash compares without regard to letter case', () => {
    spec
      .given([sent])
      .when(auditWith(V1.toUpperCase()))
      .then([audited(1, V1, [], '2023-12-14T10:00:00+01:00')]);
  });

  it('R-DX-4: a step dated before the previous one is refused, with the date in French', () => {
    spec
      .given([sent])
      .when({ ...auditWith(V1), at: '2023-12-06T10:00:00+01:00' })
      .thenError('dataset_step_before_previous', '07/12/2023');
  });

  it('R-DX-4: a step on a dataset never sent is refused', () => {
    spec.given([]).when(auditWith(V1)).thenError('dataset_not_found');
  });
});
