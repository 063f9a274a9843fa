import { DomainError, type Decision, type DomainEvent, type Insee } from '@digit/contracts';
import { instantProblem } from './instant-problem.js';

/** One stream per read: reads never wait on each other, and the read model orders them by position. */
export const READ_STREAM_PREFIX = 'privacy-read-';
export const readStreamId = (readId: string): string => `${READ_STREAM_PREFIX}${readId}`;

/** A purpose a reader may state: a validated processing of the register. */
export interface AcceptedPurpose {
  readonly reference: string;
  readonly name: string;
}

export interface PersonalDataReadData {
  readonly readId: string;
  /** Null for DIGIT's own data (its agents), whose purposes are DIGIT's own processings. */
  readonly insee: Insee | null;
  readonly readAt: string;
  readonly reader: string;
  readonly route: string;
  readonly purpose: string;
  readonly purposeName: string;
  /** Opaque subject ids: the trace names whom without holding their data (art. 32). */
  readonly subjectIds: readonly string[];
}

/** R-GDPR-5: a read of persons' data in clear, with who, when, which route, why and whom. */
export type PersonalDataRead = DomainEvent<'PersonalDataRead', PersonalDataReadData>;

const acceptedList = (accepted: readonly AcceptedPurpose[]): string =>
  accepted.length === 0
    ? 'aucune : le registre ne compte aucun traitement validé'
    : accepted.map((purpose) => `${purpose.reference} (${purpose.name})`).join(', ');

/**
 * A read in clear needs a purpose from the register (art. 5(1)(b), 30): a validated processing.
 * A read naming nobody in clear is not recorded (nothing was disclosed); its purpose is still checked.
 */
export const recordPersonalDataRead = (
  read: Omit<PersonalDataReadData, 'purposeName'>,
  accepted: readonly AcceptedPurpose[],
): Decision<PersonalDataRead> => {
  const purpose = accepted.find((candidate) => candidate.reference === read.purpose);
  if (!purpose) {
    return new DomainError(
      'invalid',
      'unknown_purpose',
      `La finalité « ${read.purpose} » n’est pas un traitement validé du registre : les données personnelles ne sont montrées en clair que pour une finalité du registre. Finalités acceptées : ${acceptedList(accepted)}.`,
      [{ path: 'purpose', message: `finalités acceptées : ${accepted.map((candidate) => candidate.reference).join(', ') || 'aucune'}` }],
    );
  }
  const problems = [
    ...instantProblem(read.readAt, 'readAt'),
    ...(read.reader.trim() ? [] : [{ path: 'reader', message: 'indiquez qui lit' }]),
  ];
  if (problems.length > 0) return new DomainError('invalid', 'invalid_read', 'La lecture à tracer contient des erreurs.', problems);
  if (read.subjectIds.length === 0) return [];
  return [{ type: 'PersonalDataRead', data: { ...read, subjectIds: [...new Set(read.subjectIds)].sort(), purposeName: purpose.name } }];
};
