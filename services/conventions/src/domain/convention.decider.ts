import { townName, type Decider, type Decision } from '@digit/contracts';
import { formatDateFr, isBefore, isOnOrBefore, maxDate } from '@digit/calendar';
import type { IsoDate } from './calendar-date.js';
import type {
  ConventionCommand,
  DraftConvention,
  RecordDeliberation,
  RecordEntryIntoForce,
  RenewExpressly,
  SignConvention,
} from './convention.commands.js';
import { approvalDeliberation, currentVersion, dueCalendarTransitions } from './convention-calendar.js';
import { giveNotice, markDataReturned, terminateByAgreement } from './convention-ending.decisions.js';
import { conventionError } from './convention.errors.js';
import type { ConventionEvent, Party } from '@digit/contracts';
import { notInForce, PARTY_LABEL, provenanceOf, terminationAlreadyDecided } from './convention-guards.js';
import { checkNotBefore, checkTransmission, checkVotes, firstError, normalizeSizing } from './convention-input.js';
import { amend, assignContact, recordOpenDataDomain, recordSigUsage, releaseContact } from './convention-terms.decisions.js';
import { evolveConvention, initialConventionState, type ConventionState, type TownRecord } from './convention.state.js';

/**
 * The convention aggregate of one town (stream `convention-<insee>`): from draft to approval,
 * signatures and entry into force (R-CON-1), express renewal (R-CON-3); amendments, contacts,
 * Open Data and the SIG usage in convention-terms.decisions.ts; endings in convention-ending.decisions.ts.
 */
type Outcome = Decision<ConventionEvent>;

const draft = (command: DraftConvention, state: ConventionState): Outcome => {
  if (state.town) return conventionError('convention_already_drafted', 'La convention de cette ville est déjà enregistrée.');
  const error = checkNotBefore(command.plannedEntryIntoForce, command.draftedOn, 'plannedEntryIntoForce', 'la date du projet');
  if (error) return error;
  const { insee, draftedOn, plannedEntryIntoForce, tacitRenewals } = command;
  const sizing = normalizeSizing(command.sizing);
  const data = { insee, name: townName(insee), draftedOn, plannedEntryIntoForce, tacitRenewals, sizing, ...provenanceOf(command) };
  return [{ type: 'ConventionDrafted', data }];
};

/** Approval deliberations come before entry into force; renewal ones during the current version. */
const deliberationSequenceError = (command: RecordDeliberation, state: ConventionState) => {
  const assembly = PARTY_LABEL[command.assembly];
  if (command.purpose === 'approval') {
    if (state.versions.length > 0)
      return conventionError('already_in_force', 'La convention est déjà en vigueur : elle est déjà approuvée.');
    const recorded = state.deliberations.some((d) => d.assembly === command.assembly && d.purpose === 'approval');
    return recorded
      ? conventionError('deliberation_already_recorded', `La délibération d'approbation de ${assembly} est déjà enregistrée.`)
      : null;
  }
  const version = currentVersion(state);
  if (!version) return notInForce();
  const recorded = state.deliberations.some(
    (d) => d.assembly === command.assembly && d.purpose === 'express_renewal' && isOnOrBefore(version.start, d.councilDate),
  );
  if (recorded)
    return conventionError('deliberation_already_recorded', `La délibération de renouvellement de ${assembly} est déjà enregistrée.`);
  return (
    terminationAlreadyDecided(state, command.councilDate) ??
    checkNotBefore(command.councilDate, version.start, 'councilDate', 'le début de la convention en cours')
  );
};

const recordDeliberation = (command: RecordDeliberation, state: ConventionState, town: TownRecord): Outcome => {
  const error = firstError(
    () => checkNotBefore(command.councilDate, town.draftedOn, 'councilDate', 'la date du projet de convention'),
    () => checkVotes(command.votes, command.attendance),
    () => checkTransmission(command.transmission, command.councilDate),
    () =>
      command.votes.for > command.votes.against
        ? null
        : conventionError(
            'deliberation_not_adopted',
            `La délibération n'est pas adoptée (${command.votes.for} pour, ${command.votes.against} contre) : elle ne peut fonder la convention.`,
            'votes',
          ),
    () => deliberationSequenceError(command, state),
  );
  if (error) return error;
  const { assembly, purpose, councilDate, registerNumber, subject, votes, attendance, transmission } = command;
  const data = {
    assembly,
    purpose,
    councilDate,
    ...(registerNumber === undefined ? {} : { registerNumber }),
    subject,
    votes,
    ...(attendance === undefined ? {} : { attendance }),
    transmission,
    ...provenanceOf(command),
  };
  return [{ type: 'DeliberationRecorded', data }];
};

/** R-CON-1: each party signs once, not before the deliberations that authorise it. */
const sign = (command: SignConvention, state: ConventionState): Outcome => {
  if (state.signatures[command.party]) {
    return conventionError('already_signed', `La convention est déjà signée par ${PARTY_LABEL[command.party]}.`);
  }
  const approval = approvalDeliberation(state);
  if (!approval) {
    return conventionError(
      'signature_before_deliberation',
      "La convention ne peut être signée avant la délibération du conseil municipal qui l'approuve.",
      'signedOn',
    );
  }
  const eptApproval = state.deliberations.find((d) => d.assembly === 'ept' && d.purpose === 'approval');
  const authorisations = [
    approval.councilDate,
    command.authorisedByDeliberationOf,
    command.party === 'ept' ? eptApproval?.councilDate : undefined,
  ].filter((date): date is IsoDate => date !== undefined);
  const latest = authorisations.reduce(maxDate);
  if (isBefore(command.signedOn, latest)) {
    return conventionError(
      'signature_before_deliberation',
      `La signature du ${formatDateFr(command.signedOn)} précède la délibération qui l'autorise (${formatDateFr(latest)}).`,
      'signedOn',
    );
  }
  const { party, signedOn, signatoryCapacity, authorisedByDeliberationOf } = command;
  const data = {
    party,
    signedOn,
    ...(signatoryCapacity === undefined ? {} : { signatoryCapacity }),
    ...(authorisedByDeliberationOf === undefined ? {} : { authorisedByDeliberationOf }),
    ...provenanceOf(command),
  };
  return [{ type: 'ConventionSigned', data }];
};

const enterIntoForce = (command: RecordEntryIntoForce, state: ConventionState): Outcome => {
  const first = state.versions[0];
  if (first) return conventionError('already_in_force', `La convention est déjà entrée en vigueur le ${formatDateFr(first.start)}.`);
  const { town, ept } = state.signatures;
  if (!town || !ept) {
    const missing = [town ? null : 'la ville', ept ? null : "l'EPT"].filter(Boolean).join(' et ');
    return conventionError(
      'not_signed',
      `La convention doit être signée par les deux parties avant d'entrer en vigueur (manque : ${missing}).`,
    );
  }
  const lastSignature = maxDate(town.signedOn, ept.signedOn);
  if (isBefore(command.on, lastSignature)) {
    return conventionError(
      'entry_before_signature',
      `L'entrée en vigueur (${formatDateFr(command.on)}) ne peut précéder la dernière signature (${formatDateFr(lastSignature)}).`,
      'on',
    );
  }
  return [{ type: 'ConventionEnteredIntoForce', data: { on: command.on, ...provenanceOf(command) } }];
};

/** R-CON-3: after its renewals, only express concordant deliberations start a new fixed term. */
const renewExpressly = (command: RenewExpressly, state: ConventionState): Outcome => {
  const version = currentVersion(state);
  if (!version) return notInForce();
  const refused = terminationAlreadyDecided(state, command.decidedOn);
  if (refused) return refused;
  if (isOnOrBefore(command.startsOn, version.end)) {
    return conventionError(
      'renewal_overlaps_term',
      `La nouvelle période doit commencer après la fin de la convention en cours (${formatDateFr(version.end)}).`,
      'startsOn',
    );
  }
  const concordant = (assembly: Party) =>
    state.deliberations.find(
      (d) =>
        d.assembly === assembly &&
        d.purpose === 'express_renewal' &&
        isOnOrBefore(version.start, d.councilDate) &&
        isOnOrBefore(d.councilDate, command.decidedOn),
    );
  const townDeliberation = concordant('town');
  const eptDeliberation = concordant('ept');
  if (!townDeliberation || !eptDeliberation) {
    return conventionError(
      'renewal_deliberations_missing',
      'Le renouvellement exprès exige les délibérations concordantes de la ville et du conseil de territoire, enregistrées avant la décision.',
    );
  }
  const data = {
    version: version.version + 1,
    decidedOn: command.decidedOn,
    startsOn: command.startsOn,
    tacitRenewals: command.tacitRenewals,
    townDeliberationDate: townDeliberation.councilDate,
    eptDeliberationDate: eptDeliberation.councilDate,
    ...(command.sizing === undefined ? {} : { sizing: normalizeSizing(command.sizing) }),
    ...provenanceOf(command),
  };
  return [{ type: 'ConventionRenewedExpressly', data }];
};

export const decideConvention = (command: ConventionCommand, state: ConventionState): Outcome => {
  if (command.type === 'DraftConvention') return draft(command, state);
  const town = state.town;
  if (!town) {
    return conventionError(
      'convention_not_drafted',
      "Aucune convention n'existe pour cette ville : enregistrez d'abord le projet de convention.",
    );
  }
  switch (command.type) {
    case 'RecordDeliberation':
      return recordDeliberation(command, state, town);
    case 'SignConvention':
      return sign(command, state);
    case 'RecordEntryIntoForce':
      return enterIntoForce(command, state);
    case 'AmendConvention':
      return amend(command, state);
    case 'AssignContact':
      return assignContact(command, state, town);
    case 'ReleaseContact':
      return releaseContact(command, state);
    case 'GiveTerminationNotice':
      return giveNotice(command, state);
    case 'TerminateByMutualAgreement':
      return terminateByAgreement(command, state);
    case 'RenewExpressly':
      return renewExpressly(command, state);
    case 'MarkDataReturned':
      return markDataReturned(command, state);
    case 'RecordOpenDataDomain':
      return recordOpenDataDomain(command, town);
    case 'RecordSigUsage':
      return recordSigUsage(command, state);
    case 'RecordCalendarTransitions':
      return dueCalendarTransitions(state, command.today);
    default: {
      const _exhaustive: never = command;
      return conventionError('unknown_command', "Cette commande n'existe pas pour une convention.");
    }
  }
};

export const conventionDecider: Decider<ConventionCommand, ConventionEvent, ConventionState> = {
  initialState: initialConventionState,
  decide: decideConvention,
  evolve: evolveConvention,
};
