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
export type { AnyMessage, HttpBinding, Message, ParamType, ReplyOf, RequestOf } from './edge/message.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_BYTES, MAX_PAGE_SIZE, pageOf, PageRequestDto } from './edge/paging.js';
export type { Page } from './edge/paging.js';
export type { Alert } from './alert.js';
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
export { ActualCostsDto, BudgetCostsDto } from './http/billing/billing-costs.dto.js';
export { StatementIssueDto } from './http/billing/statement-issue.dto.js';
export { NewForecastDecisionDto, NewRateDecisionDto, ReconciliationRequestDto, RegularisationDecisionDto } from './http/billing/reconciliation.dto.js';
export { InvestmentDto } from './http/billing/investment.dto.js';
export { IsInstant, isInstant } from './http/support/instant.js';
export {
  PersonalDataFlagDto,
  SupportReasonDto,
  SupportTicketRequestDto,
  TicketAssignmentDto,
  TicketClosureDto,
  TicketReplyDto,
} from './http/support/support-ticket.dto.js';
export { ProjectOpeningDto, ProjectStepCompletionDto, SUPPORT_PROJECT_STEPS } from './http/support/support-project.dto.js';
export { MaintenanceNoticeDto } from './http/support/maintenance-notice.dto.js';
export { SessionHeldDto, SessionRegistrationDto, SessionSchedulingDto } from './http/support/support-session.dto.js';
export {
  CommitteeActionCompletionDto,
  CommitteeActionDto,
  CommitteeDecisionDto,
  CommitteeMeetingDto,
  CommitteeSchedulingDto,
} from './http/support/committee.dto.js';
export {
  DisputeAnalysisDto,
  DisputeCourtReferralDto,
  DisputeDecisionDto,
  DisputeOpeningDto,
  DisputeProposalDto,
  DisputeSettlementDto,
} from './http/support/dispute.dto.js';
export { CONTACT_ROLES, GIS_OPTION_NUMBERS } from './conventions/convention-view.js';
export type {
  CalendarDate,
  ContactHolderView,
  ContactRole,
  ConventionAlertsView,
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
  AlertsRequest,
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
export { dataExchangeMessages } from './data-exchange/data-exchange.messages.js';
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
  LicenceAlertsRequest,
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
export type {
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
export type { AgreementCategory, AgreementDate, AgreementEnd, EndingLicence, LicencesView, LimitsOfUse, ThirdPartyAgreement } from './data-exchange/licences-view.js';
