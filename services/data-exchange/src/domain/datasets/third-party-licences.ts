import { formatDateFr, isCalendarDate } from '@digit/calendar';
import type { AgreementDate, EndingLicence, LimitsOfUse, ThirdPartyAgreement } from '@digit/contracts';
import { Temporal } from 'temporal-polyfill';

export type { AgreementCategory, AgreementDate, AgreementEnd, EndingLicence, LimitsOfUse, ThirdPartyAgreement } from '@digit/contracts';

const NOT_IN_ANNEX_4 = 'l’annexe 4 ne donne pas cette date';
const unknownDate: AgreementDate = { kind: 'unknown', note: NOT_IN_ANNEX_4 };
const unknownLimits: LimitsOfUse = { kind: 'unknown', note: 'l’annexe 4 ne précise pas les limites d’usage' };

/**
 * The agreements of annex 4 "Partenariats et conventions de droit d'usage et d'échanges de
 * données géographiques en cours" (R-DX-7). Only what the seed says; every missing date is
 * `unknown`, never guessed.
 */
export const ANNEX_4_LICENCES: readonly ThirdPartyAgreement[] = [
  {
    id: 'pci-cd92',
    category: 'partenariat',
    counterparty: 'Conseil Départemental des Hauts-de-Seine',
    title: 'Convention de mise à disposition du Plan Cadastral Informatisé aux communes et EPCI du Département des Hauts-de-Seine',
    signedOn: unknownDate,
    endsOn: unknownDate,
    limitsOfUse: {
      kind: 'seed',
      text: 'mise à disposition aux communes et EPCI du Département des Hauts-de-Seine',
    },
  },
  {
    id: 'mig92',
    category: 'partenariat',
    counterparty: 'Conseil Départemental des Hauts-de-Seine',
    title: 'Convention MIG 92 avec le département des Hauts-de-Seine',
    signedOn: unknownDate,
    endsOn: unknownDate,
    limitsOfUse: unknownLimits,
  },
  {
    id: 'smart-plateforme-2030',
    category: 'partenariat',
    counterparty: 'Région Île-de-France – Smart Services',
    title: 'Convention de partenariat précisant les modalités d’utilisation de la Smart Plateforme 2030',
    signedOn: { kind: 'seed', date: '2020-10-14' },
    endsOn: { kind: 'no_end' },
    limitsOfUse: {
      kind: 'unknown',
      note: 'les modalités d’utilisation sont dans la convention, pas dans l’annexe 4',
    },
  },
  {
    id: 'sipperec-bouquet-7',
    category: 'partenariat',
    counterparty: 'SIPPEREC',
    title: 'SIPPEREC – Bouquet n° 7 : adhésion',
    signedOn: unknownDate,
    endsOn: {
      kind: 'unknown',
      note: 'renouvellement annuel de l’adhésion ; l’annexe 4 ne donne pas sa date anniversaire',
    },
    renewal: 'renouvellement annuel de l’adhésion',
    limitsOfUse: unknownLimits,
  },
  {
    id: 'canalisations-udea92',
    category: 'licence-producteur-public',
    counterparty:
      'Unité Départementale des Hauts-de-Seine de la Direction Régionale et Interdépartementale de l’Équipement et de l’Aménagement de l’Île-de-France (UDEA92)',
    title:
      'Convention de mise à disposition des données cartographiques relatives aux canalisations de transport de gaz combustibles, d’hydrocarbures liquides ou liquéfiés et de produits chimiques',
    signedOn: { kind: 'seed', date: '2020-09-17' },
    endsOn: { kind: 'no_end' },
    limitsOfUse: unknownLimits,
  },
  {
    id: 'mos-institut-paris-region',
    category: 'licence-producteur-public',
    counterparty: 'Institut Paris Région (anciennement Institut d’Aménagement et d’Urbanisme de la Région d’Île-de-France)',
    title: 'Contrat de licence d’exploitation MOS',
    signedOn: unknownDate,
    endsOn: unknownDate,
    limitsOfUse: { kind: 'unknown', note: 'licence d’exploitation dont l’annexe 4 ne donne pas les termes' },
  },
];

const marche = (number: string, title: string, holder: string): ThirdPartyAgreement => ({
  id: `marche-${number}`,
  category: 'marche',
  counterparty: holder,
  title,
  signedOn: {
    kind: 'unknown',
    note: 'date de notification non donnée ; le tableau donne le début du marché',
  },
  startsOn: { kind: 'seed', date: '2020-11-24' },
  /** "FIN (MAX)": the end if both optional years are taken up. */
  endsOn: { kind: 'seed', date: '2024-11-23' },
  limitsOfUse: unknownLimits,
  contract: { number, holder, duration: '2 ans fermes à compter de la date de notification + 1 an + 1 an' },
});

/**
 * The public contracts tabled in annex 4 right under the SIPPEREC entry (the seed does not
 * say outright that they belong to it). Their end is the latest possible one ("FIN (MAX)").
 */
export const ANNEX_4_CONTRACTS: readonly ThirdPartyAgreement[] = [
  marche('2020033', 'Assistance à Maîtrise d’ouvrage - Systèmes d’information géographique', 'NAOMIS'),
  marche('2020036', 'Lot 1 - Intégration de solutions logicielles de systèmes d’information géographique', 'GÉOFIT'),
  marche('2020037', 'Lot 2 - Collecte, traitement et Intégration de données géoréférencées', 'GÉOFIT'),
  marche('2020038', 'Lot 3 - Acquisition d’une plateforme de diffusion de l’information géographique', 'GÉOFIT'),
];

/** Everything annex 4 lists: the licences and conventions, then the contracts. */
export const ANNEX_4_AGREEMENTS: readonly ThirdPartyAgreement[] = [...ANNEX_4_LICENCES, ...ANNEX_4_CONTRACTS];

/** A copy of an agreement with a demonstration end date, labelled so wherever it shows. */
export const withDemoEnd = (agreement: ThirdPartyAgreement, date: string): ThirdPartyAgreement => ({
  ...agreement,
  endsOn: { kind: 'demo', date },
});

/** How a person reads the end of an agreement. */
export const describeAgreementEnd = (agreement: ThirdPartyAgreement): string => {
  const end = agreement.endsOn;
  switch (end.kind) {
    case 'no_end':
      return 'sans limite de durée';
    case 'unknown':
      return `date de fin inconnue (${end.note})`;
    case 'seed':
      return `fin le ${formatDateFr(end.date)}`;
    case 'demo':
      return `fin le ${formatDateFr(end.date)} (date de démonstration, non issue de l’annexe 4)`;
  }
};

const toPlainDate = (today: Temporal.PlainDate | string): Temporal.PlainDate => {
  const date = typeof today === 'string' ? (isCalendarDate(today) ? Temporal.PlainDate.from(today) : undefined) : today;
  if (!date) throw new RangeError(`date du jour invalide : ${String(today)} (attendu AAAA-MM-JJ)`);
  return date;
};

/**
 * Agreements whose known end date falls between today and today + `days`, both included,
 * soonest first (R-DX-7). Agreements without an end or with an unknown end are never listed:
 * see `licencesWithUnknownEnd` for those to chase.
 */
export const licencesEndingWithin = (
  licences: readonly ThirdPartyAgreement[],
  today: Temporal.PlainDate | string,
  days = 90,
): EndingLicence[] => {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`nombre de jours invalide : ${days} (entier positif attendu)`);
  const from = toPlainDate(today);
  const until = from.add({ days });
  return licences
    .flatMap((agreement): EndingLicence[] => {
      const end = agreement.endsOn;
      if (end.kind !== 'seed' && end.kind !== 'demo') return [];
      const endsOn = Temporal.PlainDate.from(end.date);
      if (Temporal.PlainDate.compare(endsOn, from) < 0 || Temporal.PlainDate.compare(endsOn, until) > 0) return [];
      const daysLeft = from.until(endsOn, { largestUnit: 'days' }).days;
      const when = daysLeft === 0 ? 'aujourd’hui' : daysLeft === 1 ? 'demain' : `dans ${daysLeft} jours`;
      return [
        {
          agreement,
          endsOn: end.date,
          daysLeft,
          demo: end.kind === 'demo',
          label: `${agreement.title} (${agreement.counterparty}) : ${describeAgreementEnd(agreement)}, ${when}`,
        },
      ];
    })
    .sort((a, b) => a.endsOn.localeCompare(b.endsOn) || a.agreement.id.localeCompare(b.agreement.id));
};

/** Agreements whose end annex 4 does not give: to be asked of the counterparty, not guessed. */
export const licencesWithUnknownEnd = (licences: readonly ThirdPartyAgreement[]): ThirdPartyAgreement[] =>
  licences.filter((agreement) => agreement.endsOn.kind === 'unknown');
