import { defineCommand } from '../edge/message.js';
import { commandSubject } from '../subjects.js';
import { CheckPersonalDataRequest } from './privacy.requests.js';

/** Why the privacy service refuses (or notes about) a check, in French for the town and its DPD. */
export interface PersonalDataCheckReason {
  readonly code: string;
  readonly message: string;
}

/** The verdict of a check, recorded in the town's GDPR processing log before it is answered (R-GDPR-2). */
export interface PersonalDataCheckReply {
  readonly checkId: string;
  readonly outcome: 'allowed' | 'refused';
  readonly reasons: readonly PersonalDataCheckReason[];
  readonly categoriesPresent: readonly string[];
  readonly detectedCategories: readonly string[];
  readonly processingStatus: string | null;
  readonly summary: string;
  /** A refused item is held, not processed, until the town or its DPD fixes what the reasons say. */
  readonly held: boolean;
  readonly logPosition: string;
}

/**
 * The privacy service's messages [R-GDPR]. Only the cross-check other services send is here yet
 * (data-exchange before it integrates a dataset); the privacy service's own migration completes it.
 */
export const privacyMessages = {
  checkPersonalData: defineCommand<PersonalDataCheckReply>()({
    subject: commandSubject('privacy', 'check-personal-data'),
    request: CheckPersonalDataRequest,
    summary: 'Vérifie qu’un contenu à traiter relève d’un traitement inscrit au registre du DPD de la ville (R-GDPR-2)',
    policy: { roles: ['ops', 'service'] },
  }),
} as const;
