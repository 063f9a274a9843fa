import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { commandSubject, isDomainError, isInsee, querySubject } from '@digit/contracts';
import { handleCommand } from '@digit/event-store';
import { QueryFailure } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import {
  datasetDecider,
  datasetStreamId,
  type DatasetCommand,
  type DatasetDeclaration,
  type DatasetEvent,
} from '../domain/datasets/index.js';
import { INFRA, READ_MODELS, SERVICE_OPTIONS, type DataExchangeOptions, type ReadModels } from '../data-exchange.tokens.js';
import { loadDataset, loadDatasets } from '../read-model/datasets.read-model.js';
import { externalActor, invalidRequest, parisNow, refusal } from '../service-failures.js';
import { datasetContentProblems } from './dataset-content.js';
import { checkPersonalData, type PrivacyVerdict } from './privacy-check.js';

type Payload = Record<string, unknown>;
type DeclaringCommand = Extract<DatasetCommand, { type: 'SendDatasetForIntegration' | 'CorrectDataset' }>;

const DATASET_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const STEPS = {
  audit: 'AuditDataset',
  validate: 'ValidateDataset',
  prepare: 'PrepareDatasetForPublication',
  publish: 'PublishDataset',
} as const;

/** The declaration fields as sent; the decider checks each one and names the path at fault. */
const declarationOf = (payload: Payload): DatasetDeclaration =>
  ({
    title: payload.title,
    mentions: payload.mentions,
    usageRights: payload.usageRights,
    contentHash: payload.contentHash,
    personalData: payload.personalData,
  }) as DatasetDeclaration;

const requireContent = (payload: Payload): string => {
  const problems = datasetContentProblems(payload.format, payload.content, payload.contentHash);
  if (problems.length > 0) throw invalidRequest('Le contenu du jeu de données ne peut pas être lu ; voir le détail.', problems);
  return payload.content as string;
};

const requireDatasetId = (value: unknown): string => {
  if (typeof value !== 'string' || !DATASET_ID.test(value)) {
    throw invalidRequest('Identifiant de jeu de données invalide.', [{ path: 'datasetId', message: 'lettres, chiffres, « . », « _ » ou « - », 100 caractères au plus' }]);
  }
  return value;
};

const privacyNotice = (verdict: PrivacyVerdict | undefined) => (verdict ? { outcome: verdict.kind, reasons: verdict.reasons } : null);

/**
 * Datasets towns send for integration (R-DX-4, R-DX-5, R-DX-8) and the GDPR gate (R-GDPR-2):
 * content declared with personal data is checked by the privacy service against the town's DPD
 * register and stays `awaiting_privacy_check` until a verdict is recorded; content declared
 * without is checked before anything is stored, and refused if the check finds personal data.
 */
@Controller()
export class DatasetsController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(SERVICE_OPTIONS) private readonly options: DataExchangeOptions,
  ) {}

  @MessagePattern(querySubject('data-exchange', 'datasets'))
  async datasets(payload: { insee?: string }) {
    const insee = payload?.insee;
    if (insee !== undefined && !isInsee(insee)) throw invalidRequest(`Commune inconnue : « ${insee} ».`, [{ path: 'insee', message: 'code INSEE inconnu' }]);
    await this.readModels.datasetsUpToDate();
    return loadDatasets(this.infra.db, this.readModels.schema, insee);
  }

  @MessagePattern(querySubject('data-exchange', 'dataset'))
  async dataset(payload: { datasetId?: string }) {
    await this.readModels.datasetsUpToDate();
    return this.view(requireDatasetId(payload?.datasetId));
  }

  @MessagePattern(commandSubject('data-exchange', 'send-dataset'))
  async send(payload: Payload) {
    const actor = externalActor(payload?.actor);
    const datasetId = payload.datasetId === undefined ? `${String(payload.insee)}-${randomUUID()}` : requireDatasetId(payload.datasetId);
    const content = requireContent(payload);
    const declaration = declarationOf(payload);
    const command: DatasetCommand = { type: 'SendDatasetForIntegration', datasetId, insee: String(payload.insee), ...declaration, actor, at: parisNow() };
    // Refused declarations (R-DX-4) are answered before the privacy service is asked anything.
    const decided = datasetDecider.decide(command, datasetDecider.initialState);
    if (isDomainError(decided)) throw refusal(decided);
    return this.record(datasetId, command, content);
  }

  @MessagePattern(commandSubject('data-exchange', 'correct-dataset'))
  async correct(payload: Payload) {
    const actor = externalActor(payload?.actor);
    const datasetId = requireDatasetId(payload.datasetId);
    const content = requireContent(payload);
    return this.record(datasetId, { type: 'CorrectDataset', datasetId, ...declarationOf(payload), actor, at: parisNow() }, content);
  }

  /** Audit with remarks (DIGIT), validation (town), preparation (DIGIT), publication (town only). */
  @MessagePattern(commandSubject('data-exchange', 'dataset-step'))
  async step(payload: Payload) {
    const actor = externalActor(payload?.actor);
    const datasetId = requireDatasetId(payload.datasetId);
    const type = STEPS[String(payload.step) as keyof typeof STEPS];
    if (!type) throw invalidRequest(`Étape inconnue ; étapes possibles : ${Object.keys(STEPS).join(', ')}.`, [{ path: 'step', message: 'étape inconnue' }]);
    const command = { type, datasetId, contentHash: payload.contentHash, remarks: payload.remarks, target: payload.target, actor, at: parisNow() } as DatasetCommand;
    const outcome = await handleCommand(this.infra.store, datasetDecider, datasetStreamId(datasetId), command, { actor });
    if (!outcome.ok) throw refusal(outcome.error);
    await this.readModels.datasetsUpToDate(outcome.events.at(-1)?.position);
    return this.view(datasetId);
  }

  /** Asks the privacy service again for a version still waiting for (or held by) its verdict. */
  @MessagePattern(commandSubject('data-exchange', 'check-dataset-privacy'))
  async recheck(payload: Payload) {
    externalActor(payload?.actor);
    const datasetId = requireDatasetId(payload.datasetId);
    const content = requireContent(payload);
    await this.readModels.datasetsUpToDate();
    const dataset = await this.view(datasetId);
    if (dataset.declaration.contentHash !== payload.contentHash) {
      throw new QueryFailure(409, { error: 'dataset_hash_mismatch', message: `Ce contenu n’est pas celui de la version ${dataset.version} en cours.`, details: [{ path: 'contentHash', message: 'empreinte d’une autre version' }] });
    }
    if (dataset.privacy.status === 'not_applicable' || dataset.privacy.status === 'cleared') {
      throw new QueryFailure(409, { error: 'dataset_privacy_settled', message: `La version ${dataset.version} n’attend aucune vérification au registre du DPD.`, details: [] });
    }
    const verdict = await this.recordVerdict(datasetId, dataset.insee, dataset.version, dataset.declaration, content);
    return { ...(await this.view(datasetId)), privacyCheck: privacyNotice(verdict) };
  }

  private async record(datasetId: string, command: DeclaringCommand, content: string) {
    if (command.type === 'CorrectDataset') await this.readModels.datasetsUpToDate();
    const insee = command.type === 'SendDatasetForIntegration' ? command.insee : (await this.view(datasetId)).insee;
    if (!command.personalData?.contains) {
      const verdict = await checkPersonalData(this.infra.bus, { insee, datasetId, content, declaredCategories: 'none' }, this.options.privacyTimeoutMs);
      if (verdict.kind === 'refused') {
        throw new QueryFailure(422, {
          error: 'personal_data_detected',
          message: 'Le contenu est déclaré sans données personnelles mais en contient selon la vérification au registre du DPD : corrigez la déclaration (personalData) et indiquez le traitement qui les couvre. Rien n’a été enregistré.',
          details: verdict.reasons.map((message) => ({ path: 'personalData.contains', message })),
        });
      }
    }
    const outcome = await handleCommand(this.infra.store, datasetDecider, datasetStreamId(datasetId), command, { actor: command.actor });
    if (!outcome.ok) throw refusal(outcome.error);
    const recorded = outcome.decided.find((event): event is Extract<DatasetEvent, { type: 'DatasetSentForIntegration' | 'DatasetCorrected' }> =>
      event.type === 'DatasetSentForIntegration' || event.type === 'DatasetCorrected',
    );
    let verdict: PrivacyVerdict | undefined;
    if (recorded && recorded.data.personalData.contains) {
      verdict = await this.recordVerdict(datasetId, insee, recorded.data.version, recorded.data, content);
    } else {
      await this.readModels.datasetsUpToDate(outcome.events.at(-1)?.position);
    }
    return { ...(await this.view(datasetId)), privacyCheck: privacyNotice(verdict) };
  }

  /** R-GDPR-2: the verdict is recorded as the privacy service's; without one, the version waits. */
  private async recordVerdict(datasetId: string, insee: string, version: number, declaration: DatasetDeclaration, content: string): Promise<PrivacyVerdict> {
    const processing = declaration.personalData.contains ? declaration.personalData.processingReference : undefined;
    const verdict = await checkPersonalData(
      this.infra.bus,
      { insee, datasetId, content, ...(processing ? { declaredProcessing: processing } : {}) },
      this.options.privacyTimeoutMs,
    );
    if (verdict.kind !== 'unavailable') {
      const command: DatasetCommand =
        verdict.kind === 'allowed'
          ? { type: 'ClearDatasetPrivacy', datasetId, version, actor: 'system:privacy', at: parisNow() }
          : { type: 'HoldDatasetForPrivacy', datasetId, version, reasons: verdict.reasons, actor: 'system:privacy', at: parisNow() };
      const outcome = await handleCommand(this.infra.store, datasetDecider, datasetStreamId(datasetId), command, { actor: 'system:privacy' });
      if (outcome.ok) await this.readModels.datasetsUpToDate(outcome.events.at(-1)?.position);
    }
    await this.readModels.datasetsUpToDate();
    return verdict;
  }

  private async view(datasetId: string) {
    const dataset = await loadDataset(this.infra.db, this.readModels.schema, datasetId);
    if (!dataset) {
      throw new QueryFailure(404, { error: 'dataset_not_found', message: `Aucun jeu de données « ${datasetId} » n’a été envoyé.`, details: [{ path: 'datasetId', message: 'jeu inconnu' }] });
    }
    return dataset;
  }
}
