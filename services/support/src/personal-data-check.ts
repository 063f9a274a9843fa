import { commandSubject } from '@digit/contracts';
import { requestQuery, type Bus } from '@digit/messaging';
import type { PersonalDataDeclaration, PrivacyCheckOutcome } from './domain/index.js';

/** The privacy service's cross-check against the town DPD's register (R-GDPR-2), by request/reply. */
export const PERSONAL_DATA_CHECK_SUBJECT = commandSubject('privacy', 'check-personal-data');

export interface PersonalDataCheckQuestion {
  readonly insee: string;
  readonly requestId: string;
  /** The request's own words, one JSON record, where the privacy service looks for names and contacts. */
  readonly content: Readonly<Record<string, string>>;
  readonly declaration: PersonalDataDeclaration;
}

export interface PersonalDataCheckAnswer {
  readonly outcome: PrivacyCheckOutcome;
  readonly registerReference: string | null;
  readonly reasons: readonly unknown[];
}

interface PrivacyReply {
  readonly outcome: 'allowed' | 'refused';
  readonly reasons?: readonly unknown[];
}

/**
 * Asks the privacy service whether the request may be processed. Null when there is no answer
 * (no responder, timeout, or the service refused the question): the request then stays held,
 * never processed unchecked, and the question is asked again by the periodic check.
 */
export const askPersonalDataCheck = async (
  bus: Bus,
  question: PersonalDataCheckQuestion,
  timeoutMs: number,
): Promise<PersonalDataCheckAnswer | null> => {
  const { processing, categories } = question.declaration;
  const payload = {
    insee: question.insee,
    item: { kind: 'support-request', id: question.requestId, content: question.content },
    checkedBy: 'system:support',
    ...(processing === null ? {} : { declaredProcessing: processing }),
    ...(categories.length === 0 ? {} : { declaredCategories: categories }),
  };
  let reply;
  try {
    reply = await requestQuery<PrivacyReply>(bus, PERSONAL_DATA_CHECK_SUBJECT, payload, timeoutMs);
  } catch {
    return null;
  }
  if (!reply.ok) {
    console.warn(`support: the privacy cross-check of request ${question.requestId} was refused: ${reply.error.error} ${reply.error.message}`);
    return null;
  }
  const { outcome, reasons = [] } = reply.value;
  if (outcome === 'allowed') return { outcome: 'registered', registerReference: processing, reasons };
  if (outcome === 'refused') return { outcome: 'not-registered', registerReference: null, reasons };
  return null;
};
