import { Temporal } from 'temporal-polyfill';
import type { Alert } from '@digit/contracts';
import { formatDateFr, isCalendarDate, plainDate } from '@digit/calendar';
import type { ThirdPartyAgreement } from './third-party-licences.js';

/**
 * R-SEC-6: the public contracts and the data licences of annex 4 (R-DX-7) whose known end has
 * passed, or falls within `days` (90 by default) of `today`, are alerts, not just lines of a list.
 * An end the annex does not give raises none (`licencesWithUnknownEnd` lists those to chase); a
 * demonstration end date raises one labelled as such.
 */
export const AGREEMENT_ALERT_DAYS = 90;

const subjectOf = (agreement: ThirdPartyAgreement): string =>
  agreement.contract
    ? `Marché n° ${agreement.contract.number} – ${agreement.title} (${agreement.contract.holder})`
    : `${agreement.title} (${agreement.counterparty})`;

const whatToDo = (agreement: ThirdPartyAgreement, ended: boolean): string => {
  if (agreement.contract) {
    return ended
      ? 'aucune prestation ne peut plus être commandée sur ce marché : constatez son remplacement'
      : 'préparez sa remise en concurrence';
  }
  return ended
    ? 'les données sous cette licence ne peuvent plus servir sans son renouvellement : demandez-le au cocontractant'
    : 'demandez son renouvellement au cocontractant';
};

/** The alerts on `today` (`YYYY-MM-DD`), ended ones first, then by end date. */
export const agreementAlerts = (agreements: readonly ThirdPartyAgreement[], today: string, days = AGREEMENT_ALERT_DAYS): Alert[] => {
  if (!isCalendarDate(today)) throw new RangeError(`date du jour invalide : ${today} (attendu AAAA-MM-JJ)`);
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`nombre de jours invalide : ${days} (entier positif attendu)`);
  const from = plainDate(today);
  const until = from.add({ days });
  return agreements
    .flatMap((agreement): Alert[] => {
      const end = agreement.endsOn;
      if (end.kind !== 'seed' && end.kind !== 'demo') return [];
      const endsOn = Temporal.PlainDate.from(end.date);
      if (Temporal.PlainDate.compare(endsOn, until) > 0) return [];
      const ended = Temporal.PlainDate.compare(endsOn, from) < 0;
      const daysLeft = from.until(endsOn, { largestUnit: 'days' }).days;
      const when = ended
        ? `terminé${agreement.contract ? '' : 'e'} depuis le ${formatDateFr(end.date)}`
        : `prend fin le ${formatDateFr(end.date)}, ${daysLeft === 0 ? 'aujourd’hui' : daysLeft === 1 ? 'demain' : `dans ${daysLeft} jours`}`;
      const demo = end.kind === 'demo' ? ' (date de fin de démonstration, non issue de l’annexe 4)' : '';
      const kind = `${agreement.contract ? 'contract' : 'licence'}-${ended ? 'ended' : 'ending'}`;
      return [
        {
          kind,
          rule: 'R-SEC-6',
          severity: ended ? 'critical' : 'warning',
          subject: agreement.id,
          insee: null,
          date: end.date,
          message: `${subjectOf(agreement)} : ${when}${demo} ; ${whatToDo(agreement, ended)}.`,
          demo: end.kind === 'demo',
        },
      ];
    })
    .sort((a, b) =>
      a.severity === b.severity ? a.date.localeCompare(b.date) || a.subject.localeCompare(b.subject) : a.severity === 'critical' ? -1 : 1,
    );
};
