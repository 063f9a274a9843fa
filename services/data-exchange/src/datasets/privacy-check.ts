import { privacyMessages, serviceCaller } from '@digit/contracts';
import { sendMessage, type Bus } from '@digit/messaging';

export interface PrivacyCheckRequest {
  readonly insee: string;
  readonly datasetId: string;
  readonly content: string;
  /** The processing of the town's register the town named; absent when it declared no personal data. */
  readonly declaredProcessing?: string;
  /** `none` when the town declared no personal data; absent when it did (it names no categories). */
  readonly declaredCategories?: 'none';
}

export type PrivacyVerdict =
  | { readonly kind: 'allowed'; readonly reasons: readonly string[] }
  | { readonly kind: 'refused'; readonly reasons: readonly string[] }
  /** Nobody answered, or the answer was not a verdict: nothing may be concluded. */
  | { readonly kind: 'unavailable'; readonly reasons: readonly string[] };

const UNAVAILABLE = 'le service de protection des données n’a pas répondu : la vérification au registre du DPD reste à faire';

/** Asks the privacy service, as the data-exchange service, to check content against the town DPD's register (R-GDPR-2); never throws. */
export const checkPersonalData = async (bus: Bus, request: PrivacyCheckRequest, timeoutMs: number): Promise<PrivacyVerdict> => {
  const question = {
    insee: request.insee,
    item: { kind: 'dataset', id: request.datasetId, content: request.content },
    ...(request.declaredProcessing ? { declaredProcessing: request.declaredProcessing } : {}),
    ...(request.declaredCategories ? { declaredCategories: request.declaredCategories } : {}),
  };
  try {
    const reply = await sendMessage(bus, privacyMessages.checkPersonalData, question, serviceCaller('data-exchange'), timeoutMs);
    if (!reply.ok) return { kind: 'unavailable', reasons: [`${UNAVAILABLE} (${reply.error.message})`] };
    const reasons = (reply.value.reasons ?? []).map((reason) => reason.message);
    if (reply.value.outcome === 'allowed') return { kind: 'allowed', reasons };
    if (reply.value.outcome === 'refused')
      return { kind: 'refused', reasons: reasons.length > 0 ? reasons : ['traitement non reconnu au registre du DPD de la ville'] };
    return { kind: 'unavailable', reasons: [UNAVAILABLE] };
  } catch {
    return { kind: 'unavailable', reasons: [UNAVAILABLE] };
  }
};
