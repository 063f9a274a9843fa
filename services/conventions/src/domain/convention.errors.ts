import { DomainError, type DomainErrorKind } from '@digit/contracts';

/** Stable codes of every refusal of the convention decider (messages are French, for people). */
export const CONVENTION_ERROR_CODES = [
  'UNKNOWN_COMMAND',
  'INVALID_DATE',
  'INVALID_PARTY',
  'DATE_OUT_OF_ORDER',
  'UNKNOWN_TOWN',
  'CONVENTION_ALREADY_DRAFTED',
  'CONVENTION_NOT_DRAFTED',
  'INVALID_GIS_OPTION',
  'INVALID_SHARE',
  'SHARE_OUT_OF_RANGE',
  'INVALID_RENEWAL_COUNT',
  'INVALID_DELIBERATION',
  'INVALID_VOTES',
  'DELIBERATION_NOT_ADOPTED',
  'INVALID_TRANSMISSION',
  'DELIBERATION_ALREADY_RECORDED',
  'SIGNATURE_BEFORE_DELIBERATION',
  'ALREADY_SIGNED',
  'NOT_SIGNED',
  'ENTRY_BEFORE_SIGNATURE',
  'ALREADY_IN_FORCE',
  'NOT_IN_FORCE',
  'CONVENTION_EXPIRED',
  'CONVENTION_TERMINATED',
  'NOTICE_BEFORE_ENTRY_INTO_FORCE',
  'TERMINATION_ALREADY_SCHEDULED',
  'INVALID_TERMINATION_DATE',
  'AMENDMENT_AFTER_TERMINATION',
  'AMENDMENT_OUTSIDE_TERM',
  'AMENDMENT_BEFORE_PREVIOUS',
  'EMPTY_AMENDMENT',
  'INVALID_CONTACT',
  'CONTACT_ALREADY_ASSIGNED',
  'CONTACT_NOT_ASSIGNED',
  'INVALID_OPEN_DATA_DOMAIN',
  'OPEN_DATA_VARIANT_NOT_ELIGIBLE',
  'INVALID_SIG_USAGE',
  'NO_DATA_RETURN_OBLIGATION',
  'DATA_RETURN_ALREADY_DONE',
  'RENEWAL_DELIBERATIONS_MISSING',
  'RENEWAL_OVERLAPS_TERM',
  'SCDL_SIRET_MISSING',
] as const;

export type ConventionErrorCode = (typeof CONVENTION_ERROR_CODES)[number];

const kindOf = (code: ConventionErrorCode): DomainErrorKind =>
  /(^|_)(INVALID|MISSING|OUT_OF_RANGE|EMPTY)(_|$)/.test(code) ? 'invalid' : /(^|_)(UNKNOWN)(_|$)/.test(code) ? 'not_found' : 'conflict';

/** One refusal; `path` names the command field at fault when there is one. */
export const conventionError = (code: ConventionErrorCode, message: string, path?: string): DomainError =>
  new DomainError(kindOf(code), code, message, path === undefined ? [] : [{ path, message }]);
