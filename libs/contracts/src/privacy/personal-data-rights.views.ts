import type { Insee } from '../towns.js';
import type { PersonalDataHolding } from './personal-data-rights.requests.js';

/** One read of persons' data in clear (R-GDPR-5): who, when, through which route, why, whom. */
export interface PersonalDataReadView {
  readonly readId: string;
  /** Null for DIGIT's own data (its agents). */
  readonly insee: Insee | null;
  readonly readAt: string;
  readonly reader: string;
  readonly route: string;
  /** The processing reference the reader stated, and its name in the register. */
  readonly purpose: string;
  readonly purposeName: string;
  readonly subjectIds: readonly string[];
  /** Where the read sits in the hash-linked history. */
  readonly position: string;
}

export interface PersonalDataReadsView {
  readonly insee: Insee | null;
  readonly reads: readonly PersonalDataReadView[];
  readonly next: string | null;
}

/** The accepted purposes, when a read is refused or recorded. */
export interface PersonalDataReadRecordedView {
  readonly readId: string | null;
  readonly purpose: string;
  readonly purposeName: string;
}

/** A processing's retention rule (art. 5(1)(e)). */
export interface RetentionRuleView {
  readonly days: number;
  readonly appliesTo: readonly PersonalDataHolding[];
  readonly setAt: string;
  readonly setBy: string;
}

/** A person's data held by a service: what, where, since when, until when it was in use. */
export interface HeldPersonalDataView {
  readonly subjectId: string;
  readonly holding: PersonalDataHolding;
  readonly insee: Insee | null;
  /** Where, in French: « Contact SIG de la convention de Meudon ». */
  readonly where: string;
  readonly since: string;
  /** The end of the person's last tenure; null while it runs (never due for retention). */
  readonly until: string | null;
}

export interface HeldPersonalDataListView {
  readonly held: readonly HeldPersonalDataView[];
}

/** A person whose data a processing's retention erases on `dueOn`. */
export interface RetentionDueItemView {
  readonly insee: Insee;
  readonly reference: string;
  readonly subjectId: string;
  readonly holding: PersonalDataHolding;
  readonly where: string;
  readonly until: string;
  readonly dueOn: string;
}

export interface RetentionDueView {
  readonly insee: Insee;
  readonly asOf: string;
  readonly withinDays: number;
  readonly due: readonly RetentionDueItemView[];
}

/** One piece of a person's data (RGPD art. 15): what, where, why, since when, and the data itself. */
export interface SubjectAccessItemView {
  readonly subjectId: string;
  /** « Contact de la convention — champ person.email ». */
  readonly what: string;
  /** The service and the record: « Conventions — convention-92012 (événement n° 42) ». */
  readonly where: string;
  /** The purpose: the processing(s) of the register, or the mission it serves. */
  readonly why: string;
  /** When it was recorded, Paris time. */
  readonly since: string;
  /** The data in clear, or `erased` once the person was erased. */
  readonly value: string;
}

export interface SubjectAccessView {
  readonly accessId: string;
  readonly insee: Insee;
  readonly requestedAt: string;
  /** The persons found (opaque subject ids), and how: by e-mail, phone or name. */
  readonly subjects: readonly { readonly subjectId: string; readonly foundBy: readonly string[] }[];
  readonly items: readonly SubjectAccessItemView[];
}

export interface SubjectErasureView {
  readonly erasureRequestId: string;
  readonly insee: Insee;
  readonly erased: readonly {
    readonly subjectId: string;
    readonly erasureId: string;
    readonly keyDestroyed: boolean;
    readonly alreadyErased: boolean;
  }[];
}
