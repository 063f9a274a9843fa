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

/** The declaration as kept: trimmed, each category once (the request's shape is checked at the edge). */
export const personalDataDeclaration = (
  processing: string | undefined,
  categories: readonly string[] | undefined,
): PersonalDataDeclaration => ({
  processing: processing?.trim() ?? null,
  categories: [...new Set((categories ?? []).map((category) => category.trim()))],
});
