import type { Alert } from '../alert.js';

/**
 * The public shapes of the conventions service's answers (CONTRACT.md `GET /api/v1/conventions/{insee}`
 * and `GET /api/v1/towns`), shared by the service that computes them and every caller.
 */

/** A calendar date `YYYY-MM-DD` (business time, Europe/Paris). */
export type CalendarDate = string;

export type ConventionStatus = 'draft' | 'approved' | 'signed' | 'in_force' | 'notice_given' | 'terminated' | 'expired';

export type Party = 'town' | 'ept';

/** R-CON-8: the five contact roles a town names (convention article 5.2). */
export const CONTACT_ROLES = ['referent', 'gis', 'open_data', 'dsi', 'smart_territory'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** R-CON-7: the GIS tool options of article 1.1. */
export const GIS_OPTION_NUMBERS = [1, 2, 3, 4] as const;
export type GisOptionNumber = (typeof GIS_OPTION_NUMBERS)[number];

export interface Votes {
  readonly for: number;
  readonly against: number;
  readonly abstentions: number;
}

/** The prefecture transmission (@ctes) of a deliberation, number as printed on the act. */
export interface Transmission {
  readonly number: string;
  readonly date: CalendarDate;
}

export type TerminationCause = 'notice' | 'mutual_agreement';

export type OpenDataVariant = 'town_subdomain' | 'gpso_domain';

/** R-CON-9: why a town may publish on the GPSO domain (under 3,500 inhabitants and 50 agents). */
export interface OpenDataEvidence {
  readonly inhabitantsUnder3500: boolean;
  readonly agentsUnder50: boolean;
  readonly inhabitants?: number;
  readonly agents?: number;
  readonly source: string;
}

export interface ContactHolderView {
  readonly personId: string;
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
  readonly since: CalendarDate;
}

/** The convention as it stood on `asOf`, past or future, from the events alone. */
export interface ConventionAsOfView {
  readonly insee: string;
  readonly name: string;
  readonly asOf: CalendarDate;
  readonly status: ConventionStatus;
  /** 1, then 2 after the first express renewal (R-CON-3). */
  readonly version: number;
  readonly plannedEntryIntoForce: CalendarDate;
  /** Entry into force of the version running on `asOf`; null before it. */
  readonly entryIntoForce: CalendarDate | null;
  readonly tacitRenewals: number;
  /** Tacit renewals of the version running on `asOf` that happened by then (R-CON-2). */
  readonly renewalsDone: number;
  /** The yearly term running on `asOf` (null when no term runs). */
  readonly currentTermStart: CalendarDate | null;
  readonly currentTermEnd: CalendarDate | null;
  /** Last day of the last tacit renewal (from the planned entry before entry into force). */
  readonly endsAtLatest: CalendarDate;
  /** The terms as they read on `asOf`; they bind only while status is in_force or notice_given. */
  readonly sigOption: GisOptionNumber;
  readonly sigOptionUsers: { readonly min: number; readonly max: number };
  readonly sigOptionEditLicences: number;
  /** Share of the SIG operational budget for the option, "0.004" for option 1. */
  readonly sigRate: string;
  readonly resourcesShare: string;
  readonly structureShare: string;
  /** Last amendment applied on `asOf`, null when the initial terms apply. */
  readonly amendmentNumber: number | null;
  readonly contacts: Readonly<Record<ContactRole, readonly ContactHolderView[]>>;
  readonly deliberation: {
    readonly councilDate: CalendarDate;
    readonly votes: Votes;
    readonly transmission: Transmission;
  } | null;
  readonly signatures: Readonly<Record<Party, CalendarDate | null>>;
  readonly termination: {
    readonly cause: TerminationCause;
    readonly requestedBy: Party | null;
    readonly decidedOn: CalendarDate;
    readonly effectiveDate: CalendarDate;
    /** R-CON-4: false for a notice whose effective date falls after the convention's last day. */
    readonly takesEffect: boolean;
    readonly conventionLastDay: CalendarDate;
    /** A notice's outcome in French; null for a mutual agreement. */
    readonly note: string | null;
  } | null;
  /** R-CON-5: after a termination by the EPT; `pending` until its effective date. */
  readonly dataReturn: {
    readonly status: 'pending' | 'open' | 'done';
    readonly dueFrom: CalendarDate;
    readonly doneOn: CalendarDate | null;
  } | null;
  readonly openDataDomain: {
    readonly variant: OpenDataVariant;
    readonly domain: string;
    readonly since: CalendarDate;
    readonly evidence: OpenDataEvidence | null;
    readonly demo: boolean;
  } | null;
  /** R-CON-7: the town's latest measured use of the web GIS against its option; null before any. */
  readonly sigUsage: SigUsageView | null;
  /** R-SEC-6: what the parties must act on, on `asOf`. */
  readonly alerts: readonly Alert[];
  /** True when the town's convention figures or the terms shown are demo data, not seed facts. */
  readonly demo: boolean;
}

/**
 * R-CON-7, article 1.1: the town's latest measured use of the web GIS against the option in force
 * (users and edit licences); beyond it, a warning whose remedy is an amendment (article 6.1).
 */
export interface SigUsageView {
  readonly measuredOn: CalendarDate;
  readonly users: number;
  readonly editLicences: number;
  readonly option: GisOptionNumber;
  readonly optionMaxUsers: number;
  readonly optionEditLicences: number;
  readonly exceedsOption: boolean;
  /** The smallest option that covers the use, null when none does or the option in force does. */
  readonly suggestedOption: GisOptionNumber | null;
  /** French, for the town's référent and DIGIT; null when the option covers the use. */
  readonly warning: string | null;
}

/** One row of `GET /api/v1/towns`: null status when no convention existed that day. */
export interface TownStatusView {
  readonly insee: string;
  readonly name: string;
  readonly status: ConventionStatus | null;
  readonly demo: boolean;
}

/** What a convention command recorded: its events in order (`position` in the history, a decimal string). */
export interface RecordedEventsView {
  readonly recorded: readonly { readonly eventId: string; readonly type: string; readonly position: string }[];
}

/** CONTRACT.md `POST /api/v1/conventions/{insee}/terminations`: when the notice takes effect, and whether it does (R-CON-4). */
export interface TerminationNoticeView {
  readonly effectiveDate: CalendarDate | null;
  /** False when the convention reaches its term first (then `note` says so, in French). */
  readonly takesEffect?: boolean;
  readonly conventionLastDay?: CalendarDate;
  readonly note?: string;
  /** The ids of the events recorded. */
  readonly events: readonly string[];
}
