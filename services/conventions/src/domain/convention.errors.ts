import { DomainError, type DomainErrorKind } from '@digit/contracts';

/**
 * Every refusal of the convention decider, with its kind (messages are French, for people). The
 * shape of each field is checked before, by the request DTOs (libs/contracts conventions.requests.ts);
 * these are the rules that need the convention's state, and the cross-field rules of the domain.
 */
const CONVENTION_ERROR_KINDS = {
  unknown_command: 'not_found',
  // A year that is not one, for the terms timeline billing asks for (R-BIL-6).
  invalid_date: 'invalid',
  date_out_of_order: 'conflict',
  convention_already_drafted: 'conflict',
  convention_not_drafted: 'conflict',
  invalid_votes: 'invalid',
  deliberation_not_adopted: 'conflict',
  invalid_transmission: 'invalid',
  deliberation_already_recorded: 'conflict',
  signature_before_deliberation: 'conflict',
  already_signed: 'conflict',
  not_signed: 'conflict',
  entry_before_signature: 'conflict',
  already_in_force: 'conflict',
  not_in_force: 'conflict',
  convention_expired: 'conflict',
  convention_terminated: 'conflict',
  notice_before_entry_into_force: 'conflict',
  termination_already_scheduled: 'conflict',
  invalid_termination_date: 'invalid',
  amendment_after_termination: 'conflict',
  amendment_outside_term: 'conflict',
  amendment_before_previous: 'conflict',
  empty_amendment: 'invalid',
  contact_already_assigned: 'conflict',
  contact_not_assigned: 'conflict',
  open_data_variant_not_eligible: 'conflict',
  invalid_sig_usage: 'invalid',
  no_data_return_obligation: 'conflict',
  data_return_already_done: 'conflict',
  renewal_deliberations_missing: 'conflict',
  renewal_overlaps_term: 'conflict',
  scdl_siret_missing: 'conflict',
} as const satisfies Readonly<Record<string, DomainErrorKind>>;

export type ConventionErrorCode = keyof typeof CONVENTION_ERROR_KINDS;
export const CONVENTION_ERROR_CODES = Object.keys(CONVENTION_ERROR_KINDS) as readonly ConventionErrorCode[];

/** One refusal; `path` names the command field at fault when there is one. */
export const conventionError = (code: ConventionErrorCode, message: string, path?: string): DomainError =>
  new DomainError(CONVENTION_ERROR_KINDS[code], code, message, path === undefined ? [] : [{ path, message }]);
