import type { Alert, Insee, SigUsageView } from '@digit/contracts';
import { formatDateFr, isOnOrBefore } from '@digit/calendar';
import type { IsoDate } from './calendar-date.js';
import { conventionStatusOn, sizingOn } from './convention-calendar.js';
import type { SigUsageRecordedData } from '@digit/contracts';
import type { ConventionState } from './convention.state.js';
import { GIS_OPTIONS, gisOption, type GisOptionNumber } from './gis-options.js';

/**
 * R-CON-7, article 1.1: each option allows so many users, of whom so many edit licences. The
 * town's latest measured use is compared with the option in force on the day; beyond it, the
 * convention view warns and an alert is raised (SigUsageView, libs/contracts). The remedy is the
 * convention's own: "les choix de dimensionnement établis ici pourront être revus par simple
 * avenant" (article 6.1).
 */
const RUNNING = ['in_force', 'notice_given'];

/** The latest measurement on or before `asOf` (the last recorded among those of the same day). */
const latestOn = (state: ConventionState, asOf: IsoDate): SigUsageRecordedData | null =>
  state.sigUsage.reduce<SigUsageRecordedData | null>(
    (latest, usage) =>
      isOnOrBefore(usage.measuredOn, asOf) && (!latest || isOnOrBefore(latest.measuredOn, usage.measuredOn)) ? usage : latest,
    null,
  );

const smallestCovering = (users: number, editLicences: number): GisOptionNumber | null =>
  Object.values(GIS_OPTIONS).find((option) => users <= option.maxUsers && editLicences <= option.editLicences)?.option ?? null;

const warningOf = (usage: SigUsageRecordedData, option: GisOptionNumber, suggested: GisOptionNumber | null): string => {
  const limits = gisOption(option);
  const excess = [
    usage.users > limits.maxUsers ? `${usage.users} utilisateurs pour ${limits.maxUsers} au plus` : null,
    usage.editLicences > limits.editLicences ? `${usage.editLicences} licences d'édition pour ${limits.editLicences}` : null,
  ].filter((part): part is string => part !== null);
  const remedy = suggested
    ? `l'option ${suggested} couvrirait cet usage`
    : "aucune option de l'article 1.1 ne couvre cet usage (150 utilisateurs dont 20 licences d'édition au plus)";
  return (
    `L'usage du SIG relevé le ${formatDateFr(usage.measuredOn)} dépasse l'option ${option} de la convention : ${excess.join(' et ')}. ` +
    `Le dimensionnement se revoit par simple avenant (articles 1.1 et 6.1) ; ${remedy}.`
  );
};

/** The town's use of the web GIS against its option on `asOf`; null before the first measurement. */
export const sigUsageOn = (state: ConventionState, asOf: IsoDate): SigUsageView | null => {
  const usage = latestOn(state, asOf);
  const option = sizingOn(state, asOf)?.sizing.sigOption;
  if (!usage || !option) return null;
  const limits = gisOption(option);
  const exceedsOption = usage.users > limits.maxUsers || usage.editLicences > limits.editLicences;
  const suggestedOption = exceedsOption ? smallestCovering(usage.users, usage.editLicences) : null;
  return {
    measuredOn: usage.measuredOn,
    users: usage.users,
    editLicences: usage.editLicences,
    option,
    optionMaxUsers: limits.maxUsers,
    optionEditLicences: limits.editLicences,
    exceedsOption,
    suggestedOption,
    warning: exceedsOption ? warningOf(usage, option, suggestedOption) : null,
  };
};

/** R-SEC-6, R-CON-7: the town's latest measured use beyond its option, while the convention runs. */
export const sigUsageAlert = (state: ConventionState, asOf: IsoDate): Alert | null => {
  const town = state.town;
  if (!town || !RUNNING.includes(conventionStatusOn(state, asOf) ?? '')) return null;
  const usage = sigUsageOn(state, asOf);
  if (!usage?.warning) return null;
  return {
    kind: 'sig-usage-exceeds-option',
    rule: 'R-CON-7',
    severity: 'warning',
    subject: town.insee,
    insee: town.insee as Insee,
    date: usage.measuredOn,
    message: `${town.name} : ${usage.warning}`,
    demo: town.demo,
  };
};
