import type { Insee } from '../towns.js';

/**
 * The public shapes of the datasets towns send for integration (R-DX-4, R-DX-5, R-DX-8,
 * R-GDPR-2): what the town declares with each version, and the dataset as DIGIT holds it.
 */

/** Mandatory mentions of any diffusion of a town's data (R-DX-4, seed art. 4.2). */
export interface MandatoryMentions {
  readonly source: string;
  readonly copyright: string;
  readonly year: number;
}

/** The usage rights the town grants with what it sends (R-DX-4). */
export interface UsageRights {
  /** The licence, e.g. "Licence Ouverte 2.0" or "usage interne GPSO uniquement". */
  readonly licence: string;
  /** Further limits of use the town states, if any. */
  readonly conditions?: string;
}

/** Whether the data holds personal information, and under which processing of the town's DPD register (R-GDPR-2). */
export type PersonalDataDeclaration = { readonly contains: false } | { readonly contains: true; readonly processingReference: string };

/** What the town declares with each version it sends. */
export interface DatasetDeclaration {
  readonly title: string;
  readonly mentions: MandatoryMentions;
  readonly usageRights: UsageRights;
  /** SHA-256 of the content as received, lowercase hex, computed by the service when the file arrives. */
  readonly contentHash: string;
  readonly personalData: PersonalDataDeclaration;
}

/** Where an Open Data publication goes (R-CON-9): the town's own sub-domain, or the GPSO domain (small-town variant). */
export const PUBLICATION_TARGETS = ['town_subdomain', 'gpso_domain'] as const;
export type PublicationTarget = (typeof PUBLICATION_TARGETS)[number];

/** Review rounds (R-DX-5): sent → audited → corrected → audited → … → validated by the town. */
export type ReviewStatus = 'sent' | 'audited' | 'corrected' | 'validated';

/** The GDPR gate of the current version (R-GDPR-2). */
export type PrivacyStatus = 'not_applicable' | 'awaiting_privacy_check' | 'held_by_privacy' | 'cleared';

export interface DatasetVersionRecord {
  readonly version: number;
  readonly contentHash: string;
  readonly receivedAt: string;
}

/** A dataset a town sent, as it stands after its last step. */
export interface DatasetView {
  readonly exists: true;
  readonly datasetId: string;
  readonly insee: Insee;
  readonly version: number;
  readonly declaration: DatasetDeclaration;
  /** Every version received, oldest first: shows which hash DIGIT was given when. */
  readonly versions: readonly DatasetVersionRecord[];
  readonly review: ReviewStatus;
  readonly privacy: { readonly status: PrivacyStatus; readonly reasons: readonly string[] };
  readonly lastAudit?: { readonly version: number; readonly remarks: readonly string[]; readonly at: string };
  readonly validatedAt?: string;
  /** `by`: who acted (the signed-in person's subject). */
  readonly preparedForPublication?: { readonly version: number; readonly by: string; readonly at: string };
  readonly lastPublication?: { readonly version: number; readonly target: PublicationTarget; readonly by: string; readonly at: string };
  /** Instant of the latest step: a later command may not claim an earlier time. */
  readonly lastStepAt: string;
}

/** What the privacy service answered when the command asked it (R-GDPR-2); null when it was not asked. */
export type PrivacyCheckNotice = { readonly outcome: 'allowed' | 'refused' | 'unavailable'; readonly reasons: readonly string[] } | null;

/** The answer of a command that sends content: the dataset, and the register check it caused. */
export type DatasetWithPrivacyCheck = DatasetView & { readonly privacyCheck: PrivacyCheckNotice };
