/** Nest injection tokens of the conventions service, and its options. */
export const INFRA = Symbol('INFRA');
export const CONVENTION_STATES = Symbol('CONVENTION_STATES');
export const CONVENTIONS_OPTIONS = Symbol('CONVENTIONS_OPTIONS');

export interface ConventionsOptions {
  /** The towns' SIRET numbers, which the seed does not give and the SCDL schema requires. */
  readonly siretByInsee: Readonly<Record<string, string>>;
}
