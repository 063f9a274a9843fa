import { frenchDate, isOnOrBefore, type IsoDate } from './calendar-date.js';
import { conventionStatusOn, effectiveTermination, versionOn } from './convention-calendar.js';
import { conventionError } from './convention.errors.js';
import type { Party, Provenance } from './convention.events.js';
import type { Check } from './convention-input.js';
import type { ConventionState } from './convention.state.js';

/** Refusals and helpers shared by the decisions of the convention aggregate. */

export const PARTY_LABEL: Readonly<Record<Party, string>> = { town: 'la ville', ept: "l'EPT" };

export const checkParty = (value: unknown, path: string): Check =>
  value === 'town' || value === 'ept' ? null : conventionError('INVALID_PARTY', 'La partie est « town » (la ville) ou « ept ».', path);

/** Copies the command's provenance into the event, without undefined fields. */
export const provenanceOf = (command: { readonly provenance?: Provenance }): Provenance => ({
  ...(command.provenance?.demo ? { demo: true as const } : {}),
  ...(command.provenance?.source === undefined ? {} : { source: command.provenance.source }),
});

export const notInForce = () =>
  conventionError('NOT_IN_FORCE', "La convention n'est pas en vigueur à cette date : son entrée en vigueur doit être enregistrée et la précéder.");

/** Refusal when the convention has already ended on `date`, or null. */
export const endedOn = (state: ConventionState, date: IsoDate): Check => {
  const status = conventionStatusOn(state, date);
  if (status === 'terminated') {
    const effective = effectiveTermination(state)?.effectiveDate ?? date;
    return conventionError('CONVENTION_TERMINATED', `La convention est résiliée depuis le ${frenchDate(effective)}.`);
  }
  if (status === 'expired') {
    const end = versionOn(state, date)?.end ?? date;
    return conventionError('CONVENTION_EXPIRED', `La convention est arrivée à son terme le ${frenchDate(end)}.`);
  }
  return null;
};

/** One termination per convention: the first one already ends it (R-CON-4). */
export const terminationAlreadyDecided = (state: ConventionState, date: IsoDate): Check => {
  const termination = state.termination;
  if (!termination) return null;
  if (effectiveTermination(state) && isOnOrBefore(termination.effectiveDate, date)) {
    return conventionError('CONVENTION_TERMINATED', `La convention est résiliée depuis le ${frenchDate(termination.effectiveDate)}.`);
  }
  return conventionError(
    'TERMINATION_ALREADY_SCHEDULED',
    `Une résiliation est déjà engagée (effet le ${frenchDate(termination.effectiveDate)}) : elle ne peut être doublée.`,
  );
};
