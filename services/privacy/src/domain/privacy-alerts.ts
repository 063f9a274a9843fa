import { townName, type Alert, type Insee } from '@digit/contracts';
import { formatDateFr, isOnOrBefore, parisDateOf } from '@digit/calendar';
import type { CheckedItemKind, PersonalDataCheckedData } from './processing-log.js';
import type { RegisteredProcessing } from './register.decider.js';
import { trainingStatusOf } from './training-renewal.js';
import type { TrainedAgent } from './training.decider.js';

/**
 * R-SEC-6 in privacy, from the log, the registers and the training records:
 * - `privacy-check-refused` (R-GDPR-2): the latest check of an item in the last REFUSED_CHECK_DAYS
 *   days refused it: its data is held, not processed, until the town's DPD registers the
 *   processing (or the sender corrects what it declared) and the item is checked again. Critical.
 * - `processing-draft` (R-GDPR-1, R-GDPR-2): a processing of a town's register still draft: what
 *   relies on it is refused until the town's DPD validates it. Warning.
 * - `gdpr-training-overdue` / `gdpr-training-due` (R-GDPR-3): a DIGIT agent's training is past its
 *   due day (critical) or falls due within TRAINING_DUE_WITHIN_DAYS days (warning). DIGIT's agents
 *   are the EPT's: these alerts concern no town.
 */
export const REFUSED_CHECK_DAYS = 30;
export const TRAINING_DUE_WITHIN_DAYS = 30;

const ITEM_LABELS: Readonly<Record<CheckedItemKind, string>> = {
  dataset: 'le jeu de données',
  'support-request': 'la demande d’assistance',
  'road-order': 'l’arrêté de voirie',
};

/** The latest check of each item among `latestChecks` (one per item), when it refused: the item's data is held. */
export const refusedCheckAlerts = (latestChecks: readonly PersonalDataCheckedData[]): Alert[] =>
  latestChecks
    .filter((check) => check.outcome === 'refused')
    .map((check): Alert => ({
      kind: 'privacy-check-refused',
      rule: 'R-GDPR-2',
      severity: 'critical',
      subject: check.checkId,
      insee: check.insee,
      date: parisDateOf(check.checkedAt),
      message:
        `${townName(check.insee)} : ${ITEM_LABELS[check.item.kind]} ${check.item.id} est retenu${check.item.kind === 'dataset' ? '' : 'e'} depuis la vérification RGPD du ${formatDateFr(parisDateOf(check.checkedAt))}, ` +
        `rien n’en est traité avant une nouvelle vérification. ${check.reasons.map((reason) => reason.message).join(' ')}`,
      demo: false,
    }));

/** Processings declared by `asOf` and still draft: nothing relying on them is processed (R-GDPR-2). */
export const draftProcessingAlerts = (insee: Insee, processings: readonly RegisteredProcessing[], asOf: string): Alert[] =>
  processings
    .filter((processing) => processing.status === 'draft' && isOnOrBefore(parisDateOf(processing.declaredAt), asOf))
    .map((processing): Alert => ({
      kind: 'processing-draft',
      rule: 'R-GDPR-2',
      severity: 'warning',
      subject: processing.reference,
      insee,
      date: parisDateOf(processing.lastChangedAt),
      message:
        `${townName(insee)} : le traitement « ${processing.fiche.name} » (référence ${processing.reference}) est en brouillon depuis le ${formatDateFr(parisDateOf(processing.lastChangedAt))} ; ` +
        'tant que le DPD de la ville ne l’a pas validé, aucune donnée personnelle qui en relève n’est traitée.',
      demo: false,
    }));

/** DIGIT agents at DIGIT on `asOf` whose GDPR training is overdue or falls due within 30 days; named by id, not by name. */
export const trainingAlerts = (agents: readonly TrainedAgent[], asOf: string): Alert[] =>
  agents
    .filter((agent) => isOnOrBefore(agent.joinedOn, asOf) && (agent.leftOn === null || !isOnOrBefore(agent.leftOn, asOf)))
    .map((agent) => trainingStatusOf(agent, asOf, undefined, TRAINING_DUE_WITHIN_DAYS))
    .filter((status) => status.standing !== 'up-to-date')
    .map((status): Alert => {
      const overdue = status.standing === 'overdue';
      const first = status.lastTrainedOn === null;
      return {
        kind: overdue ? 'gdpr-training-overdue' : 'gdpr-training-due',
        rule: 'R-GDPR-3',
        severity: overdue ? 'critical' : 'warning',
        subject: status.agentId,
        insee: null,
        date: status.dueOn,
        message: overdue
          ? `La formation RGPD de l’agent ${status.agentId} est échue depuis le ${formatDateFr(status.dueOn)}${first ? ' (jamais formé depuis son arrivée)' : ''} : inscrivez-le à la prochaine session.`
          : `La formation RGPD de l’agent ${status.agentId} est à ${first ? 'suivre' : 'renouveler'} d’ici le ${formatDateFr(status.dueOn)} : inscrivez-le à une session.`,
        demo: false,
      };
    });
