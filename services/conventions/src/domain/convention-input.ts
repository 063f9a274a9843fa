import { formatDateFr, isBefore } from '@digit/calendar';
import { actesDecisionDay, type DomainError } from '@digit/contracts';
import type { IsoDate } from './calendar-date.js';
import { conventionError } from './convention.errors.js';
import type { Attendance, OpenDataEvidence, Sizing, Transmission, Votes } from '@digit/contracts';
import { normalizeShareRate } from './share-rate.js';

/**
 * The rules between the fields of one command. The shape of each field (dates, counts, shares,
 * the @ctes format, host names) is checked once, by the request DTOs at the service's edge
 * (libs/contracts conventions.requests.ts); what stays here are the domain's own rules.
 */
export type Check = DomainError | null;

export const firstError = (...checks: (() => Check)[]): Check => {
  for (const check of checks) {
    const error = check();
    if (error) return error;
  }
  return null;
};

export const checkNotBefore = (date: IsoDate, earliest: IsoDate, path: string, what: string): Check =>
  isBefore(date, earliest)
    ? conventionError(
        'date_out_of_order',
        `« ${path} » (${formatDateFr(date)}) ne peut précéder ${what} (${formatDateFr(earliest)}).`,
        path,
      )
    : null;

/** One spelling per share ("0.0770" and "0.077" are the same), so amendments compare values (R-CON-7). */
export const normalizeSizing = <T extends Partial<Sizing>>(sizing: T): T => ({
  ...sizing,
  ...(sizing.resourcesShare === undefined ? {} : { resourcesShare: normalizeShareRate(sizing.resourcesShare) }),
  ...(sizing.structureShare === undefined ? {} : { structureShare: normalizeShareRate(sizing.structureShare) }),
});

/** R-CON-1: a deliberation's votes are cast by the members present or represented. */
export const checkVotes = (votes: Votes, attendance: Attendance | undefined): Check => {
  if (attendance === undefined) return null;
  const voters = attendance.present + attendance.represented;
  const cast = votes.for + votes.against + votes.abstentions;
  return cast > voters
    ? conventionError(
        'invalid_votes',
        `Le total des voix (${cast}) dépasse le nombre de votants (${voters} présents ou représentés).`,
        'votes',
      )
    : null;
};

/** R-CON-1: the @ctes number carries the session's date, and the act is transmitted after the session. */
export const checkTransmission = (transmission: Transmission, councilDate: IsoDate): Check => {
  const day = actesDecisionDay(transmission.number);
  if (day !== councilDate.replaceAll('-', '')) {
    return conventionError(
      'invalid_transmission',
      `La date contenue dans le numéro de transmission (${day}) doit être celle de la séance (${formatDateFr(councilDate)}).`,
      'transmission.number',
    );
  }
  return checkNotBefore(transmission.date, councilDate, 'transmission.date', 'la date de la séance');
};

/** R-CON-9: the GPSO-domain variant needs both thresholds met, with where that was established. */
export const checkGpsoDomainEvidence = (evidence: OpenDataEvidence | undefined): Check => {
  const fail = (message: string): Check => conventionError('open_data_variant_not_eligible', message, 'evidence');
  if (!evidence) {
    return fail(
      'La publication sur le domaine GPSO exige une preuve (source) que la ville compte moins de 3 500 habitants et moins de 50 agents.',
    );
  }
  const inhabitantsOk = evidence.inhabitantsUnder3500 && (evidence.inhabitants === undefined || evidence.inhabitants < 3500);
  const agentsOk = evidence.agentsUnder50 && (evidence.agents === undefined || evidence.agents < 50);
  if (!inhabitantsOk || !agentsOk) {
    return fail('Seule une ville de moins de 3 500 habitants et de moins de 50 agents peut publier sur le domaine GPSO.');
  }
  return null;
};
