/** Nest injection tokens of the privacy service. */
export const INFRA = Symbol('INFRA');
export const READ_MODELS = Symbol('READ_MODELS');
export const KEY_STORE = Symbol('KEY_STORE');
