import { compareAlerts, CRITICAL_WITHIN_DAYS, type Alert, type Insee } from '@digit/contracts';
import { addDays, addMonths, daysBetween, formatDateFr, isBefore, isOnOrBefore } from '@digit/calendar';
import type { IsoDate } from './calendar-date.js';
import { conventionStatusOn, dataReturnOn, effectiveTermination, lastDayInForce, versionOn } from './convention-calendar.js';
import type { ConventionState, TownRecord } from './convention.state.js';
import { sigUsageAlert } from './sig-usage.js';

/**
 * R-SEC-6: what the parties must act on about one convention on `asOf`, from its state alone.
 * - `convention-ending` (R-CON-2, R-CON-3): the last day in force, with no renewal left, is within
 *   six months. Only express, concordant deliberations of the town's council and the EPT's extend
 *   it; within 30 days (CRITICAL_WITHIN_DAYS) at most one session of each assembly is left, so it
 *   is critical: on 07/12/2026 the seven 2022 conventions end in 24 days.
 * - `termination-pending` (R-CON-4): a notice or a mutual agreement ends the convention on a known
 *   date; what follows is prepared (data return R-CON-5, depreciation share R-CON-6), critical
 *   within 30 days like any deadline.
 * - `convention-ended` (R-CON-2, R-CON-4): it expired or was terminated in the last 90 days:
 *   DIGIT serves the town without a convention, critical until someone acts.
 * - `data-return-due` (R-CON-5): after an EPT's notice, the town's data is to be returned; due
 *   from the effective date (warning before, critical after), until it is recorded as done.
 * - `sig-usage-exceeds-option` (R-CON-7): sig-usage.ts.
 */
export const LAST_DAY_NOTICE_MONTHS = 6;
export const ENDED_ALERT_DAYS = 90;

const RUNNING = ['in_force', 'notice_given'];

const inDays = (days: number): string => (days === 0 ? 'aujourd’hui' : days === 1 ? 'demain' : `dans ${days} jours`);
const severityIn = (days: number): Alert['severity'] => (days <= CRITICAL_WITHIN_DAYS ? 'critical' : 'warning');

const alertOf = (town: TownRecord, fields: Pick<Alert, 'kind' | 'rule' | 'severity' | 'date' | 'message'>): Alert => ({
  ...fields,
  subject: town.insee,
  insee: town.insee as Insee,
  message: `${town.name} : ${fields.message}`,
  // Dates of entry into force, renewals and endings are the seed's or recorded acts, never demo data.
  demo: false,
});

const endingAlert = (state: ConventionState, town: TownRecord, asOf: IsoDate): Alert | null => {
  const termination = effectiveTermination(state);
  if (termination && isOnOrBefore(termination.decidedOn, asOf)) return null;
  const version = versionOn(state, asOf);
  const lastDay = lastDayInForce(state, asOf);
  if (!version || !lastDay || !isOnOrBefore(lastDay, addMonths(asOf, LAST_DAY_NOTICE_MONTHS))) return null;
  const days = daysBetween(asOf, lastDay);
  const renewals = version.tacitRenewals;
  const tooLate = days <= CRITICAL_WITHIN_DAYS ? ' Moins de 30 jours : il ne reste au mieux qu’une séance de chaque assemblée.' : '';
  return alertOf(town, {
    kind: 'convention-ending',
    rule: 'R-CON-3',
    severity: severityIn(days),
    date: lastDay,
    message:
      `la convention prend fin le ${formatDateFr(lastDay)}, ${inDays(days)}, au terme de ${renewals === 0 ? 'sa durée' : `sa dernière reconduction tacite (${renewals} sur ${renewals})`}. ` +
      `Seul un renouvellement exprès par délibérations concordantes du conseil municipal et du conseil de territoire la prolonge : inscrivez-le à leur ordre du jour.${tooLate}`,
  });
};

const terminationAlert = (state: ConventionState, town: TownRecord, asOf: IsoDate): Alert | null => {
  const termination = effectiveTermination(state);
  if (!termination || !isOnOrBefore(termination.decidedOn, asOf) || isOnOrBefore(termination.effectiveDate, asOf)) return null;
  const lastDay = addDays(termination.effectiveDate, -1);
  const days = daysBetween(asOf, termination.effectiveDate);
  const decided =
    termination.cause === 'notice'
      ? `préavis de résiliation du ${formatDateFr(termination.decidedOn)} (${termination.requestedBy === 'ept' ? 'à la demande de l’EPT' : 'à la demande de la ville'})`
      : `résiliation d’un commun accord du ${formatDateFr(termination.decidedOn)}`;
  const follows =
    termination.requestedBy === 'ept'
      ? 'préparez la restitution à la ville de toutes ses données, au format en vigueur (R-CON-5)'
      : termination.requestedBy === 'town'
        ? 'préparez le calcul de la quote-part d’amortissement des investissements que la ville doit (R-CON-6)'
        : 'préparez l’arrêt des services et le dernier mémoire au prorata (R-BIL-6)';
  return alertOf(town, {
    kind: 'termination-pending',
    rule: 'R-CON-4',
    severity: severityIn(days),
    date: termination.effectiveDate,
    message: `${decided} : la convention prend fin le ${formatDateFr(lastDay)}, la résiliation prend effet le ${formatDateFr(termination.effectiveDate)}, ${inDays(days)} ; ${follows}.`,
  });
};

const endedAlert = (state: ConventionState, town: TownRecord, asOf: IsoDate): Alert | null => {
  const status = conventionStatusOn(state, asOf);
  if (status !== 'expired' && status !== 'terminated') return null;
  const lastDay = state.versions
    .map((version) => lastDayInForce(state, version.start, asOf))
    .filter((day): day is IsoDate => day !== null && isBefore(day, asOf))
    .sort()
    .at(-1);
  if (!lastDay || daysBetween(lastDay, asOf) > ENDED_ALERT_DAYS) return null;
  const how = status === 'terminated' ? 'résiliée' : 'arrivée à son terme';
  return alertOf(town, {
    kind: 'convention-ended',
    rule: status === 'terminated' ? 'R-CON-4' : 'R-CON-2',
    severity: 'critical',
    date: lastDay,
    message:
      `la convention est ${how} : son dernier jour était le ${formatDateFr(lastDay)}. ` +
      'La DIGIT n’a plus de convention pour servir la ville : arrêtez ses accès ou faites voter un renouvellement exprès (R-CON-3), et émettez le dernier mémoire au prorata (R-BIL-6).',
  });
};

const dataReturnAlert = (state: ConventionState, town: TownRecord, asOf: IsoDate): Alert | null => {
  const dataReturn = dataReturnOn(state, asOf);
  if (!dataReturn || dataReturn.status === 'done') return null;
  const open = dataReturn.status === 'open';
  return alertOf(town, {
    kind: 'data-return-due',
    rule: 'R-CON-5',
    severity: open ? 'critical' : 'warning',
    date: dataReturn.dueFrom,
    message: open
      ? `la restitution des données de la ville est due depuis le ${formatDateFr(dataReturn.dueFrom)} (résiliation par l’EPT) et n’est pas enregistrée : remettez-lui toutes ses données au format en vigueur, sur support numérique, puis enregistrez-la.`
      : `la résiliation par l’EPT prend effet le ${formatDateFr(dataReturn.dueFrom)} : la DIGIT devra alors restituer à la ville toutes ses données, au format en vigueur, sur support numérique.`,
  });
};

/** R-SEC-6: every alert about this convention on `asOf`, the most urgent first. */
export const conventionAlerts = (state: ConventionState, asOf: IsoDate): Alert[] => {
  const town = state.town;
  if (!town) return [];
  const running = RUNNING.includes(conventionStatusOn(state, asOf) ?? '');
  return [
    running ? endingAlert(state, town, asOf) : null,
    running ? terminationAlert(state, town, asOf) : null,
    endedAlert(state, town, asOf),
    dataReturnAlert(state, town, asOf),
    sigUsageAlert(state, asOf),
  ]
    .filter((alert): alert is Alert => alert !== null)
    .sort(compareAlerts);
};
