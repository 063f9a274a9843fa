import { addDays, addYears } from '@digit/calendar';
import type { IsoDate } from './calendar-date.js';
import type {
  ContactPerson,
  ContactRole,
  ConventionEvent,
  DeliberationRecordedData,
  OpenDataDomainRecordedData,
  Party,
  SigUsageRecordedData,
  Sizing,
  TerminationCause,
} from '@digit/contracts';

/**
 * Everything the events say, kept with its dates rather than collapsed to "now": decide checks a
 * command against the convention as it stands on the command's own dates, and the as-of view reads
 * any date from the same state (convention-calendar.ts).
 */
export interface TownRecord {
  readonly insee: string;
  readonly name: string;
  readonly draftedOn: IsoDate;
  readonly plannedEntryIntoForce: IsoDate;
  readonly tacitRenewals: number;
  readonly demo: boolean;
}

export interface SignatureRecord {
  readonly signedOn: IsoDate;
  readonly signatoryCapacity?: string;
  readonly authorisedByDeliberationOf?: IsoDate;
}

/** A version is one fixed term: entry (or express renewal) plus its tacit renewals (R-CON-2/3). */
export interface VersionRecord {
  readonly version: number;
  readonly start: IsoDate;
  readonly tacitRenewals: number;
  /** Last day in force if nothing ends it earlier. */
  readonly end: IsoDate;
  /** When an express renewal was decided (R-CON-3); absent for the first version. */
  readonly decidedOn?: IsoDate;
}

/** Terms applying from `from` (null: from the start of the convention) until the next record. */
export interface SizingRecord {
  readonly from: IsoDate | null;
  readonly sizing: Sizing;
  readonly amendmentNumber: number | null;
  readonly demo: boolean;
}

export interface ContactTenure {
  readonly role: ContactRole;
  readonly person: ContactPerson;
  readonly from: IsoDate;
  /** First day without the role; null while held. */
  readonly until: IsoDate | null;
}

export interface TerminationRecord {
  readonly cause: TerminationCause;
  readonly requestedBy: Party | null;
  /** Notice date (LRAR) or date of the mutual agreement. */
  readonly decidedOn: IsoDate;
  /** First day without the convention. */
  readonly effectiveDate: IsoDate;
  readonly letterReference?: string;
}

export interface ConventionState {
  readonly town: TownRecord | null;
  readonly deliberations: readonly DeliberationRecordedData[];
  readonly signatures: Readonly<Record<Party, SignatureRecord | null>>;
  readonly versions: readonly VersionRecord[];
  readonly sizings: readonly SizingRecord[];
  readonly contacts: readonly ContactTenure[];
  readonly termination: TerminationRecord | null;
  readonly dataReturnDoneOn: IsoDate | null;
  readonly openDataDomains: readonly OpenDataDomainRecordedData[];
  /** R-CON-7: the town's measured use of the web GIS, in the order recorded. */
  readonly sigUsage: readonly SigUsageRecordedData[];
  /** Calendar facts already in the log, so that the scheduler records each once. */
  readonly recordedRenewals: readonly string[];
  readonly recordedExpiries: readonly number[];
  readonly terminationRecorded: boolean;
}

export const initialConventionState: ConventionState = {
  town: null,
  deliberations: [],
  signatures: { town: null, ept: null },
  versions: [],
  sizings: [],
  contacts: [],
  termination: null,
  dataReturnDoneOn: null,
  openDataDomains: [],
  sigUsage: [],
  recordedRenewals: [],
  recordedExpiries: [],
  terminationRecorded: false,
};

/** R-CON-2: a term lasts one year; `renewals` tacit renewals follow. */
export const versionEnd = (start: IsoDate, tacitRenewals: number): IsoDate => addDays(addYears(start, tacitRenewals + 1), -1);

export const renewalKey = (version: number, renewal: number): string => `${version}:${renewal}`;

export const evolveConvention = (state: ConventionState, event: ConventionEvent): ConventionState => {
  switch (event.type) {
    case 'ConventionDrafted': {
      const { insee, name, draftedOn, plannedEntryIntoForce, tacitRenewals, sizing, demo } = event.data;
      return {
        ...state,
        town: { insee, name, draftedOn, plannedEntryIntoForce, tacitRenewals, demo: demo === true },
        sizings: [{ from: null, sizing, amendmentNumber: null, demo: demo === true }],
      };
    }
    case 'DeliberationRecorded':
      return { ...state, deliberations: [...state.deliberations, event.data] };
    case 'ConventionSigned': {
      const { party, signedOn, signatoryCapacity, authorisedByDeliberationOf } = event.data;
      const signature: SignatureRecord = {
        signedOn,
        ...(signatoryCapacity === undefined ? {} : { signatoryCapacity }),
        ...(authorisedByDeliberationOf === undefined ? {} : { authorisedByDeliberationOf }),
      };
      return { ...state, signatures: { ...state.signatures, [party]: signature } };
    }
    case 'ConventionEnteredIntoForce': {
      const tacitRenewals = state.town?.tacitRenewals ?? 0;
      const version = { version: 1, start: event.data.on, tacitRenewals, end: versionEnd(event.data.on, tacitRenewals) };
      return { ...state, versions: [version] };
    }
    case 'ConventionRenewedExpressly': {
      const { version, decidedOn, startsOn, tacitRenewals, sizing, demo } = event.data;
      const next = { version, start: startsOn, tacitRenewals, end: versionEnd(startsOn, tacitRenewals), decidedOn };
      const sizings = sizing ? [...state.sizings, { from: startsOn, sizing, amendmentNumber: null, demo: demo === true }] : state.sizings;
      return { ...state, versions: [...state.versions, next], sizings };
    }
    case 'ConventionAmended': {
      const { amendmentNumber, effectiveFrom, changes, demo } = event.data;
      const previous = state.sizings[state.sizings.length - 1];
      if (!previous) return state;
      const sizing = { ...previous.sizing, ...changes };
      const record = { from: effectiveFrom, sizing, amendmentNumber, demo: demo === true };
      return { ...state, sizings: [...state.sizings, record] };
    }
    case 'ContactAssigned': {
      const { role, person, from } = event.data;
      return { ...state, contacts: [...state.contacts, { role, person, from, until: null }] };
    }
    case 'ContactReleased': {
      const { role, personId, releasedOn } = event.data;
      const contacts = state.contacts.map((tenure) =>
        tenure.role === role && tenure.person.personId === personId && tenure.until === null ? { ...tenure, until: releasedOn } : tenure,
      );
      return { ...state, contacts };
    }
    case 'TerminationNoticeGiven': {
      const { requestedBy, noticeDate, effectiveDate, letterReference } = event.data;
      const termination: TerminationRecord = {
        cause: 'notice',
        requestedBy,
        decidedOn: noticeDate,
        effectiveDate,
        ...(letterReference === undefined ? {} : { letterReference }),
      };
      return { ...state, termination };
    }
    case 'ConventionTerminatedByMutualAgreement': {
      const { agreedOn, effectiveDate } = event.data;
      const termination: TerminationRecord = {
        cause: 'mutual_agreement',
        requestedBy: null,
        decidedOn: agreedOn,
        effectiveDate,
      };
      return { ...state, termination };
    }
    case 'ConventionTacitlyRenewed':
      return {
        ...state,
        recordedRenewals: [...state.recordedRenewals, renewalKey(event.data.version, event.data.renewal)],
      };
    case 'ConventionExpired':
      return { ...state, recordedExpiries: [...state.recordedExpiries, event.data.version] };
    case 'TerminationTookEffect':
      return { ...state, terminationRecorded: true };
    case 'DataReturnCompleted':
      return { ...state, dataReturnDoneOn: event.data.doneOn };
    case 'OpenDataDomainRecorded':
      return { ...state, openDataDomains: [...state.openDataDomains, event.data] };
    case 'SigUsageRecorded':
      return { ...state, sigUsage: [...state.sigUsage, event.data] };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};
