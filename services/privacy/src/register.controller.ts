import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  commandSubject,
  DeclareProcessingDto,
  querySubject,
  RegisterImportDto,
  townName,
  UpdateProcessingDto,
  ValidateProcessingDto,
  WithdrawProcessingDto,
  type Insee,
  type ProcessingFicheDto,
} from '@digit/contracts';
import { decideOnStream, handleCommand, type Subscription } from '@digit/event-store';
import { QueryFailure } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import {
  importProblemsAsDetails,
  importRegisterCsv,
  registerDecider,
  registerStreamId,
  type LegalBasis,
  type PersonalDataCategory,
  type ProcessingFiche,
  type RegisterCommand,
  type RegisterEvent,
  type RegisterImportResult,
} from './domain/index.js';
import { actorOf, INFRA, parisNow, READ_MODELS, requireTown, validBody } from './privacy-edge.js';
import { loadProcessing, loadRegister } from './read-model/register.read-model.js';

interface RegisterMessage {
  readonly insee?: string;
  readonly reference?: string;
  readonly actor?: string;
}

const ROUTING = ['insee', 'reference', 'actor'];

/** Vocabulary (legal bases, categories) is the decider's to check, with a French message per item. */
const ficheOf = (dto: ProcessingFicheDto): ProcessingFiche => ({
  name: dto.name,
  purposes: dto.purposes ?? [],
  legalBases: (dto.legalBases ?? []) as LegalBasis[],
  dataSubjects: dto.dataSubjects ?? [],
  dataCategories: (dto.dataCategories ?? []) as PersonalDataCategory[],
  otherDataCategories: dto.otherDataCategories ?? [],
  sensitiveDataException: dto.sensitiveDataException ?? null,
  recipients: dto.recipients ?? [],
  transfersOutsideEu: (dto.transfersOutsideEu ?? []).map(({ country, safeguards }) => ({ country, safeguards })),
  retentionPeriods: dto.retentionPeriods ?? [],
  securityMeasures: dto.securityMeasures ?? [],
  jointController: dto.jointController ?? null,
  software: dto.software ?? null,
});

const count = (events: readonly RegisterEvent[], type: RegisterEvent['type']): number => events.filter((event) => event.type === type).length;

/** The NATS edge of each town's DPD register (R-GDPR-1): read, change, import. */
@Controller()
export class RegisterController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: Subscription,
  ) {}

  private get schema() {
    return this.infra.schema('privacy');
  }

  @MessagePattern(querySubject('privacy', 'register'))
  async register(payload: RegisterMessage) {
    const insee = requireTown(payload?.insee);
    return { insee, town: townName(insee), processings: await loadRegister(this.infra.db, this.schema, insee) };
  }

  @MessagePattern(querySubject('privacy', 'processing'))
  async processing(payload: RegisterMessage) {
    const insee = requireTown(payload?.insee);
    return this.existing(insee, String(payload.reference ?? ''));
  }

  @MessagePattern(commandSubject('privacy', 'declare-processing'))
  async declare(payload: RegisterMessage) {
    const insee = requireTown(payload?.insee);
    const body = await validBody(DeclareProcessingDto, payload, ['insee', 'actor'], 'La déclaration du traitement contient des erreurs ; voir le détail.');
    const declaredBy = actorOf(body.by, payload);
    await this.decide(insee, { type: 'DeclareProcessing', data: { insee, reference: body.reference, fiche: ficheOf(body.fiche), declaredAt: parisNow(), declaredBy } }, declaredBy);
    return this.existing(insee, body.reference);
  }

  @MessagePattern(commandSubject('privacy', 'update-processing'))
  async update(payload: RegisterMessage) {
    const insee = requireTown(payload?.insee);
    const reference = String(payload.reference ?? '');
    const body = await validBody(UpdateProcessingDto, payload, ROUTING, 'La fiche du traitement contient des erreurs ; voir le détail.');
    const updatedBy = actorOf(body.by, payload);
    await this.decide(insee, { type: 'UpdateProcessing', data: { insee, reference, fiche: ficheOf(body.fiche), updatedAt: parisNow(), updatedBy } }, updatedBy);
    return this.existing(insee, reference);
  }

  @MessagePattern(commandSubject('privacy', 'validate-processing'))
  async validate(payload: RegisterMessage) {
    const insee = requireTown(payload?.insee);
    const reference = String(payload.reference ?? '');
    const body = await validBody(ValidateProcessingDto, payload, ROUTING);
    const validatedBy = actorOf(body.by, payload);
    await this.decide(insee, { type: 'ValidateProcessing', data: { insee, reference, validatedAt: parisNow(), validatedBy } }, validatedBy);
    return this.existing(insee, reference);
  }

  @MessagePattern(commandSubject('privacy', 'withdraw-processing'))
  async withdraw(payload: RegisterMessage) {
    const insee = requireTown(payload?.insee);
    const reference = String(payload.reference ?? '');
    const body = await validBody(WithdrawProcessingDto, payload, ROUTING);
    const withdrawnBy = actorOf(body.by, payload);
    await this.decide(insee, { type: 'WithdrawProcessing', data: { insee, reference, withdrawnAt: parisNow(), withdrawnBy, reason: body.reason } }, withdrawnBy);
    return this.existing(insee, reference);
  }

  /** The DPD's own register file: every row or none (R-GDPR-1), errors by line and column. */
  @MessagePattern(commandSubject('privacy', 'import-register'))
  async import(payload: RegisterMessage) {
    const insee = requireTown(payload?.insee);
    const body = await validBody(RegisterImportDto, payload, ROUTING);
    const importedBy = actorOf(body.by, payload);
    let imported: Extract<RegisterImportResult, { ok: true }> | undefined;
    const [outcome] = await decideOnStream(this.infra.store, registerDecider, registerStreamId(insee), [
      {
        decide: (state) => {
          const result = importRegisterCsv(body.csv, state, { insee, importedAt: parisNow(), importedBy });
          if (!result.ok) {
            throw new QueryFailure(400, {
              error: 'invalid_register_csv',
              message: `Le registre contient ${result.errors.length} erreur(s) : rien n'a été importé. Corrigez les lignes indiquées puis importez de nouveau le fichier.`,
              details: importProblemsAsDetails(result.errors),
            });
          }
          imported = result;
          return result.events;
        },
      },
    ], { metadata: { actor: importedBy } });
    const result = imported!;
    await this.readModels.caughtUp(outcome?.ok ? outcome.events.at(-1)?.position : undefined);
    return {
      insee,
      rows: result.rows,
      declared: count(result.events, 'ProcessingDeclared'),
      updated: count(result.events, 'ProcessingUpdated'),
      validated: count(result.events, 'ProcessingValidated'),
      warnings: importProblemsAsDetails(result.warnings),
      ignoredHeaders: result.ignoredHeaders,
      processings: await loadRegister(this.infra.db, this.schema, insee),
    };
  }

  private async decide(insee: Insee, command: RegisterCommand, actor: string): Promise<void> {
    const outcome = await handleCommand(this.infra.store, registerDecider, registerStreamId(insee), command, { actor });
    if (!outcome.ok) throw QueryFailure.fromDomainError(outcome.error);
    await this.readModels.caughtUp(outcome.events.at(-1)?.position);
  }

  private async existing(insee: Insee, reference: string) {
    const processing = await loadProcessing(this.infra.db, this.schema, insee, reference);
    if (!processing) {
      throw new QueryFailure(404, {
        error: 'processing_not_found',
        message: `Aucun traitement de référence « ${reference} » dans le registre de ${townName(insee)}.`,
        details: [{ path: 'reference', message: 'référence inconnue du registre' }],
      });
    }
    return { insee, ...processing };
  }
}
