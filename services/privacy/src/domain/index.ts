export {
  PERSONAL_DATA_CATEGORIES,
  SENSITIVE_CATEGORIES,
  DETECTABLE_CATEGORIES,
  CATEGORY_LABELS,
  isPersonalDataCategory,
  isSensitiveCategory,
  sortCategories,
  describeCategories,
} from './personal-data-category.js';
export type { PersonalDataCategory, DetectableCategory } from './personal-data-category.js';
export {
  LEGAL_BASES,
  LEGAL_BASIS_LABELS,
  isLegalBasis,
  normalizeFiche,
  sameFiche,
  sensitiveCategoriesOf,
  ficheProblems,
  ficheGaps,
} from './processing-fiche.js';
export type { LegalBasis, OutsideEuTransfer, ProcessingFiche } from './processing-fiche.js';
export { registerStreamId } from './register.events.js';
export type {
  ProcessingDeclared,
  ProcessingUpdated,
  ProcessingValidated,
  ProcessingWithdrawn,
  RegisterEvent,
  DeclareProcessing,
  UpdateProcessing,
  ValidateProcessing,
  WithdrawProcessing,
  RegisterCommand,
  RetentionPeriodSet,
  SetRetention,
} from './register.events.js';
export { registerDecider, initialRegisterState, findProcessing } from './register.decider.js';
export type { ProcessingStatus, RegisteredProcessing, RegisterState, RetentionRule } from './register.decider.js';
export { importRegisterCsv, importProblemsAsDetails } from './register-csv-import.js';
export type { RegisterImportContext, RegisterImportProblem, RegisterImportResult } from './register-csv-import.js';
export { detectPersonalData } from './personal-data-detection.js';
export type {
  ContentRecord,
  ContentSample,
  EvidenceKind,
  DetectionEvidence,
  DetectedCategory,
  PersonalDataDetection,
} from './personal-data-detection.js';
export { contentSampleFromCsv, contentSampleFromJson, DEFAULT_SAMPLE_SIZE } from './content-sample.js';
export { crossCheck } from './cross-check.js';
export type {
  CrossCheckInput,
  CrossCheckOutcome,
  CrossCheckReason,
  CrossCheckReasonCode,
  CrossCheckResult,
  DeclaredCategories,
} from './cross-check.js';
export { processingLogStreamId, contentSha256, checkPersonalData, logEntriesInPeriod } from './processing-log.js';
export type {
  CheckedItem,
  CheckedItemKind,
  CategoryEvidence,
  PersonalDataChecked,
  PersonalDataCheckedData,
  PersonalDataCheckRequest,
  LogPeriod,
} from './processing-log.js';
export { processingLogCsv } from './processing-log-csv.js';
export { TRAINING_STREAM_ID } from './training.events.js';
export type {
  AgentRegistered,
  GdprTrainingRecorded,
  AgentLeftDigit,
  TrainingEvent,
  RegisterAgent,
  RecordGdprTraining,
  RecordAgentDeparture,
  TrainingCommand,
} from './training.events.js';
export { trainingDecider, initialTrainingState } from './training.decider.js';
export type { GdprTraining, TrainedAgent, TrainingState } from './training.decider.js';
export { DEFAULT_TRAINING_RENEWAL_POLICY, trainingDueOn, trainingStatusOf, agentsDueForTraining } from './training-renewal.js';
export type { CalendarPeriod, TrainingRenewalPolicy, TrainingStanding, AgentTrainingStatus } from './training-renewal.js';
export { ERASURE_STREAM_PREFIX, erasureDecider, erasureStreamId } from './erasure.decider.js';
export type { ErasePersonalData, ErasureState, PersonalDataErased } from './erasure.decider.js';
export {
  draftProcessingAlerts,
  refusedCheckAlerts,
  REFUSED_CHECK_DAYS,
  TRAINING_DUE_WITHIN_DAYS,
  trainingAlerts,
} from './privacy-alerts.js';
export { READ_STREAM_PREFIX, readStreamId, recordPersonalDataRead } from './personal-data-reads.js';
export type { AcceptedPurpose, PersonalDataRead, PersonalDataReadData } from './personal-data-reads.js';
export { RETENTION_DUE_WITHIN_DAYS, RETENTION_STREAM_PREFIX, retentionAlerts, retentionDue, retentionStreamId } from './retention.js';
export type { RetentionApplied } from './retention.js';
export { SUBJECT_ACCESS_PURPOSE, SUBJECT_RIGHTS_STREAM_PREFIX, subjectAccessCsv, subjectRightsStreamId } from './subject-rights.js';
export type { SubjectAccessExported, SubjectErasureCompleted } from './subject-rights.js';
