export { DomainError, isDomainError, foldEvents } from './decider.js';
export type { Decider, Decision, ErrorDetail } from './decider.js';
export type { ApiErrorBody } from './api-error.js';
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
export { TerminationRequestDto } from './http/termination-request.dto.js';
