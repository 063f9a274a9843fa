import type { Decision } from '@digit/contracts';
import { addDays, addMonths, formatDateFr, isBefore } from '@digit/calendar';
import type { IsoDate } from './calendar-date.js';
import type { GiveTerminationNotice, MarkDataReturned, TerminateByMutualAgreement } from './convention.commands.js';
import { conventionStatusOn, currentVersion, effectiveTermination } from './convention-calendar.js';
import { conventionError } from './convention.errors.js';
import type { ConventionEvent } from '@digit/contracts';
import { endedOn, notInForce, provenanceOf, terminationAlreadyDecided } from './convention-guards.js';
import { checkNotBefore } from './convention-input.js';
import type { ConventionState } from './convention.state.js';

/** How a convention ends before its term: notice, mutual agreement, and what follows (R-CON-4, R-CON-5). */

/**
 * R-CON-4: notice by registered letter takes effect at notice date + 3 months, computed with
 * Temporal.PlainDate.add({ months: 3 }) which constrains month ends (30/11 -> 28/02 or 29/02).
 * The effective date is the first day without the convention.
 */
export const terminationEffectiveDate = (noticeDate: IsoDate): IsoDate => addMonths(noticeDate, 3);

export const giveNotice = (command: GiveTerminationNotice, state: ConventionState): Decision<ConventionEvent> => {
  const first = state.versions[0];
  if (!first) return notInForce();
  if (isBefore(command.noticeDate, first.start)) {
    return conventionError(
      'notice_before_entry_into_force',
      `Le préavis du ${formatDateFr(command.noticeDate)} précède l'entrée en vigueur (${formatDateFr(first.start)}).`,
      'noticeDate',
    );
  }
  const refused = terminationAlreadyDecided(state, command.noticeDate) ?? endedOn(state, command.noticeDate);
  if (refused) return refused;
  const { requestedBy, noticeDate, letterReference } = command;
  const data = {
    requestedBy,
    noticeDate,
    effectiveDate: terminationEffectiveDate(noticeDate),
    ...(letterReference === undefined ? {} : { letterReference }),
    ...provenanceOf(command),
  };
  return [{ type: 'TerminationNoticeGiven', data }];
};

/**
 * What a recorded notice does (R-CON-4, article 7). Its effective date is always notice + 3 months;
 * when that falls after the convention's last day, the convention reaches its term first: the notice
 * stays recorded, the end does not move, and the answer and the convention view say so.
 */
export interface NoticeOutcome {
  readonly effectiveDate: IsoDate;
  /** False when the convention ends at its term before the notice would take effect. */
  readonly takesEffect: boolean;
  /** The convention's last day: the day before the effective date, or the last day of its term. */
  readonly conventionLastDay: IsoDate;
  readonly note: string;
}

export const noticeOutcome = (state: ConventionState): NoticeOutcome | null => {
  const notice = state.termination;
  const version = currentVersion(state);
  if (!notice || notice.cause !== 'notice' || !version) return null;
  const { effectiveDate } = notice;
  if (effectiveTermination(state)) {
    const conventionLastDay = addDays(effectiveDate, -1);
    return {
      effectiveDate,
      takesEffect: true,
      conventionLastDay,
      note: `Préavis de résiliation enregistré : la convention prend fin le ${formatDateFr(conventionLastDay)} ; la résiliation prend effet le ${formatDateFr(effectiveDate)}, trois mois après le préavis.`,
    };
  }
  return {
    effectiveDate,
    takesEffect: false,
    conventionLastDay: version.end,
    note:
      `Préavis de résiliation enregistré, sans effet sur la fin de la convention : il prendrait effet le ${formatDateFr(effectiveDate)}, ` +
      `après le dernier jour de la convention, le ${formatDateFr(version.end)}. La convention arrive à son terme d'abord ; elle prend fin le ${formatDateFr(version.end)}, sans résiliation.`,
  };
};

export const terminateByAgreement = (command: TerminateByMutualAgreement, state: ConventionState): Decision<ConventionEvent> => {
  const error = checkNotBefore(command.effectiveDate, command.agreedOn, 'effectiveDate', "la date de l'accord");
  if (error) return error;
  if (state.versions.length === 0) return notInForce();
  const refused = terminationAlreadyDecided(state, command.agreedOn) ?? endedOn(state, command.agreedOn);
  if (refused) return refused;
  if (conventionStatusOn(state, command.agreedOn) !== 'in_force') return notInForce();
  if (conventionStatusOn(state, addDays(command.effectiveDate, -1)) !== 'in_force') {
    return conventionError(
      'invalid_termination_date',
      `La convention n'est pas en vigueur la veille du ${formatDateFr(command.effectiveDate)} : la résiliation doit prendre effet pendant sa durée.`,
      'effectiveDate',
    );
  }
  const { agreedOn, effectiveDate } = command;
  return [{ type: 'ConventionTerminatedByMutualAgreement', data: { agreedOn, effectiveDate, ...provenanceOf(command) } }];
};

/** R-CON-5: after a termination by the EPT, DIGIT returns the town's data; recorded once. */
export const markDataReturned = (command: MarkDataReturned, state: ConventionState): Decision<ConventionEvent> => {
  const termination = effectiveTermination(state);
  if (!termination || termination.cause !== 'notice' || termination.requestedBy !== 'ept') {
    return conventionError(
      'no_data_return_obligation',
      "Seule une résiliation à l'initiative de l'EPT oblige à restituer les données de la ville.",
    );
  }
  if (state.dataReturnDoneOn) {
    return conventionError(
      'data_return_already_done',
      `La restitution des données est déjà enregistrée (le ${formatDateFr(state.dataReturnDoneOn)}).`,
    );
  }
  const early = checkNotBefore(command.doneOn, termination.decidedOn, 'doneOn', 'le préavis de résiliation');
  if (early) return early;
  const data = { doneOn: command.doneOn, ...(command.note === undefined ? {} : { note: command.note }), ...provenanceOf(command) };
  return [{ type: 'DataReturnCompleted', data }];
};
