import type { Insee } from '../towns.js';

/** One person's data in a reply: the object that holds it, its subject id and its fields in clear. */
export interface PersonInReply {
  readonly subjectId: string;
  readonly holder: Record<string, unknown>;
  readonly fields: readonly string[];
}

/**
 * A message whose reply holds persons' data in clear (R-GDPR-5): whose register states why it is
 * read (the town, or none for DIGIT's own data) and where the persons are in the reply. The gateway
 * serves such a reply in clear only for a stated purpose, and records the read.
 */
export interface PersonalDataInReply {
  readonly insee: (request: never) => Insee | undefined;
  readonly persons: (reply: never) => readonly PersonInReply[];
}

/** What a reply shows in place of a person's data when no purpose was stated (art. 5(1)(c), minimisation). */
export const MASKED = '[masqué : indiquez une finalité (paramètre purpose)]';

/** The query parameter that states why personal data are read: a processing reference of the register. */
export const PURPOSE_PARAMETER = 'purpose';
