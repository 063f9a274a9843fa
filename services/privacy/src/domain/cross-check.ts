import { townName, type CheckOutcome } from '@digit/contracts';
import { describeCategories, sortCategories, type PersonalDataCategory } from './personal-data-category.js';
import { findProcessing, type ProcessingStatus, type RegisterState } from './register.decider.js';

/**
 * What the sender says the content holds: a list of categories, "no personal data", or
 * nothing at all (`unstated`: a service forwarding a request it did not write, so the content's
 * detected categories stand for the declaration).
 */
export type DeclaredCategories = readonly PersonalDataCategory[] | 'none' | 'unstated';

export interface CrossCheckInput {
  /** The register of the town the content belongs to. */
  readonly register: RegisterState;
  /** The reference of the register processing the sender names, if any. */
  readonly declaredProcessing: string | null;
  readonly declaredCategories: DeclaredCategories;
  readonly detectedCategories: readonly PersonalDataCategory[];
}

export type CrossCheckReasonCode =
  | 'PERSONAL_DATA_DECLARED_ABSENT'
  | 'CATEGORIES_NOT_DECLARED'
  | 'NO_PROCESSING_DECLARED'
  | 'PROCESSING_UNKNOWN'
  | 'PROCESSING_NOT_VALIDATED'
  | 'PROCESSING_WITHDRAWN'
  | 'CATEGORIES_NOT_COVERED';

export interface CrossCheckReason {
  readonly code: CrossCheckReasonCode;
  /** French, for the town and the DPD: what is wrong and what to do. */
  readonly message: string;
}

export type CrossCheckOutcome = CheckOutcome;

export interface CrossCheckResult {
  readonly outcome: CrossCheckOutcome;
  readonly personalDataPresent: boolean;
  /** Declared and detected categories together: what the content is taken to hold. */
  readonly categoriesPresent: readonly PersonalDataCategory[];
  /** The named processing's status at check time; null when none was named or none was needed. */
  readonly processingStatus: ProcessingStatus | 'unknown' | null;
  readonly reasons: readonly CrossCheckReason[];
  /** One French sentence for the log and the town. */
  readonly summary: string;
}

/**
 * R-GDPR-2: before DIGIT processes content holding personal data, the processing named for it
 * must exist in the town's DPD register, be validated, and cover every category present.
 * The sender's declaration is checked against the content too: content declared without
 * personal data, or with fewer categories than it holds, is refused even if a processing
 * would cover it, because the log must record what was really processed.
 */
export const crossCheck = (input: CrossCheckInput): CrossCheckResult => {
  const { register, declaredProcessing, declaredCategories, detectedCategories } = input;
  const declared =
    declaredCategories === 'none' ? [] : declaredCategories === 'unstated' ? sortCategories(detectedCategories) : declaredCategories;
  const present = sortCategories([...declared, ...detectedCategories]);
  const town = register.insee ? townName(register.insee) : 'la commune';
  const reasons: CrossCheckReason[] = [];

  if (present.length === 0) {
    return {
      outcome: 'allowed',
      personalDataPresent: false,
      categoriesPresent: [],
      processingStatus: null,
      reasons,
      summary: 'Aucune donnée personnelle déclarée ni détectée : traitement autorisé.',
    };
  }

  const undeclared = sortCategories(detectedCategories.filter((category) => !declared.includes(category)));
  if (declaredCategories === 'none') {
    reasons.push({
      code: 'PERSONAL_DATA_DECLARED_ABSENT',
      message: `Les données sont déclarées sans données personnelles mais en contiennent : ${describeCategories(undeclared)}. Corrigez la déclaration et indiquez le traitement du registre qui les couvre.`,
    });
  } else if (undeclared.length > 0) {
    reasons.push({
      code: 'CATEGORIES_NOT_DECLARED',
      message: `Les données contiennent des catégories non déclarées : ${describeCategories(undeclared)}. Complétez la déclaration.`,
    });
  }

  let processingStatus: CrossCheckResult['processingStatus'] = null;
  if (declaredProcessing === null) {
    reasons.push({
      code: 'NO_PROCESSING_DECLARED',
      message: `Les données contiennent des données personnelles (${describeCategories(present)}) mais aucun traitement du registre de ${town} n'est indiqué. Indiquez la référence du traitement inscrit au registre de votre DPD.`,
    });
  } else {
    const processing = findProcessing(register, declaredProcessing);
    processingStatus = processing?.status ?? 'unknown';
    if (!processing) {
      reasons.push({
        code: 'PROCESSING_UNKNOWN',
        message: `Le traitement « ${declaredProcessing} » ne figure pas au registre des activités de traitement de ${town}. Faites-le inscrire par votre DPD ou corrigez la référence.`,
      });
    } else {
      if (processing.status === 'draft') {
        reasons.push({
          code: 'PROCESSING_NOT_VALIDATED',
          message: `Le traitement « ${declaredProcessing} » est encore à l'état de brouillon : votre DPD doit le valider.`,
        });
      }
      if (processing.status === 'withdrawn') {
        reasons.push({
          code: 'PROCESSING_WITHDRAWN',
          message: `Le traitement « ${declaredProcessing} » a été retiré du registre de ${town}.`,
        });
      }
      const uncovered = present.filter((category) => !processing.fiche.dataCategories.includes(category));
      if (uncovered.length > 0) {
        reasons.push({
          code: 'CATEGORIES_NOT_COVERED',
          message: `Le traitement « ${declaredProcessing} » ne couvre pas : ${describeCategories(uncovered)}. Votre DPD doit compléter sa fiche, ou retirez ces données.`,
        });
      }
    }
  }

  const outcome: CrossCheckOutcome = reasons.length === 0 ? 'allowed' : 'refused';
  return {
    outcome,
    personalDataPresent: true,
    categoriesPresent: present,
    processingStatus,
    reasons,
    summary:
      outcome === 'allowed'
        ? `Traitement « ${declaredProcessing} » validé au registre de ${town}, couvrant ${describeCategories(present)} : traitement autorisé.`
        : `Traitement refusé : ${reasons.length} motif${reasons.length > 1 ? 's' : ''}. Les données sont conservées en attente, non traitées.`,
  };
};
