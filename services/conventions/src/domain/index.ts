/** Public API of the conventions domain (pure: no Nest, no I/O, no clock). */
export { conventionDecider, decideConvention } from './convention.decider.js';
export { decideSequence } from './convention-sequence.js';
export { evolveConvention, initialConventionState, versionEnd } from './convention.state.js';
export type {
  ContactTenure,
  ConventionState,
  SignatureRecord,
  SizingRecord,
  TerminationRecord,
  TownRecord,
  VersionRecord,
} from './convention.state.js';
// The convention's events are defined once, in @digit/contracts (events/conventions.events.ts).
export type {
  AmendConvention,
  AssignContact,
  ConventionCommand,
  DraftConvention,
  GiveTerminationNotice,
  MarkDataReturned,
  RecordCalendarTransitions,
  RecordDeliberation,
  RecordEntryIntoForce,
  RecordOpenDataDomain,
  ReleaseContact,
  RenewExpressly,
  RecordSigUsage,
  SignConvention,
  TerminateByMutualAgreement,
} from './convention.commands.js';
export { CONVENTION_ERROR_CODES } from './convention.errors.js';
export type { ConventionErrorCode } from './convention.errors.js';
export { conventionStatusOn, dueCalendarTransitions, renewalsDoneOn } from './convention-calendar.js';
export type { ConventionStatus, Term } from './convention-calendar.js';
export { noticeOutcome, terminationEffectiveDate } from './convention-ending.decisions.js';
export type { NoticeOutcome } from './convention-ending.decisions.js';
export { sigUsageOn } from './sig-usage.js';
export { conventionAlerts, ENDED_ALERT_DAYS, LAST_DAY_NOTICE_MONTHS } from './convention-alerts.js';
export { conventionAsOf, conventionViewOn } from './convention-as-of.js';
export type { ContactHolderView, ConventionAsOfView } from './convention-as-of.js';
export { conventionTermsForYear, conventionTermsTimeline } from './convention-terms-timeline.js';
export type { TermsPeriod, TermsYear } from './convention-terms-timeline.js';
export { GIS_OPTIONS, gisOption } from './gis-options.js';
export type { GisOption, GisOptionNumber } from './gis-options.js';
export type { ShareRate } from './share-rate.js';
export type { IsoDate } from './calendar-date.js';
export { SCDL_DELIBERATIONS_COLUMNS, actesIdentifier, scdlDeliberationRows, toScdlDeliberationsCsv } from './deliberations.scdl.js';
export type { ScdlDeliberationColumn, ScdlDeliberationRow, ScdlExportOptions } from './deliberations.scdl.js';
export { contactsHeld } from './contacts-held.js';
