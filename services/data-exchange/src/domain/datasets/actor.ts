import type { Insee } from '@digit/contracts';

/**
 * Who issues a dataset or catalogue command, as the service's edge derives it from the signed-in
 * caller (R-SEC-1): the town (one of its people, for its own INSEE code), DIGIT (an ops agent), or
 * the privacy service reporting a register check (R-GDPR-2). `by` is who acted, recorded in the
 * events (the caller's subject).
 */
export type DatasetActor =
  | { readonly kind: 'town'; readonly insee: Insee; readonly by: string }
  | { readonly kind: 'digit'; readonly by: string }
  | { readonly kind: 'privacy-service'; readonly by: string };

/** The privacy service's verdicts are its own, whoever asked for the check (R-GDPR-2). */
export const PRIVACY_SERVICE: DatasetActor = { kind: 'privacy-service', by: 'system:privacy' };
