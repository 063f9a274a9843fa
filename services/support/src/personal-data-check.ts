import { privacyMessages, serviceCaller, type CheckReasonView } from '@digit/contracts';
import { sendMessage, type Bus } from '@digit/messaging';
import type { PersonalDataDeclaration, PrivacyCheckOutcome } from './domain/index.js';

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
  readonly reasons: readonly CheckReasonView[];
}

/**
 * Asks the privacy service's cross-check against the town DPD's register (R-GDPR-2) whether the
 * request may be processed, as the support service (its own caller, role `service`). Null when
 * there is no answer (no responder, timeout, or the service refused the question): the request
 * then stays held, never processed unchecked, and the question is asked again by the periodic check.
 */
export const askPersonalDataCheck = async (
  bus: Bus,
  question: PersonalDataCheckQuestion,
  timeoutMs: number,
): Promise<PersonalDataCheckAnswer | null> => {
  const { processing, categories } = question.declaration;
  const payload = {
    insee: question.insee,
    item: { kind: 'support-request' as const, id: question.requestId, content: question.content },
    ...(processing === null ? {} : { declaredProcessing: processing }),
    ...(categories.length === 0 ? {} : { declaredCategories: categories }),
  };
  let reply;
  try {
    reply = await sendMessage(bus, privacyMessages.checkPersonalData, payload, serviceCaller('support'), timeoutMs);
  } catch {
    return null;
  }
  if (!reply.ok) {
    console.warn(
      `support: the privacy cross-check of request ${question.requestId} was refused: ${reply.error.error} ${reply.error.message}`,
    );
    return null;
  }
  const { outcome, reasons = [] } = reply.value;
  if (outcome === 'allowed') return { outcome: 'registered', registerReference: processing, reasons };
  if (outcome === 'refused') return { outcome: 'not-registered', registerReference: null, reasons };
  return null;
};
