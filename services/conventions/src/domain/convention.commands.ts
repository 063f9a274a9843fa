import type { Insee } from '@digit/contracts';
import type { IsoDate } from './calendar-date.js';
import type {
  Attendance,
  ContactPerson,
  ContactRole,
  DeliberationPurpose,
  OpenDataEvidence,
  OpenDataVariant,
  Party,
  Provenance,
  Sizing,
  Transmission,
  Votes,
} from '@digit/contracts';

/**
 * Commands of the convention aggregate. Each carries the dates it is about: the decider never
 * reads a clock. `provenance` is copied into the event (seed and demo data say so); it is never
 * taken from a request. Fields arrive with their shapes checked (the request DTOs).
 */
interface Command<Type extends string> {
  readonly type: Type;
  readonly provenance?: Provenance;
}

export interface DraftConvention extends Command<'DraftConvention'> {
  readonly insee: Insee;
  readonly draftedOn: IsoDate;
  readonly plannedEntryIntoForce: IsoDate;
  readonly tacitRenewals: number;
  readonly sizing: Sizing;
}

export interface RecordDeliberation extends Command<'RecordDeliberation'> {
  readonly assembly: Party;
  readonly purpose: DeliberationPurpose;
  readonly councilDate: IsoDate;
  readonly registerNumber?: string;
  readonly subject: string;
  readonly votes: Votes;
  readonly attendance?: Attendance;
  readonly transmission: Transmission;
}

export interface SignConvention extends Command<'SignConvention'> {
  readonly party: Party;
  readonly signedOn: IsoDate;
  readonly signatoryCapacity?: string;
  readonly authorisedByDeliberationOf?: IsoDate;
}

export interface RecordEntryIntoForce extends Command<'RecordEntryIntoForce'> {
  readonly on: IsoDate;
}

export interface AmendConvention extends Command<'AmendConvention'> {
  readonly signedOn: IsoDate;
  readonly effectiveFrom: IsoDate;
  readonly changes: Partial<Sizing>;
}

export interface AssignContact extends Command<'AssignContact'> {
  readonly role: ContactRole;
  readonly person: ContactPerson;
  readonly from: IsoDate;
}

export interface ReleaseContact extends Command<'ReleaseContact'> {
  readonly role: ContactRole;
  readonly personId: string;
  readonly releasedOn: IsoDate;
}

export interface GiveTerminationNotice extends Command<'GiveTerminationNotice'> {
  readonly requestedBy: Party;
  readonly noticeDate: IsoDate;
  readonly letterReference?: string;
}

export interface TerminateByMutualAgreement extends Command<'TerminateByMutualAgreement'> {
  readonly agreedOn: IsoDate;
  readonly effectiveDate: IsoDate;
}

export interface RenewExpressly extends Command<'RenewExpressly'> {
  readonly decidedOn: IsoDate;
  readonly startsOn: IsoDate;
  readonly tacitRenewals: number;
  readonly sizing?: Sizing;
}

export interface MarkDataReturned extends Command<'MarkDataReturned'> {
  readonly doneOn: IsoDate;
  readonly note?: string;
}

export interface RecordOpenDataDomain extends Command<'RecordOpenDataDomain'> {
  readonly variant: OpenDataVariant;
  readonly domain: string;
  readonly from: IsoDate;
  readonly evidence?: OpenDataEvidence;
}

/** R-CON-7: the town's users and edit licences of the web GIS, counted on `measuredOn`. */
export interface RecordSigUsage extends Command<'RecordSigUsage'> {
  readonly measuredOn: IsoDate;
  readonly users: number;
  readonly editLicences: number;
}

/**
 * System command, run by a scheduler: records the renewals, expiries and terminations whose date
 * is on or before `today` and are not in the log yet. Nothing to record is not an error.
 */
export interface RecordCalendarTransitions extends Command<'RecordCalendarTransitions'> {
  readonly today: IsoDate;
}

export type ConventionCommand =
  | DraftConvention
  | RecordDeliberation
  | SignConvention
  | RecordEntryIntoForce
  | AmendConvention
  | AssignContact
  | ReleaseContact
  | GiveTerminationNotice
  | TerminateByMutualAgreement
  | RenewExpressly
  | MarkDataReturned
  | RecordOpenDataDomain
  | RecordSigUsage
  | RecordCalendarTransitions;
