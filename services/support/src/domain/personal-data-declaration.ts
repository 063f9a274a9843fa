import type { ErrorDetail } from '@digit/contracts';

/**
 * What the sender says about the people named in a request (R-GDPR-2): the register processing
 * it falls under, if known, and the categories of personal data it holds. Kept with the request
 * so that the privacy cross-check can be asked again, word for word, until it answers.
 * The categories' vocabulary belongs to the privacy service, which checks it.
 */
export interface PersonalDataDeclaration {
  readonly processing: string | null;
  readonly categories: readonly string[];
}

/** The declaration of a request holding personal data, or null with the problems listed in `details`. */
export const personalDataDeclaration = (
  processing: unknown,
  categories: unknown,
  details: ErrorDetail[],
): PersonalDataDeclaration | null => {
  const problems = details.length;
  if (processing !== undefined && processing !== null && (typeof processing !== 'string' || processing.trim() === '')) {
    details.push({ path: 'declaredProcessing', message: 'référence du traitement au registre du DPD attendue (texte non vide)' });
  }
  const isCategoryList =
    Array.isArray(categories) && categories.every((category) => typeof category === 'string' && category.trim() !== '');
  if (categories !== undefined && categories !== null && !isCategoryList) {
    details.push({ path: 'declaredCategories', message: 'liste de catégories de données personnelles attendue' });
  }
  if (details.length > problems) return null;
  return {
    processing: typeof processing === 'string' ? processing.trim() : null,
    categories: isCategoryList ? [...new Set((categories as string[]).map((category) => category.trim()))] : [],
  };
};
