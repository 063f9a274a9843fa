import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { parisNow } from '@digit/calendar';
import {
  dataExchangeMessages,
  DomainError,
  isDomainError,
  type AuditDatasetRequest,
  type CheckDatasetPrivacyRequest,
  type CorrectDatasetRequest,
  type DatasetDeclaration,
  type DatasetRequest,
  type DatasetStepRequest,
  type DatasetVersionDto,
  type DatasetWithPrivacyCheck,
  type EventMetadata,
  type Insee,
  type ListDatasetsRequest,
  type PublishDatasetRequest,
  type SendDatasetRequest,
} from '@digit/contracts';
import { handleCommand } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import {
  datasetDecider,
  datasetStreamId,
  PRIVACY_SERVICE,
  type ActiveDataset,
  type DatasetActor,
  type DatasetCommand,
  type DatasetEvent,
} from '../domain/datasets/index.js';
import { INFRA, READ_MODELS, SERVICE_OPTIONS, type DataExchangeOptions, type ReadModels } from '../data-exchange.tokens.js';
import { loadDataset, loadDatasetsPage } from '../read-model/datasets.read-model.js';
import { datasetActorOf } from './caller-actor.js';
import { contentSha256, unreadableContent } from './dataset-content.js';
import { checkPersonalData, type PrivacyVerdict } from './privacy-check.js';

type DeclaringCommand = Extract<DatasetCommand, { type: 'SendDatasetForIntegration' | 'CorrectDataset' }>;

/** The declaration of a version as sent, its hash computed here from the content received (R-DX-4). */
const declarationOf = (version: DatasetVersionDto): DatasetDeclaration => ({
  title: version.title,
  mentions: { source: version.mentions.source, copyright: version.mentions.copyright, year: version.mentions.year },
  usageRights:
    version.usageRights.conditions === undefined
      ? { licence: version.usageRights.licence }
      : { licence: version.usageRights.licence, conditions: version.usageRights.conditions },
  contentHash: contentSha256(version.content),
  // The domain checks that a reference comes with personal data and only then (R-GDPR-2).
  personalData: version.personalData as DatasetDeclaration['personalData'],
});

const privacyNotice = (verdict: PrivacyVerdict | undefined) => (verdict ? { outcome: verdict.kind, reasons: verdict.reasons } : null);

const notFound = (datasetId: string) =>
  new DomainError('not_found', 'dataset_not_found', `Aucun jeu de données « ${datasetId} » n’a été envoyé.`, [
    { path: 'datasetId', message: 'jeu inconnu' },
  ]);

/**
 * Datasets towns send for integration (R-DX-4, R-DX-5, R-DX-8) and the GDPR gate (R-GDPR-2):
 * content declared with personal data is checked by the privacy service against the town's DPD
 * register and stays `awaiting_privacy_check` until a verdict is recorded; content declared
 * without is checked before anything is stored, and refused if the check finds personal data.
 * Who acts comes from the caller (R-SEC-1); a dataset's town is known once it is loaded, so each
 * handler checks it (R-DX-3).
 */
@Controller()
export class DatasetsController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(SERVICE_OPTIONS) private readonly options: DataExchangeOptions,
  ) {}

  @Handles(dataExchangeMessages.datasets)
  async datasets(request: ListDatasetsRequest) {
    await this.readModels.datasetsUpToDate();
    return loadDatasetsPage(this.infra.db, this.readModels.schema, request);
  }

  @Handles(dataExchangeMessages.dataset)
  async dataset(request: DatasetRequest, context: MessageContext) {
    await this.readModels.datasetsUpToDate();
    return this.datasetFor(request.datasetId, context);
  }

  @Handles(dataExchangeMessages.sendDataset)
  async sendDataset(request: SendDatasetRequest, context: MessageContext) {
    const actor = datasetActorOf(context.caller);
    if (isDomainError(actor)) return actor;
    const unreadable = unreadableContent(request.format, request.content);
    if (unreadable) return unreadable;
    const datasetId = request.datasetId ?? `${request.insee}-${randomUUID()}`;
    const command: DeclaringCommand = {
      type: 'SendDatasetForIntegration',
      datasetId,
      insee: request.insee,
      ...declarationOf(request),
      actor,
      at: parisNow(),
    };
    // Refused declarations (R-DX-4) are answered before the privacy service is asked anything.
    const decided = datasetDecider.decide(command, datasetDecider.initialState);
    if (isDomainError(decided)) return decided;
    return this.record(command, request.insee, request.content, context.metadata);
  }

  @Handles(dataExchangeMessages.correctDataset)
  async correctDataset(request: CorrectDatasetRequest, context: MessageContext) {
    const actor = datasetActorOf(context.caller);
    if (isDomainError(actor)) return actor;
    const unreadable = unreadableContent(request.format, request.content);
    if (unreadable) return unreadable;
    await this.readModels.datasetsUpToDate();
    const dataset = await this.datasetFor(request.datasetId, context);
    if (isDomainError(dataset)) return dataset;
    const command: DeclaringCommand = {
      type: 'CorrectDataset',
      datasetId: request.datasetId,
      ...declarationOf(request),
      actor,
      at: parisNow(),
    };
    return this.record(command, dataset.insee, request.content, context.metadata);
  }

  /** DIGIT audits with remarks, none if all is right (R-DX-5). */
  @Handles(dataExchangeMessages.auditDataset)
  auditDataset(request: AuditDatasetRequest, context: MessageContext) {
    return this.step(request, context, (actor, at) => ({
      type: 'AuditDataset',
      datasetId: request.datasetId,
      contentHash: request.contentHash,
      remarks: request.remarks,
      actor,
      at,
    }));
  }

  /** Only the town validates its data (R-DX-5). */
  @Handles(dataExchangeMessages.validateDataset)
  validateDataset(request: DatasetStepRequest, context: MessageContext) {
    return this.step(request, context, (actor, at) => ({
      type: 'ValidateDataset',
      datasetId: request.datasetId,
      contentHash: request.contentHash,
      actor,
      at,
    }));
  }

  /** DIGIT prepares, never publishes (R-DX-8). */
  @Handles(dataExchangeMessages.prepareDatasetPublication)
  prepareDatasetPublication(request: DatasetStepRequest, context: MessageContext) {
    return this.step(request, context, (actor, at) => ({
      type: 'PrepareDatasetForPublication',
      datasetId: request.datasetId,
      contentHash: request.contentHash,
      actor,
      at,
    }));
  }

  /** Only the town's own action publishes (R-DX-8, R-OD-1). */
  @Handles(dataExchangeMessages.publishDataset)
  publishDataset(request: PublishDatasetRequest, context: MessageContext) {
    return this.step(request, context, (actor, at) => ({
      type: 'PublishDataset',
      datasetId: request.datasetId,
      contentHash: request.contentHash,
      target: request.target,
      actor,
      at,
    }));
  }

  /** Asks the privacy service again for a version still waiting for (or held by) its verdict (R-GDPR-2). */
  @Handles(dataExchangeMessages.checkDatasetPrivacy)
  async checkDatasetPrivacy(request: CheckDatasetPrivacyRequest, context: MessageContext) {
    const unreadable = unreadableContent(request.format, request.content);
    if (unreadable) return unreadable;
    await this.readModels.datasetsUpToDate();
    const dataset = await this.datasetFor(request.datasetId, context);
    if (isDomainError(dataset)) return dataset;
    if (dataset.declaration.contentHash !== contentSha256(request.content)) {
      return new DomainError('conflict', 'dataset_hash_mismatch', `Ce contenu n’est pas celui de la version ${dataset.version} en cours.`, [
        { path: 'contentHash', message: 'empreinte d’une autre version' },
      ]);
    }
    if (dataset.privacy.status === 'not_applicable' || dataset.privacy.status === 'cleared') {
      return new DomainError(
        'conflict',
        'dataset_privacy_settled',
        `La version ${dataset.version} n’attend aucune vérification au registre du DPD.`,
      );
    }
    const verdict = await this.recordVerdict(dataset, dataset.version, dataset.declaration, request.content, context.metadata);
    return { ...(await this.current(dataset.datasetId)), privacyCheck: privacyNotice(verdict) };
  }

  /** The dataset, if it exists and the caller may see its town's data (R-DX-3). */
  private async datasetFor(datasetId: string, context: MessageContext): Promise<ActiveDataset | DomainError> {
    const dataset = await loadDataset(this.infra.db, this.readModels.schema, datasetId);
    if (!dataset) return notFound(datasetId);
    return context.refuseOtherTown(dataset.insee) ?? dataset;
  }

  /** The dataset as the read model shows it after a write this handler waited for. */
  private async current(datasetId: string): Promise<ActiveDataset> {
    const dataset = await loadDataset(this.infra.db, this.readModels.schema, datasetId);
    if (!dataset) throw new Error(`dataset ${datasetId} recorded but missing from the read model`);
    return dataset;
  }

  private async step(request: DatasetStepRequest, context: MessageContext, commandOf: (actor: DatasetActor, at: string) => DatasetCommand) {
    const actor = datasetActorOf(context.caller);
    if (isDomainError(actor)) return actor;
    await this.readModels.datasetsUpToDate();
    const dataset = await this.datasetFor(request.datasetId, context);
    if (isDomainError(dataset)) return dataset;
    const outcome = await handleCommand(
      this.infra.store,
      datasetDecider,
      datasetStreamId(request.datasetId),
      commandOf(actor, parisNow()),
      context.metadata,
    );
    if (!outcome.ok) return outcome.error;
    await this.readModels.datasetsUpToDate(outcome.events.at(-1)?.position);
    return this.current(request.datasetId);
  }

  private async record(
    command: DeclaringCommand,
    insee: Insee,
    content: string,
    metadata: EventMetadata,
  ): Promise<DatasetWithPrivacyCheck | DomainError> {
    const { datasetId } = command;
    if (!command.personalData.contains) {
      const verdict = await checkPersonalData(
        this.infra.bus,
        { insee, datasetId, content, declaredCategories: 'none' },
        this.options.privacyTimeoutMs,
      );
      if (verdict.kind === 'refused') {
        return new DomainError(
          'invalid',
          'personal_data_detected',
          'Le contenu est déclaré sans données personnelles mais en contient selon la vérification au registre du DPD : corrigez la déclaration (personalData) et indiquez le traitement qui les couvre. Rien n’a été enregistré.',
          verdict.reasons.map((message) => ({ path: 'personalData.contains', message })),
        );
      }
    }
    const outcome = await handleCommand(this.infra.store, datasetDecider, datasetStreamId(datasetId), command, metadata);
    if (!outcome.ok) return outcome.error;
    const recorded = outcome.decided.find(
      (event): event is Extract<DatasetEvent, { type: 'DatasetSentForIntegration' | 'DatasetCorrected' }> =>
        event.type === 'DatasetSentForIntegration' || event.type === 'DatasetCorrected',
    );
    let verdict: PrivacyVerdict | undefined;
    if (recorded && recorded.data.personalData.contains) {
      verdict = await this.recordVerdict({ datasetId, insee }, recorded.data.version, recorded.data, content, metadata);
    } else {
      await this.readModels.datasetsUpToDate(outcome.events.at(-1)?.position);
    }
    return { ...(await this.current(datasetId)), privacyCheck: privacyNotice(verdict) };
  }

  /** R-GDPR-2: the verdict is recorded as the privacy service's; without one, the version waits. */
  private async recordVerdict(
    dataset: { readonly datasetId: string; readonly insee: Insee },
    version: number,
    declaration: DatasetDeclaration,
    content: string,
    metadata: EventMetadata,
  ): Promise<PrivacyVerdict> {
    const { datasetId, insee } = dataset;
    const processing = declaration.personalData.contains ? declaration.personalData.processingReference : undefined;
    const verdict = await checkPersonalData(
      this.infra.bus,
      { insee, datasetId, content, ...(processing ? { declaredProcessing: processing } : {}) },
      this.options.privacyTimeoutMs,
    );
    if (verdict.kind !== 'unavailable') {
      const at = parisNow();
      const command: DatasetCommand =
        verdict.kind === 'allowed'
          ? { type: 'ClearDatasetPrivacy', datasetId, version, actor: PRIVACY_SERVICE, at }
          : { type: 'HoldDatasetForPrivacy', datasetId, version, reasons: verdict.reasons, actor: PRIVACY_SERVICE, at };
      const outcome = await handleCommand(this.infra.store, datasetDecider, datasetStreamId(datasetId), command, metadata);
      if (outcome.ok) await this.readModels.datasetsUpToDate(outcome.events.at(-1)?.position);
    }
    await this.readModels.datasetsUpToDate();
    return verdict;
  }
}
