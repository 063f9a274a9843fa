import type { Decision } from '@digit/contracts';
import { addDays, formatDateFr, isBefore, isOnOrBefore } from '@digit/calendar';
import type { AmendConvention, AssignContact, RecordOpenDataDomain, RecordSigUsage, ReleaseContact } from './convention.commands.js';
import { conventionStatusOn, sizingOn } from './convention-calendar.js';
import { conventionError } from './convention.errors.js';
import type { ConventionEvent, Sizing } from '@digit/contracts';
import { endedOn, notInForce, provenanceOf } from './convention-guards.js';
import { checkGpsoDomainEvidence, checkNotBefore, firstError, normalizeSizing } from './convention-input.js';
import type { ConventionState, TownRecord } from './convention.state.js';

/** What a running convention says and who speaks for the town: amendments, contacts, Open Data domain. */

const IN_FORCE = ['in_force', 'notice_given'];
const SIZING_KEYS: readonly (keyof Sizing)[] = ['sigOption', 'resourcesShare', 'structureShare'];

/** R-CON-7: an amendment (avenant) changes terms from a date inside a running term, after the previous one. */
export const amend = (command: AmendConvention, state: ConventionState): Decision<ConventionEvent> => {
  if (state.versions.length === 0) return notInForce();
  const ends = state.termination?.effectiveDate;
  if (ends && (isOnOrBefore(ends, command.effectiveFrom) || isOnOrBefore(ends, command.signedOn))) {
    return conventionError(
      'amendment_after_termination',
      `Un avenant ne peut s'appliquer après la résiliation de la convention (effet le ${formatDateFr(ends)}).`,
      'effectiveFrom',
    );
  }
  const signedStatus = conventionStatusOn(state, command.signedOn);
  if (signedStatus === 'expired') {
    return conventionError(
      'convention_expired',
      `La convention n'est plus en vigueur le ${formatDateFr(command.signedOn)} : un avenant ne peut plus être signé.`,
      'signedOn',
    );
  }
  if (signedStatus !== 'signed' && !IN_FORCE.includes(signedStatus ?? '')) {
    return conventionError('not_signed', 'Un avenant ne peut être signé avant la convention elle-même.', 'signedOn');
  }
  if (!IN_FORCE.includes(conventionStatusOn(state, command.effectiveFrom) ?? '')) {
    return conventionError(
      'amendment_outside_term',
      `Le ${formatDateFr(command.effectiveFrom)}, la convention n'est pas en vigueur : un avenant doit prendre effet pendant sa durée.`,
      'effectiveFrom',
    );
  }
  const previous = state.sizings[state.sizings.length - 1];
  if (previous?.from && isOnOrBefore(command.effectiveFrom, previous.from)) {
    return conventionError(
      'amendment_before_previous',
      `Un avenant doit prendre effet après le précédent changement (${formatDateFr(previous.from)}).`,
      'effectiveFrom',
    );
  }
  const current = sizingOn(state, command.effectiveFrom)?.sizing;
  const changes = normalizeSizing(command.changes);
  const changed = SIZING_KEYS.filter((key) => changes[key] !== undefined && current && changes[key] !== current[key]);
  if (changed.length === 0) {
    return conventionError('empty_amendment', "L'avenant ne change ni l'option SIG ni les parts : il n'y a rien à enregistrer.", 'changes');
  }
  const amendmentNumber = state.sizings.filter((record) => record.amendmentNumber !== null).length + 1;
  const kept: Partial<Sizing> = Object.fromEntries(changed.map((key) => [key, changes[key]]));
  const { signedOn, effectiveFrom } = command;
  return [{ type: 'ConventionAmended', data: { amendmentNumber, signedOn, effectiveFrom, changes: kept, ...provenanceOf(command) } }];
};

/** R-CON-8: a role may be held by several people (binôme), each tenure dated. */
export const assignContact = (command: AssignContact, state: ConventionState, town: TownRecord): Decision<ConventionEvent> => {
  const error = firstError(
    () => checkNotBefore(command.from, town.draftedOn, 'from', 'la date du projet de convention'),
    () => endedOn(state, command.from),
  );
  if (error) return error;
  const held = state.contacts.some(
    (tenure) =>
      tenure.role === command.role &&
      tenure.person.personId === command.person.personId &&
      (tenure.until === null || isBefore(command.from, tenure.until)),
  );
  if (held) {
    return conventionError('contact_already_assigned', `${command.person.name} tient déjà ce rôle à cette date.`, 'person.personId');
  }
  const { role, person, from } = command;
  return [{ type: 'ContactAssigned', data: { role, person, from, ...provenanceOf(command) } }];
};

export const releaseContact = (command: ReleaseContact, state: ConventionState): Decision<ConventionEvent> => {
  const tenure = state.contacts.find(
    (held) => held.role === command.role && held.person.personId === command.personId && held.until === null,
  );
  if (!tenure) {
    return conventionError('contact_not_assigned', "Cette personne ne tient pas ce rôle : il n'y a rien à retirer.", 'personId');
  }
  const early = checkNotBefore(command.releasedOn, addDays(tenure.from, 1), 'releasedOn', 'le lendemain de sa désignation');
  if (early) return early;
  const { role, personId, releasedOn } = command;
  return [{ type: 'ContactReleased', data: { role, personId, releasedOn, ...provenanceOf(command) } }];
};

/** R-CON-9: the town's own sub-domain, or the GPSO domain for the small-town variant, with its evidence. */
export const recordOpenDataDomain = (command: RecordOpenDataDomain, town: TownRecord): Decision<ConventionEvent> => {
  const error = firstError(
    () => checkNotBefore(command.from, town.draftedOn, 'from', 'la date du projet de convention'),
    () => (command.variant === 'gpso_domain' ? checkGpsoDomainEvidence(command.evidence) : null),
  );
  if (error) return error;
  const { variant, domain, from, evidence } = command;
  const data = { variant, domain, from, ...(evidence === undefined ? {} : { evidence }), ...provenanceOf(command) };
  return [{ type: 'OpenDataDomainRecorded', data }];
};

/** R-CON-7: the town's use of the web GIS, counted while the convention runs; edit licences are among the users (article 1.1). */
export const recordSigUsage = (command: RecordSigUsage, state: ConventionState): Decision<ConventionEvent> => {
  if (command.editLicences > command.users) {
    return conventionError(
      'invalid_sig_usage',
      "Les licences d'édition sont comptées parmi les utilisateurs : elles ne peuvent être plus nombreuses.",
      'editLicences',
    );
  }
  if (!IN_FORCE.includes(conventionStatusOn(state, command.measuredOn) ?? '')) {
    return endedOn(state, command.measuredOn) ?? notInForce();
  }
  const { measuredOn, users, editLicences } = command;
  return [{ type: 'SigUsageRecorded', data: { measuredOn, users, editLicences, ...provenanceOf(command) } }];
};
