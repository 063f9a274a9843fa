// DTO decorators (class-transformer's @Type) read design-time metadata: load its polyfill before them.
import 'reflect-metadata';
export { DOMAIN_ERROR_KINDS, DomainError, isDomainError, foldEvents } from './decider.js';
export type { Decider, Decision, DomainErrorKind, ErrorDetail } from './decider.js';
export { refusal, refusalOf } from './api-error.js';
export type { ApiErrorBody, Refusal } from './api-error.js';
export { isPersonRole, isTownRole, PERSON_ROLES, ROLE_LABELS, SERVICE_ROLE, TOWN_ROLES } from './access/roles.js';
export type { PersonRole, Role, TerritoryRole, TownRole } from './access/roles.js';
export { CALLER_HEADER, decodeCaller, encodeCaller, serviceCaller } from './access/caller.js';
export type { Caller } from './access/caller.js';
export { authorize, grantedRoles, isPublic, mayActOnTown, visibleTowns } from './access/policy.js';
export type { Authorization, Policy, PublicPolicy, RolePolicy, TownScope } from './access/policy.js';
export { boundsProblems, REQUEST_BOUNDS, textProblem } from './edge/bounds.js';
export { defineCommand, defineQuery } from './edge/message.js';
export type { AnyMessage, HttpBinding, Message, ParamType, ReplyOf, RequestOf, TextBody, UploadBody } from './edge/message.js';
export { UploadRefDto } from './edge/upload.js';
export type { UploadRef } from './edge/upload.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_BYTES, MAX_PAGE_SIZE, pageOf, PageRequestDto } from './edge/paging.js';
export { dtoSchemas, inlineSchema, jsonSchemaConstraint } from './edge/json-schema.js';
export type { JsonSchema, JsonSchemaConstraint } from './edge/json-schema.js';
export type { Page } from './edge/paging.js';
export { AlertsRequest, alertsFor, compareAlerts, CRITICAL_WITHIN_DAYS } from './alert.js';
export type { Alert, AlertSeverity, AlertsView } from './alert.js';
export {
  ALERTS_OVERVIEW_POLICY,
  DeadLettersRequest,
  OPS_ONLY_POLICY,
  OPS_READERS_POLICY,
  ReplayDeadLetterRequest,
} from './ops/ops.requests.js';
export type {
  AlertSourceView,
  AlertsOverviewView,
  ConsumerStatusView,
  DeadLetterReplayRecord,
  DeadLetterReplayView,
  DeadLettersPageView,
  DeadLetterView,
  FollowerStatusView,
  ServiceHealthView,
  StreamStatusView,
  SystemStatusView,
} from './ops/ops-views.js';
export { toPublishedEvent } from './event-envelope.js';
export type { DomainEvent, EventMetadata, PublishedEvent, StoredEvent } from './event-envelope.js';
export { TOWNS, INSEE_CODES, isInsee, townName } from './towns.js';
export type { Insee } from './towns.js';
export {
  DOMAIN_EVENTS_STREAM,
  TOWN_VOIRIE_ORDERS_STREAM,
  TOWN_VOIRIE_OUTCOMES_STREAM,
  domainEventSubject,
  domainEventsOf,
  voirieOrdersSubject,
  voirieOutcomesSubject,
  querySubject,
  commandSubject,
} from './subjects.js';
export { validateDto } from './validation.js';
export type { ValidationResult } from './validation.js';
export { IsCalendarDate, isCalendarDate } from './http/calendar-date.js';
export { IsInstant, isInstant } from './http/instant.js';
export { CONTACT_ROLES, GIS_OPTION_NUMBERS } from './conventions/convention-view.js';
export type {
  CalendarDate,
  ContactHolderView,
  ContactRole,
  ConventionAsOfView,
  ConventionStatus,
  GisOptionNumber,
  SigUsageView,
  OpenDataEvidence,
  OpenDataVariant,
  Party,
  RecordedEventsView,
  TerminationCause,
  TerminationNoticeView,
  TownStatusView,
  Transmission,
  Votes,
} from './conventions/convention-view.js';
export { ACTES_NUMBER, actesDecisionDay, HOSTNAME, IsShareRate, shareRateProblem } from './conventions/convention-fields.js';
export { IsTown } from './http/town.js';
export { conventionsMessages } from './conventions/conventions.messages.js';
export {
  AmendConventionRequest,
  AssignContactRequest,
  AttendanceDto,
  ContactPersonDto,
  ConventionRequest,
  DeliberationsScdlRequest,
  DraftConventionRequest,
  GiveTerminationNoticeRequest,
  MarkDataReturnedRequest,
  MAX_COUNTED_USERS,
  OpenDataEvidenceDto,
  RecordDeliberationRequest,
  RecordEntryIntoForceRequest,
  RecordOpenDataDomainRequest,
  RecordSigUsageRequest,
  ReleaseContactRequest,
  RenewExpresslyRequest,
  SignConventionRequest,
  SizingChangesDto,
  SizingDto,
  TerminateByMutualAgreementRequest,
  TownsRequest,
  TransmissionDto,
  VotesDto,
} from './conventions/conventions.requests.js';
export { privacyMessages } from './privacy/privacy.messages.js';
export {
  DIGIT_OWN_PROCESSINGS,
  DigitPersonalDataReadsRequest,
  HeldPersonalDataRequest,
  PERSONAL_DATA_HOLDINGS,
  PersonalDataReadsRequest,
  RecordPersonalDataReadRequest,
  RetentionDueRequest,
  SetRetentionRequest,
  SubjectAccessRequest,
  SubjectErasureRequest,
} from './privacy/personal-data-rights.requests.js';
export type { PersonalDataHolding } from './privacy/personal-data-rights.requests.js';
export type {
  HeldPersonalDataListView,
  HeldPersonalDataView,
  PersonalDataReadRecordedView,
  PersonalDataReadsView,
  PersonalDataReadView,
  RetentionDueItemView,
  RetentionDueView,
  RetentionRuleView,
  SubjectAccessItemView,
  SubjectAccessView,
  SubjectErasureView,
} from './privacy/personal-data-rights.views.js';
export { MASKED, PURPOSE_PARAMETER } from './edge/personal-data-in-reply.js';
export type { PersonalDataInReply, PersonInReply } from './edge/personal-data-in-reply.js';
export {
  AGENT_ID,
  AgentsDueRequest,
  CHECKED_ITEM_KINDS,
  CheckedItemDto,
  CheckPersonalDataRequest,
  DeclareProcessingRequest,
  ErasePersonalDataRequest,
  ImportRegisterRequest,
  OutsideEuTransferDto,
  PROCESSING_REFERENCE,
  ProcessingFicheDto,
  ProcessingLogRequest,
  ProcessingRequest,
  RecordAgentDepartureRequest,
  RecordGdprTrainingRequest,
  RegisterAgentRequest,
  RegisterRequest,
  SUBJECT_ID,
  TrainingAgentsRequest,
  UpdateProcessingRequest,
  ValidateProcessingRequest,
  WithdrawProcessingRequest,
} from './privacy/privacy.requests.js';
export type {
  AgentsDueView,
  AgentsView,
  AgentTrainingStatusView,
  AgentView,
  CheckOutcome,
  CheckReasonView,
  ErasureView,
  PagedDocument,
  PersonalDataCheckView,
  ProcessingFicheView,
  ProcessingLogEntryView,
  ProcessingLogView,
  ProcessingStatus,
  ProcessingView,
  RegisteredProcessingView,
  RegisterImportView,
  RegisterView,
  TrainedAgentView,
  TrainingStanding,
} from './privacy/privacy-views.js';
export { BASELINE_MAX_BYTES, dataExchangeMessages } from './data-exchange/data-exchange.messages.js';
export {
  MAX_NUMBERS_PER_ORDER,
  MAX_SUFFIX_LENGTH,
  notAnObjectMessage,
  numbersCheck,
  RoadDto,
  RoadNumberDto,
  VoirieMentionsDto,
  VoirieOrderDto,
} from './data-exchange/voirie-order.dto.js';
export { calendarDateProblem, decodeFieldProblem, degreesProblem, integerProblem } from './data-exchange/voirie-order.validators.js';
export type { FieldProblem } from './data-exchange/voirie-order.validators.js';
export { parseRoadId, ROAD_ID_PATTERN, roadCodeOf, roadIdProblem } from './data-exchange/road-id.js';
export type { ParsedRoadId } from './data-exchange/road-id.js';
export { describeBox, isInsideBox, TOWN_BOUNDING_BOXES } from './data-exchange/town-bounding-boxes.js';
export type { BoundingBox } from './data-exchange/town-bounding-boxes.js';
export { isVoirieErrorCode, VOIRIE_ERROR_CODES } from './data-exchange/voirie-errors.js';
export type { VoirieError, VoirieErrorCode } from './data-exchange/voirie-errors.js';
export { voirieOrderJsonSchema } from './data-exchange/voirie-order.schema.js';
export { voirieOutcomeJsonSchema } from './data-exchange/voirie-outcome.js';
export type { VoirieOutcome } from './data-exchange/voirie-outcome.js';
export { voirieAsyncApiDocument, VOIRIE_ORDER_EXAMPLES, VOIRIE_OUTCOME_EXAMPLES } from './data-exchange/voirie-asyncapi.js';
export {
  AuditDatasetRequest,
  CatalogueExportRequest,
  CheckDatasetPrivacyRequest,
  CorrectDatasetRequest,
  DatasetContentDto,
  DatasetMentionsDto,
  DatasetPersonalDataDto,
  DatasetRequest,
  DatasetStepRequest,
  DatasetUsageRightsDto,
  DatasetVersionDto,
  ImportBaselineRequest,
  LicencesRequest,
  ListDatasetsRequest,
  ListMetadataRecordsRequest,
  PublishDatasetRequest,
  SendDatasetRequest,
  VoirieExportRequest,
  VoirieOrderRequest,
  VoirieRoadsRequest,
} from './data-exchange/data-exchange.requests.js';
export {
  BoundingBoxDto,
  ConditionsOfUseDto,
  DistributionDto,
  MetadataScopeDto,
  RecordDatesDto,
  RemoveMetadataRecordRequest,
  ResponsiblePartyDto,
  SaveMetadataRecordRequest,
  SpatialCoverageDto,
  TemporalExtentDto,
} from './data-exchange/metadata-record.requests.js';
export { ROAD_TYPES, TRAFFIC_DIRECTIONS, VOIRIE_ORDER_KINDS } from './data-exchange/voirie-view.js';
export { BAL_COLUMNS, cleInterop } from './data-exchange/bal-format.js';
export type {
  BaselineImportView,
  DocumentReply,
  OrderLink,
  RoadAsOf,
  RoadDirectionAsOf,
  RoadNameAsOf,
  RoadNumber,
  RoadNumberAsOf,
  RoadsAsOfView,
  RoadType,
  TrafficDirection,
  VoirieMentions,
  VoirieOrderKind,
  VoirieOrderView,
} from './data-exchange/voirie-view.js';
export { PUBLICATION_TARGETS } from './data-exchange/dataset-view.js';
export type {
  DatasetDeclaration,
  DatasetVersionRecord,
  DatasetView,
  DatasetWithPrivacyCheck,
  MandatoryMentions,
  PersonalDataDeclaration,
  PrivacyCheckNotice,
  PrivacyStatus,
  PublicationTarget,
  ReviewStatus,
  UsageRights,
} from './data-exchange/dataset-view.js';
export { CATALOGUE_LICENCES, RESPONSIBLE_ROLES, SPATIAL_GRANULARITIES, UPDATE_FREQUENCIES } from './data-exchange/metadata-record-view.js';
export type {
  CatalogueLicence,
  MetadataRecord,
  MetadataRecordRemoval,
  MetadataScope,
  ResponsibleRole,
  SpatialGranularity,
  UpdateFrequency,
} from './data-exchange/metadata-record-view.js';
export type {
  AgreementCategory,
  AgreementDate,
  AgreementEnd,
  EndingLicence,
  LicencesView,
  LimitsOfUse,
  ThirdPartyAgreement,
} from './data-exchange/licences-view.js';
export { billingMessages } from './billing/billing.messages.js';
export {
  BudgetRequest,
  DecideNewForecastRequest,
  DecideNewRateRequest,
  DecideRegularisationRequest,
  FIRST_BUDGET_YEAR,
  InvestmentsRequest,
  IssueStatementRequest,
  LAST_BUDGET_YEAR,
  MAX_AMOUNT_CENTS,
  RateReviewsRequest,
  ReconcileYearRequest,
  ReconciliationRequest,
  RecordActualCostsRequest,
  RegisterInvestmentRequest,
  RejectionsRequest,
  SetBudgetRequest,
  StatementRequest,
  TownChargesRequest,
  TownShareRequest,
} from './billing/billing.requests.js';
export { statementNumberOf } from './billing/billing-views.js';
export type {
  BudgetFigures,
  BudgetView,
  CarriedStatementLine,
  Cents,
  ChargeItem,
  ChargeKind,
  ComparisonScope,
  CostComparison,
  FirstHalfMakeUpLine,
  Half,
  HalfAmount,
  HalfPart,
  Investment,
  InvestmentsView,
  NewForecastAction,
  NewRateAction,
  PersonnelComponent,
  Pool,
  PoolCosts,
  PoolShareStatementLine,
  RateReviewsView,
  ReconciliationView,
  RegisteredInvestment,
  RegularisationOutcome,
  RegularisationRecord,
  RegularisationStatus,
  RejectionView,
  ShareAmendment,
  ShareChange,
  ShareLine,
  StatementDocument,
  StatementLine,
  StatementView,
  TownAdjustment,
  TownChargesView,
  TownShareView,
  TrackedCharge,
} from './billing/billing-views.js';
export { CONVENTION_EVENT_TYPES, conventionStreamId } from './events/conventions.events.js';
export type {
  Attendance,
  ContactAssigned,
  ContactAssignedData,
  ContactPerson,
  ContactReleased,
  ContactReleasedData,
  ConventionAmended,
  ConventionAmendedData,
  ConventionDrafted,
  ConventionDraftedData,
  ConventionEnteredIntoForce,
  ConventionEnteredIntoForceData,
  ConventionEvent,
  ConventionEventType,
  ConventionExpired,
  ConventionExpiredData,
  ConventionRenewedExpressly,
  ConventionRenewedExpresslyData,
  ConventionSigned,
  ConventionSignedData,
  ConventionTacitlyRenewed,
  ConventionTacitlyRenewedData,
  ConventionTerminatedByMutualAgreement,
  ConventionTerminatedByMutualAgreementData,
  DataReturnCompleted,
  DataReturnCompletedData,
  DeliberationPurpose,
  DeliberationRecorded,
  DeliberationRecordedData,
  OpenDataDomainRecorded,
  OpenDataDomainRecordedData,
  Provenance,
  ShareRate,
  SigUsageRecorded,
  SigUsageRecordedData,
  Sizing,
  TerminationNoticeGiven,
  TerminationNoticeGivenData,
  TerminationTookEffect,
  TerminationTookEffectData,
} from './events/conventions.events.js';
export { conventionTermsTimeline, SIG_OPTION_SHARES } from './events/convention-terms-timeline.js';
export type { ConventionTermination, ConventionTermsTimeline, TermsPeriod } from './events/convention-terms-timeline.js';
export type { CommitteeChargeApproved } from './events/support.events.js';
export { supportMessages } from './support/support.messages.js';
export { decodeListCursor, encodeListCursor } from './support/list-cursor.js';
export {
  AssignTicketRequest,
  CloseTicketRequest,
  FlagPersonalDataRequest,
  ReceiveTicketRequest,
  ReplyToTicketRequest,
  SupportActionIdRequest,
  SupportIdRequest,
  SupportListRequest,
  SupportReasonRequest,
  TicketsRequest,
} from './support/support.requests.js';
export {
  AnnounceMaintenanceRequest,
  CompleteProjectStepRequest,
  OpenProjectRequest,
  RecordSessionHeldRequest,
  RegisterForSessionRequest,
  ScheduleSessionRequest,
  SupportCalendarRequest,
} from './support/support-planning.requests.js';
export {
  CompleteActionRequest,
  OpenDisputeRequest,
  ProposeDisputeSolutionRequest,
  RecordActionRequest,
  RecordCommitteeDecisionRequest,
  RecordCommitteeHeldRequest,
  RecordDisputeAnalysisRequest,
  RecordDisputeDecisionRequest,
  ReferDisputeToCourtRequest,
  ScheduleCommitteeRequest,
  SettleDisputeRequest,
} from './support/support-governance.requests.js';
export {
  COMMITTEE_KINDS,
  COMMITTEE_OUTCOMES,
  DISPUTE_PARTIES,
  MAINTAINED_SERVICES,
  PROJECT_KINDS,
  SESSION_KINDS,
  SUPPORT_PROJECT_STEPS,
  TICKET_CHANNELS,
  TICKET_CLOSURES,
  TICKET_KINDS,
} from './support/support-views.js';
export type {
  CommitteeActionView,
  CommitteeView,
  DisputePartyView,
  DisputeView,
  MaintenanceNoticeView,
  ProjectView,
  ReceivedTicketView,
  SessionView,
  SupportProjectStep,
  TicketClosure,
  TicketPrivacyStatus,
  TicketView,
  TownRef,
} from './support/support-views.js';
