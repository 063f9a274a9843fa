import { foldEvents } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import {
  audited,
  DIGIT_AGENT,
  PRIVACY_SERVICE,
  sendCommand,
  sent,
  stateAfter,
  townActor,
  V1,
  V2,
} from './__fixtures__/dataset.fixtures.js';
import type { AuditDataset, ClearDatasetPrivacy, HoldDatasetForPrivacy } from './dataset.commands.js';
import { datasetDecider } from './dataset.decider.js';
import type { DatasetEvent, DatasetHeldByPrivacy, DatasetPrivacyCleared, DatasetSentForIntegration } from './dataset.events.js';

const spec = deciderSpec(datasetDecider);
const personal = { contains: true as const, processingReference: 'REG-BB-2023-014' };
const sentPersonal: DatasetSentForIntegration = { ...sent, data: { ...sent.data, personalData: personal } };
const audit: AuditDataset = {
  type: 'AuditDataset',
  datasetId: 'ds-1',
  contentHash: V1,
  remarks: [],
  actor: DIGIT_AGENT,
  at: '2023-12-09T10:00:00+01:00',
};
const clear: ClearDatasetPrivacy = {
  type: 'ClearDatasetPrivacy',
  datasetId: 'ds-1',
  version: 1,
  actor: PRIVACY_SERVICE,
  at: '2023-12-08T10:00:00+01:00',
};
const hold: HoldDatasetForPrivacy = {
  type: 'HoldDatasetForPrivacy',
  datasetId: 'ds-1',
  version: 1,
  reasons: ['traitement REG-BB-2023-014 absent du registre'],
  actor: PRIVACY_SERVICE,
  at: '2023-12-08T10:00:00+01:00',
};
const cleared: DatasetPrivacyCleared = {
  type: 'DatasetPrivacyCleared',
  data: {
    datasetId: 'ds-1',
    version: 1,
    processingReference: 'REG-BB-2023-014',
    clearedBy: 'system:privacy',
    clearedAt: '2023-12-08T10:00:00+01:00',
  },
};
const held: DatasetHeldByPrivacy = {
  type: 'DatasetHeldByPrivacy',
  data: {
    datasetId: 'ds-1',
    version: 1,
    reasons: ['traitement REG-BB-2023-014 absent du registre'],
    heldBy: 'system:privacy',
    heldAt: '2023-12-08T10:00:00+01:00',
  },
};

describe('personal data and the town’s DPD register (R-GDPR-2)', () => {
  it.each<[string, DatasetEvent[], string]>([
    ['declared without personal data', [sent], 'not_applicable'],
    ['with personal data, just sent', [sentPersonal], 'awaiting_privacy_check'],
    ['held by the privacy check', [sentPersonal, held], 'held_by_privacy'],
    ['cleared by the privacy check', [sentPersonal, cleared], 'cleared'],
  ])('R-GDPR-2: a dataset %s is %s', (_case, events, status) => {
    expect(foldEvents(datasetDecider, events)).toMatchObject({ privacy: { status } });
  });

  it('R-GDPR-2: a held dataset keeps the reasons', () => {
    expect(foldEvents(datasetDecider, [sentPersonal, held])).toMatchObject({
      privacy: { reasons: ['traitement REG-BB-2023-014 absent du registre'] },
    });
  });

  it('R-GDPR-2: DIGIT does not process personal data before the processing is found in the town’s register', () => {
    spec.given([sentPersonal]).when(audit).thenError('dataset_privacy_not_cleared', 'REG-BB-2023-014');
  });

  it('R-GDPR-2: a held dataset is not processed and the refusal gives the reasons', () => {
    spec.given([sentPersonal, held]).when(audit).thenError('dataset_privacy_not_cleared', 'absent du registre');
  });

  it('R-GDPR-2: once cleared, the audit proceeds', () => {
    spec
      .given([sentPersonal, cleared])
      .when(audit)
      .then([audited(1, V1, [], '2023-12-09T10:00:00+01:00')]);
  });

  it('R-GDPR-2: the privacy service records a clearance or a hold with reasons', () => {
    spec.given([sentPersonal]).when(clear).then([cleared]);
    spec.given([sentPersonal]).when(hold).then([held]);
  });

  it('R-GDPR-2: a held version is cleared once the DPD has registered the processing', () => {
    const later = '2023-12-10T10:00:00+01:00';
    spec
      .given([sentPersonal, held])
      .when({ ...clear, at: later })
      .then([{ ...cleared, data: { ...cleared.data, clearedAt: later } }]);
  });

  it('R-GDPR-2: a DIGIT agent may record the check too', () => {
    spec
      .given([sentPersonal])
      .when({ ...clear, actor: DIGIT_AGENT })
      .then([{ ...cleared, data: { ...cleared.data, clearedBy: 'jdupont' } }]);
  });

  it.each<[string, ClearDatasetPrivacy | HoldDatasetForPrivacy, string]>([
    ['the town clears itself', { ...clear, actor: townActor('92012') }, 'dataset_actor_not_allowed'],
    ['a hold without reason', { ...hold, reasons: [' '] }, 'dataset_invalid'],
    ['a check on an outdated version', { ...clear, version: 2 }, 'dataset_version_outdated'],
  ])('R-GDPR-2: refused: %s', (_case, command, code) => {
    spec.given([sentPersonal]).when(command).thenError(code);
  });

  it('R-GDPR-2: a cleared version cannot be held afterwards; clearing again changes nothing', () => {
    spec.given([sentPersonal, cleared]).when(hold).thenError('dataset_wrong_step');
    spec.given([sentPersonal, cleared]).when(clear).then([]);
  });

  it('R-GDPR-2: no check is recorded on data declared without personal data', () => {
    spec.given([sent]).when(clear).thenError('dataset_no_personal_data');
  });

  it('R-GDPR-2: a new version with personal data waits for its own check', () => {
    const correction = {
      ...sendCommand,
      type: 'CorrectDataset' as const,
      contentHash: V2,
      personalData: personal,
      at: '2023-12-12T09:00:00+01:00',
    };
    expect(stateAfter([sentPersonal, cleared], correction)).toMatchObject({
      version: 2,
      privacy: { status: 'awaiting_privacy_check' },
    });
  });

  it('R-GDPR-2: the town may answer a hold with a version without personal data, which is processed at once', () => {
    const correction = {
      ...sendCommand,
      type: 'CorrectDataset' as const,
      contentHash: V2,
      at: '2023-12-12T09:00:00+01:00',
    };
    expect(stateAfter([sentPersonal, held], correction)).toMatchObject({
      version: 2,
      privacy: { status: 'not_applicable', reasons: [] },
    });
  });
});
