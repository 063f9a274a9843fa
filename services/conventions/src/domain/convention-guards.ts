import { formatDateFr, isOnOrBefore } from '@digit/calendar';
import type { IsoDate } from './calendar-date.js';
import { conventionStatusOn, effectiveTermination, versionOn } from './convention-calendar.js';
import { conventionError } from './convention.errors.js';
import type { Party, Provenance } from '@digit/contracts';
import type { Check } from './convention-input.js';
import type { ConventionState } from './convention.state.js';

/** Refusals and helpers shared by the decisions of the convention aggregate. */

export const PARTY_LABEL: Readonly<Record<Party, string>> = { town: 'la ville', ept: "l'EPT" };

/** Copies the command's provenance into the event, without undefined fields. */
export const provenanceOf = (command: { readonly provenance?: Provenance }): Provenance => ({
  ...(command.provenance?.demo ? { demo: true as const } : {}),
  ...(command.provenance?.source === undefined ? {} : { source: command.provenance.source }),
});

export const notInForce = () =>
  conventionError(
    'not_in_force',
    "La convention n'est pas en vigueur à cette date : son entrée en vigueur doit être enregistrée et la précéder.",
  );

/** Refusal when the convention has already ended on `date`, or null. */
export const endedOn = (state: ConventionState, date: IsoDate): Check => {
  const status = conventionStatusOn(state, date);
  if (status === 'terminated') {
    const effective = effectiveTermination(state)?.effectiveDate ?? date;
    return conventionError('convention_terminated', `La convention est résiliée depuis le ${formatDateFr(effective)}.`);
  }
  if (status === 'expired') {
    const end = versionOn(state, date)?.end ?? date;
    return conventionError('convention_expired', `La convention est arrivée à son terme le ${formatDateFr(end)}.`);
  }
  return null;
};

/** One termination per convention: the first one already ends it (R-CON-4). */
export const terminationAlreadyDecided = (state: ConventionState, date: IsoDate): Check => {
  const termination = state.termination;
  if (!termination) return null;
  if (effectiveTermination(state) && isOnOrBefore(termination.effectiveDate, date)) {
    return conventionError('convention_terminated', `La convention est résiliée depuis le ${formatDateFr(termination.effectiveDate)}.`);
  }
  return conventionError(
    'termination_already_scheduled',
    `Une résiliation est déjà engagée (effet le ${formatDateFr(termination.effectiveDate)}) : elle ne peut être doublée.`,
  );
};
