/** Public API of the support domain (DOMAIN R-SUP-1..6): pure, no Nest, no I/O, no clock. */
export { easterSunday, frenchPublicHolidays, isFrenchPublicHoliday } from './french-holidays.js';
export type { FrenchHoliday, FrenchHolidayKey, FrenchHolidayOptions } from './french-holidays.js';
export {
  DEFAULT_SERVICE_CALENDAR,
  addServiceMinutes,
  assertServiceCalendar,
  isServiceDay,
  serviceMinutesBetween,
} from './service-hours.js';
export type { ClockPause, ServiceCalendar, ServiceWindow } from './service-hours.js';
export { DEFAULT_SUPPORT_POLICY, SERVICE_DAY_MINUTES, supportPolicy } from './support-policy.js';
export type { SupportPolicy } from './support-policy.js';

export { requestDecider } from './request.decider.js';
export { requestStreamId } from './request.events.js';
export type {
  FirstResponseBreached,
  PrivacyCheckOutcome,
  RequestAssigned,
  RequestChannel,
  RequestClosed,
  RequestClosure,
  RequestEvent,
  RequestKind,
  RequestPersonalDataFlagged,
  RequestPrivacyCheckRecorded,
  RequestReceived,
  RequestReplied,
  RequestWaitingOnTownEnded,
  RequestWaitingOnTownStarted,
  ResolutionBreached,
} from './request.events.js';
export type {
  AssignRequest,
  CheckDeadlines,
  CloseRequest,
  EndWaitingOnTown,
  FlagPersonalData,
  ReceiveRequest,
  RecordPrivacyCheck,
  ReplyToRequest,
  RequestCommand,
  StartWaitingOnTown,
} from './request.commands.js';
export { initialRequestState } from './request.state.js';
export type { PersonalDataDeclaration } from './personal-data-declaration.js';
export type { PrivacyCheckState, ReceivedRequestState, RequestState, WaitingPeriod } from './request.state.js';
export { firstResponseDueAt, overdueClocks, requestDueAt, resolutionDueAt } from './request-deadlines.js';
export type { RequestClock } from './request-deadlines.js';

export { projectDecider } from './project.decider.js';
export type { ProjectCommand, ProjectState, ProjectWaitingPeriod } from './project.decider.js';
export { PROJECT_STEP_LABELS, PROJECT_STEPS, projectStreamId } from './project.events.js';
export type {
  ProjectAbandoned,
  ProjectDelivered,
  ProjectEvent,
  ProjectKind,
  ProjectOpened,
  ProjectStep,
  ProjectStepCompleted,
  ProjectWaitingOnTownEnded,
  ProjectWaitingOnTownStarted,
} from './project.events.js';
export { projectTimeSplit } from './project-time.js';
export type { ProjectTimeSplit } from './project-time.js';

export { maintenanceNoticeDecider, maintenanceStreamId, noticeRecipients } from './maintenance-notice.decider.js';
export type {
  ConventionStatus,
  MaintainedService,
  MaintenanceAnnounced,
  MaintenanceCancelled,
  MaintenanceCommand,
  MaintenanceEvent,
  MaintenanceInterruptionStarted,
  MaintenanceServiceRestored,
  MaintenanceState,
} from './maintenance-notice.decider.js';

export { sessionDecider, sessionStreamId } from './session.decider.js';
export type {
  SessionCancelled,
  SessionCommand,
  SessionEvent,
  SessionHeld,
  SessionKind,
  SessionRegistrationRecorded,
  SessionScheduled,
  SessionState,
} from './session.decider.js';

export { committeeDecider, committeeStreamId } from './committee.decider.js';
export type {
  CommitteeActionCompleted,
  CommitteeActionRecorded,
  CommitteeChargeApproved,
  CommitteeCommand,
  CommitteeDecisionOutcome,
  CommitteeDecisionRecorded,
  CommitteeEvent,
  CommitteeHeld,
  CommitteeKind,
  CommitteeScheduled,
  CommitteeState,
} from './committee.decider.js';

export { disputeDecider } from './dispute.decider.js';
export type { DisputeState, DisputeStatus } from './dispute.decider.js';
export { DISPUTE_COURT, disputeStreamId } from './dispute.events.js';
export type {
  DisputeActionCompleted,
  DisputeActionRecorded,
  DisputeAnalysed,
  DisputeCommand,
  DisputeDecided,
  DisputeEvent,
  DisputeOpened,
  DisputeParty,
  DisputeReferredToCourt,
  DisputeSettled,
  DisputeSolutionProposed,
} from './dispute.events.js';

export { toICalendar } from './icalendar.js';
export type { CalendarEntry } from './icalendar.js';
export { DUE_SOON_SERVICE_MINUTES, interruptionAlert, requestAlerts, requestAsOf } from './support-alerts.js';
export type { InterruptionFacts } from './support-alerts.js';
