/**
 * The public shapes of the privacy service's answers [R-GDPR-1..3]: the towns' DPD registers,
 * the cross-check and its processing log, DIGIT agents' GDPR training, erasures. The service's
 * domain types are narrower (closed vocabularies) and assignable to these.
 */
import type { ErrorDetail } from '../decider.js';
import type { RetentionRuleView } from './personal-data-rights.views.js';

export type ProcessingStatus = 'draft' | 'validated' | 'withdrawn';

/** One processing activity of a town's register (RGPD art. 30.1, CNIL "fiche de registre"). */
export interface ProcessingFicheView {
  readonly name: string;
  readonly purposes: readonly string[];
  /** `consent`, `contract`, `legal-obligation`, `vital-interests`, `public-interest-mission`, `legitimate-interests`. */
  readonly legalBases: readonly string[];
  readonly dataSubjects: readonly string[];
  /** The privacy vocabulary: `identity`, `email`, `phone`, `postal-address`, `cadastral-owner`, `health`… */
  readonly dataCategories: readonly string[];
  readonly otherDataCategories: readonly string[];
  readonly sensitiveDataException: string | null;
  readonly recipients: readonly string[];
  readonly transfersOutsideEu: readonly { readonly country: string; readonly safeguards: string }[];
  readonly retentionPeriods: readonly string[];
  readonly securityMeasures: readonly string[];
  readonly jointController: string | null;
  readonly software: string | null;
}

/** A processing as its DPD last left it. */
export interface RegisteredProcessingView {
  readonly reference: string;
  readonly fiche: ProcessingFicheView;
  readonly status: ProcessingStatus;
  readonly declaredAt: string;
  readonly lastChangedAt: string;
  readonly validatedAt: string | null;
  /** The subject of the DPD's token that validated it (R-SEC-1). */
  readonly validatedBy: string | null;
  readonly withdrawnAt: string | null;
  /** How long the processing keeps a person's data after their tenure (art. 5(1)(e)); absent or null: not set. */
  readonly retention?: RetentionRuleView | null;
}

export interface ProcessingView extends RegisteredProcessingView {
  readonly insee: string;
}

/** A page of a town's register, by reference; `next` is the cursor of the following page. */
export interface RegisterView {
  readonly insee: string;
  readonly town: string;
  readonly processings: readonly RegisteredProcessingView[];
  readonly next: string | null;
}

/** A CSV import: what it did, then the first page of the register (`next` continues it). */
export interface RegisterImportView {
  readonly insee: string;
  readonly rows: number;
  readonly declared: number;
  readonly updated: number;
  readonly validated: number;
  readonly warnings: readonly ErrorDetail[];
  readonly ignoredHeaders: readonly string[];
  readonly processings: readonly RegisteredProcessingView[];
  readonly next: string | null;
}

export type CheckOutcome = 'allowed' | 'refused';

export interface CheckReasonView {
  /** `NO_PROCESSING_DECLARED`, `PROCESSING_NOT_VALIDATED`, `CATEGORIES_NOT_COVERED`… */
  readonly code: string;
  readonly message: string;
}

/** The answer to a cross-check (R-GDPR-2); a refused item is held, not processed. */
export interface PersonalDataCheckView {
  readonly checkId: string;
  readonly outcome: CheckOutcome;
  readonly reasons: readonly CheckReasonView[];
  readonly categoriesPresent: readonly string[];
  readonly detectedCategories: readonly string[];
  readonly processingStatus: ProcessingStatus | 'unknown' | null;
  readonly summary: string;
  readonly held: boolean;
  readonly logPosition: string;
}

/** One check in a town's processing log, with where it sits in the hash-linked history. */
export interface ProcessingLogEntryView {
  readonly checkId: string;
  readonly insee: string;
  readonly checkedAt: string;
  /** The subject of the caller that asked for the check (a person's token, or `service:<name>`). */
  readonly checkedBy: string;
  readonly item: { readonly kind: string; readonly id: string; readonly sha256: string };
  readonly declaredProcessing: string | null;
  readonly declaredCategories: readonly string[] | 'none' | 'unstated';
  readonly detectedCategories: readonly string[];
  readonly evidence: readonly {
    readonly category: string;
    readonly column: string;
    readonly by: 'column-name' | 'value-pattern';
    readonly count: number;
  }[];
  readonly recordsScanned: number;
  readonly processingStatus: ProcessingStatus | 'unknown' | null;
  readonly outcome: CheckOutcome;
  readonly reasons: readonly CheckReasonView[];
  readonly summary: string;
  readonly position: string;
  readonly hash: string;
}

/** A page of a town's log for a period of Paris calendar days, oldest check first. */
export interface ProcessingLogView {
  readonly insee: string;
  readonly town: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly entries: readonly ProcessingLogEntryView[];
  readonly next: string | null;
}

/** A document answer: the text, and the cursor of the next part (served as a `Link` header). */
export interface PagedDocument {
  readonly content: string;
  readonly next: string | null;
}

export type TrainingStanding = 'up-to-date' | 'due' | 'overdue';

export interface AgentTrainingStatusView {
  readonly agentId: string;
  readonly fullName: string;
  readonly lastTrainedOn: string | null;
  /** The last day the current training is valid (or by which a newcomer must be trained). */
  readonly dueOn: string;
  readonly standing: TrainingStanding;
}

export interface TrainedAgentView {
  readonly agentId: string;
  readonly fullName: string;
  readonly joinedOn: string;
  readonly leftOn: string | null;
  readonly trainings: readonly { readonly trainedOn: string; readonly course: string; readonly provider: string | null }[];
}

export interface AgentView extends TrainedAgentView {
  readonly status: AgentTrainingStatusView;
}

export interface AgentsView {
  readonly asOf: string;
  readonly agents: readonly AgentView[];
  readonly next: string | null;
}

export interface AgentsDueView {
  readonly asOf: string;
  readonly withinDays: number;
  readonly agents: readonly AgentTrainingStatusView[];
  readonly next: string | null;
}

export interface ErasureView {
  readonly erasureId: string;
  readonly subjectId: string;
  readonly keyDestroyed: boolean;
  readonly erasedAt: string;
  readonly alreadyErased: boolean;
}
