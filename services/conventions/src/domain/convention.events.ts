import type { ContactRole, OpenDataEvidence, OpenDataVariant, Party, TerminationCause, Transmission, Votes } from '@digit/contracts';
import type { IsoDate } from './calendar-date.js';
import type { GisOptionNumber } from './gis-options.js';
import type { ShareRate } from './share-rate.js';

export { CONTACT_ROLES } from '@digit/contracts';
export type { ContactRole, OpenDataEvidence, OpenDataVariant, Party, TerminationCause, Transmission, Votes };

/**
 * Events of the convention aggregate (one stream per town: `convention-<insee>`).
 * Every date is the day the fact takes effect in the world (`YYYY-MM-DD`), which is what lets the
 * read side answer "what was in force on D" from the events alone, whatever day they were recorded.
 */

/** Where a seeded or recorded fact comes from. `demo: true` marks data that is not in the seed. */
export interface Provenance {
  readonly demo?: true;
  readonly source?: string;
}

/** R-CON-7 sizing plus the two pool shares of R-BIL-1. */
export interface Sizing {
  readonly sigOption: GisOptionNumber;
  readonly resourcesShare: ShareRate;
  readonly structureShare: ShareRate;
}

export interface Attendance {
  readonly present: number;
  /** Members who gave a proxy (pouvoir). */
  readonly represented: number;
  /** Members in office, when known (SCDL VOTE_EFFECTIF). */
  readonly membersInOffice?: number;
}

export type DeliberationPurpose = 'approval' | 'express_renewal';

export interface ContactPerson {
  /** A stable id chosen by the caller; the same person may hold several roles. */
  readonly personId: string;
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
}

export interface ConventionDraftedData extends Provenance {
  readonly insee: string;
  readonly name: string;
  readonly draftedOn: IsoDate;
  readonly plannedEntryIntoForce: IsoDate;
  /** R-CON-2: how many times the one-year term renews tacitly. */
  readonly tacitRenewals: number;
  readonly sizing: Sizing;
}

export interface DeliberationRecordedData extends Provenance {
  readonly assembly: Party;
  readonly purpose: DeliberationPurpose;
  readonly councilDate: IsoDate;
  /** The number in the assembly's register ("N° 26"), when known. */
  readonly registerNumber?: string;
  readonly subject: string;
  readonly votes: Votes;
  readonly attendance?: Attendance;
  readonly transmission: Transmission;
}

export interface ConventionSignedData extends Provenance {
  readonly party: Party;
  readonly signedOn: IsoDate;
  /** The office of the signatory ("le Maire"), not a person's name. */
  readonly signatoryCapacity?: string;
  /** Date of the deliberation that authorised the signatory, when it is not recorded here. */
  readonly authorisedByDeliberationOf?: IsoDate;
}

export interface ConventionEnteredIntoForceData extends Provenance {
  readonly on: IsoDate;
}

export interface ConventionTacitlyRenewedData {
  readonly version: number;
  /** 1 for the first renewal. */
  readonly renewal: number;
  readonly termStart: IsoDate;
  readonly termEnd: IsoDate;
}

export interface ConventionAmendedData extends Provenance {
  /** Avenant number, 1 for the first. */
  readonly amendmentNumber: number;
  readonly signedOn: IsoDate;
  readonly effectiveFrom: IsoDate;
  /** Only the terms that change. */
  readonly changes: Partial<Sizing>;
}

export interface ContactAssignedData extends Provenance {
  readonly role: ContactRole;
  readonly person: ContactPerson;
  readonly from: IsoDate;
}

export interface ContactReleasedData extends Provenance {
  readonly role: ContactRole;
  readonly personId: string;
  /** First day the person no longer holds the role. */
  readonly releasedOn: IsoDate;
}

export interface TerminationNoticeGivenData extends Provenance {
  readonly requestedBy: Party;
  /** Date of the registered letter with acknowledgement (LRAR). */
  readonly noticeDate: IsoDate;
  /** R-CON-4: noticeDate + 3 months; the first day without the convention. */
  readonly effectiveDate: IsoDate;
  readonly letterReference?: string;
}

export interface ConventionTerminatedByMutualAgreementData extends Provenance {
  readonly agreedOn: IsoDate;
  /** The first day without the convention. */
  readonly effectiveDate: IsoDate;
}

export interface TerminationTookEffectData {
  readonly on: IsoDate;
  readonly cause: TerminationCause;
  readonly requestedBy?: Party;
}

export interface ConventionExpiredData {
  readonly version: number;
  readonly lastDay: IsoDate;
  /** The first day without the convention. */
  readonly on: IsoDate;
}

export interface ConventionRenewedExpresslyData extends Provenance {
  /** 2 for the first express renewal. */
  readonly version: number;
  readonly decidedOn: IsoDate;
  readonly startsOn: IsoDate;
  readonly tacitRenewals: number;
  readonly townDeliberationDate: IsoDate;
  readonly eptDeliberationDate: IsoDate;
  /** Terms of the new version when they differ from those in force. */
  readonly sizing?: Sizing;
}

/**
 * R-CON-7, article 1.1: the town's actual use of the web GIS on a date, to compare with its option
 * (users, of whom edit licences).
 */
export interface SigUsageRecordedData extends Provenance {
  readonly measuredOn: IsoDate;
  readonly users: number;
  readonly editLicences: number;
}

export interface DataReturnCompletedData extends Provenance {
  readonly doneOn: IsoDate;
  readonly note?: string;
}

export interface OpenDataDomainRecordedData extends Provenance {
  readonly variant: OpenDataVariant;
  readonly domain: string;
  readonly from: IsoDate;
  readonly evidence?: OpenDataEvidence;
}

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Data };

export type ConventionDrafted = Event<'ConventionDrafted', ConventionDraftedData>;
export type DeliberationRecorded = Event<'DeliberationRecorded', DeliberationRecordedData>;
export type ConventionSigned = Event<'ConventionSigned', ConventionSignedData>;
export type ConventionEnteredIntoForce = Event<'ConventionEnteredIntoForce', ConventionEnteredIntoForceData>;
export type ConventionTacitlyRenewed = Event<'ConventionTacitlyRenewed', ConventionTacitlyRenewedData>;
export type ConventionAmended = Event<'ConventionAmended', ConventionAmendedData>;
export type ContactAssigned = Event<'ContactAssigned', ContactAssignedData>;
export type ContactReleased = Event<'ContactReleased', ContactReleasedData>;
export type TerminationNoticeGiven = Event<'TerminationNoticeGiven', TerminationNoticeGivenData>;
export type ConventionTerminatedByMutualAgreement = Event<
  'ConventionTerminatedByMutualAgreement',
  ConventionTerminatedByMutualAgreementData
>;
export type TerminationTookEffect = Event<'TerminationTookEffect', TerminationTookEffectData>;
export type ConventionExpired = Event<'ConventionExpired', ConventionExpiredData>;
export type ConventionRenewedExpressly = Event<'ConventionRenewedExpressly', ConventionRenewedExpresslyData>;
export type DataReturnCompleted = Event<'DataReturnCompleted', DataReturnCompletedData>;
export type OpenDataDomainRecorded = Event<'OpenDataDomainRecorded', OpenDataDomainRecordedData>;
export type SigUsageRecorded = Event<'SigUsageRecorded', SigUsageRecordedData>;

export type ConventionEvent =
  | ConventionDrafted
  | DeliberationRecorded
  | ConventionSigned
  | ConventionEnteredIntoForce
  | ConventionTacitlyRenewed
  | ConventionAmended
  | ContactAssigned
  | ContactReleased
  | TerminationNoticeGiven
  | ConventionTerminatedByMutualAgreement
  | TerminationTookEffect
  | ConventionExpired
  | ConventionRenewedExpressly
  | DataReturnCompleted
  | OpenDataDomainRecorded
  | SigUsageRecorded;

export type ConventionEventType = ConventionEvent['type'];

export const CONVENTION_EVENT_TYPES: readonly ConventionEventType[] = [
  'ConventionDrafted',
  'DeliberationRecorded',
  'ConventionSigned',
  'ConventionEnteredIntoForce',
  'ConventionTacitlyRenewed',
  'ConventionAmended',
  'ContactAssigned',
  'ContactReleased',
  'TerminationNoticeGiven',
  'ConventionTerminatedByMutualAgreement',
  'TerminationTookEffect',
  'ConventionExpired',
  'ConventionRenewedExpressly',
  'DataReturnCompleted',
  'OpenDataDomainRecorded',
  'SigUsageRecorded',
];

export const conventionStreamId = (insee: string): string => `convention-${insee}`;
