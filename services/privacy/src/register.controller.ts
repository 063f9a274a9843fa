import { Controller, Inject } from '@nestjs/common';
import { parisNow } from '@digit/calendar';
import {
  DEFAULT_PAGE_SIZE,
  DomainError,
  privacyMessages,
  townName,
  type DeclareProcessingRequest,
  type ImportRegisterRequest,
  type Insee,
  type ProcessingFicheDto,
  type ProcessingRequest,
  type RegisterRequest,
  type UpdateProcessingRequest,
  type ValidateProcessingRequest,
  type WithdrawProcessingRequest,
} from '@digit/contracts';
import { decideOnStream, handleCommand, type Subscription } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
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
import { INFRA, READ_MODELS } from './privacy-edge.js';
import { loadProcessing, loadRegisterPage } from './read-model/register.read-model.js';

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

const count = (events: readonly RegisterEvent[], type: RegisterEvent['type']): number =>
  events.filter((event) => event.type === type).length;

/**
 * The NATS edge of each town's DPD register (R-GDPR-1): read, change, import. Who acts is the
 * caller (R-SEC-1); who may is the message's policy (libs/contracts privacy.messages.ts, R-SEC-4).
 */
@Controller()
export class RegisterController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: Subscription,
  ) {}

  private get schema() {
    return this.infra.schema('privacy');
  }

  @Handles(privacyMessages.register)
  async register(request: RegisterRequest) {
    const page = await loadRegisterPage(this.infra.db, this.schema, request.insee, {
      limit: request.limit ?? DEFAULT_PAGE_SIZE,
      after: request.after,
    });
    return { insee: request.insee, town: townName(request.insee), processings: page.items, next: page.next };
  }

  @Handles(privacyMessages.processing)
  async processing(request: ProcessingRequest) {
    return this.existing(request.insee, request.reference);
  }

  @Handles(privacyMessages.declareProcessing)
  async declareProcessing(request: DeclareProcessingRequest, context: MessageContext) {
    const { insee, reference } = request;
    const declared: RegisterCommand = {
      type: 'DeclareProcessing',
      data: { insee, reference, fiche: ficheOf(request.fiche), declaredAt: parisNow(), declaredBy: context.caller.sub },
    };
    return (await this.decide(insee, declared, context)) ?? this.existing(insee, reference);
  }

  @Handles(privacyMessages.updateProcessing)
  async updateProcessing(request: UpdateProcessingRequest, context: MessageContext) {
    const { insee, reference } = request;
    const updated: RegisterCommand = {
      type: 'UpdateProcessing',
      data: { insee, reference, fiche: ficheOf(request.fiche), updatedAt: parisNow(), updatedBy: context.caller.sub },
    };
    return (await this.decide(insee, updated, context)) ?? this.existing(insee, reference);
  }

  /** R-SEC-4: only the town's own DPD gets here (the policy); the event names the DPD's subject. */
  @Handles(privacyMessages.validateProcessing)
  async validateProcessing(request: ValidateProcessingRequest, context: MessageContext) {
    const { insee, reference } = request;
    const validated: RegisterCommand = {
      type: 'ValidateProcessing',
      data: { insee, reference, validatedAt: parisNow(), validatedBy: context.caller.sub },
    };
    return (await this.decide(insee, validated, context)) ?? this.existing(insee, reference);
  }

  @Handles(privacyMessages.withdrawProcessing)
  async withdrawProcessing(request: WithdrawProcessingRequest, context: MessageContext) {
    const { insee, reference, reason } = request;
    const withdrawn: RegisterCommand = {
      type: 'WithdrawProcessing',
      data: { insee, reference, withdrawnAt: parisNow(), withdrawnBy: context.caller.sub, reason },
    };
    return (await this.decide(insee, withdrawn, context)) ?? this.existing(insee, reference);
  }

  /** The DPD's own register file: every row or none (R-GDPR-1), errors by line and column. */
  @Handles(privacyMessages.importRegister)
  async importRegister(request: ImportRegisterRequest, context: MessageContext) {
    const { insee } = request;
    let imported: Extract<RegisterImportResult, { ok: true }> | undefined;
    const [outcome] = await decideOnStream(
      this.infra.store,
      registerDecider,
      registerStreamId(insee),
      [
        {
          decide: (state) => {
            const result = importRegisterCsv(request.csv, state, { insee, importedAt: parisNow(), importedBy: context.caller.sub });
            if (!result.ok) {
              return new DomainError(
                'invalid',
                'invalid_register_csv',
                `Le registre contient ${result.errors.length} erreur(s) : rien n'a été importé. Corrigez les lignes indiquées puis importez de nouveau le fichier.`,
                importProblemsAsDetails(result.errors),
              );
            }
            imported = result;
            return result.events;
          },
        },
      ],
      { metadata: context.metadata },
    );
    if (!outcome!.ok) return outcome!.error;
    const result = imported!;
    await this.readModels.caughtUp(outcome!.events.at(-1)?.position);
    const page = await loadRegisterPage(this.infra.db, this.schema, insee, { limit: DEFAULT_PAGE_SIZE });
    return {
      insee,
      rows: result.rows,
      declared: count(result.events, 'ProcessingDeclared'),
      updated: count(result.events, 'ProcessingUpdated'),
      validated: count(result.events, 'ProcessingValidated'),
      warnings: importProblemsAsDetails(result.warnings),
      ignoredHeaders: result.ignoredHeaders,
      processings: page.items,
      next: page.next,
    };
  }

  /** Decides and appends; the refusal when the register refuses, nothing once the read model shows the change. */
  private async decide(insee: Insee, command: RegisterCommand, context: MessageContext): Promise<DomainError | undefined> {
    const outcome = await handleCommand(this.infra.store, registerDecider, registerStreamId(insee), command, context.metadata);
    if (!outcome.ok) return outcome.error;
    await this.readModels.caughtUp(outcome.events.at(-1)?.position);
    return undefined;
  }

  private async existing(insee: Insee, reference: string) {
    const processing = await loadProcessing(this.infra.db, this.schema, insee, reference);
    if (!processing) {
      return new DomainError(
        'not_found',
        'processing_not_found',
        `Aucun traitement de référence « ${reference} » dans le registre de ${townName(insee)}.`,
        [{ path: 'reference', message: 'référence inconnue du registre' }],
      );
    }
    return { insee, ...processing };
  }
}
