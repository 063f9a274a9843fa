import { DomainError, type Decision, type Insee } from '@digit/contracts';
import { type CalendarDate, compareDates, formatDateFr, formatMoneyFr } from '@digit/calendar';
import type { ChargeItem } from './charge-item.js';
import { checkDate, checkYear, invalid, unknownTown, type Details } from './input-checks.js';
import { isCents, type Cents } from './money.js';
import type { RegularisationOutcome, RegularisationStatus, RegularisationRecord } from '@digit/contracts';

export type { RegularisationOutcome, RegularisationStatus, RegularisationRecord };

export const REGULARISATION_OUTCOMES: readonly RegularisationOutcome[] = ['accepted', 'amended', 'refused'];

/** How the mémoire's readers and the committee name each status. */
export const REGULARISATION_STATUS_FR: Readonly<Record<RegularisationStatus, string>> = {
  proposed: 'proposée, en attente du comité de suivi',
  accepted: 'acceptée par le comité de suivi',
  amended: 'amendée par le comité de suivi',
  refused: 'refusée par le comité de suivi',
  'carried-without-decision': 'reportée sur un mémoire avant la règle de décision en comité',
};

export interface ProposeRegularisation {
  readonly insee: string;
  readonly year: number;
  readonly reconciledOn: CalendarDate;
  readonly forecastShareCents: Cents;
  readonly actualShareCents: Cents;
}

export interface DecideRegularisation {
  readonly insee: string;
  readonly year: number;
  readonly outcome: RegularisationOutcome;
  /** The amount the committee set, only with `amended`. */
  readonly amountCents?: Cents;
  /** The day the town's follow-up committee ("La ville & GPSO") decided. */
  readonly committeeDate: CalendarDate;
  /** Its minutes, or the committee's id in the support service. */
  readonly committeeReference: string;
  readonly note?: string;
}

export interface RegularisationProposedData {
  readonly insee: Insee;
  readonly year: number;
  readonly proposalId: string;
  readonly reconciledOn: CalendarDate;
  readonly forecastShareCents: Cents;
  readonly actualShareCents: Cents;
  readonly proposedCents: Cents;
  readonly label: string;
}

export interface RegularisationDecidedData {
  readonly insee: Insee;
  readonly year: number;
  readonly proposalId: string;
  readonly outcome: RegularisationOutcome;
  readonly proposedCents: Cents;
  /** 0 when refused. */
  readonly decidedCents: Cents;
  readonly committeeDate: CalendarDate;
  readonly committeeReference: string;
  readonly note: string | null;
  /** The line the town's next mémoire carries; null when refused. */
  readonly charge: ChargeItem | null;
}

/** The pre-rule event: a regularisation the system booked by itself (no longer produced). */
export interface LegacyAdjustmentData extends ChargeItem {
  readonly year: number;
  readonly forecastShareCents: Cents;
  readonly actualShareCents: Cents;
}

export const regularisationProposalId = (year: number): string => `regularisation-${year}`;

const direction = (cents: Cents): string => (cents > 0 ? 'complément dû par la Ville' : 'trop-perçu restitué à la Ville');

export const proposeRegularisation = (
  data: ProposeRegularisation,
  regularisations: readonly RegularisationRecord[],
): Decision<{ readonly type: 'RegularisationProposed'; readonly data: RegularisationProposedData }> => {
  const notATown = unknownTown(data.insee);
  if (notATown) return notATown;
  const details: Details = [];
  checkYear(details, 'year', data.year);
  checkDate(details, 'reconciledOn', data.reconciledOn);
  if (!isCents(data.forecastShareCents)) details.push({ path: 'forecastShareCents', message: 'montant en centimes entier attendu' });
  if (!isCents(data.actualShareCents)) details.push({ path: 'actualShareCents', message: 'montant en centimes entier attendu' });
  const error = invalid(
    'invalid_regularisation',
    'La proposition de régularisation est refusée : corrigez les valeurs indiquées.',
    details,
  );
  if (error) return error;
  const proposedCents = data.actualShareCents - data.forecastShareCents;
  if (proposedCents === 0) return [];
  const existing = regularisations.find((record) => record.year === data.year);
  if (existing) {
    if (existing.proposedCents === proposedCents) return [];
    return new DomainError(
      'conflict',
      'regularisation_already_proposed',
      `Une régularisation ${data.year} est déjà proposée pour cette ville (${formatMoneyFr(existing.proposedCents)}).`,
    );
  }
  const amount = formatMoneyFr(Math.abs(proposedCents));
  const label =
    proposedCents > 0
      ? `Proposition de régularisation ${data.year} après compte administratif : complément de ${amount} dû par la Ville, à décider en comité de suivi`
      : `Proposition de régularisation ${data.year} après compte administratif : trop-perçu de ${amount} à restituer à la Ville, à décider en comité de suivi`;
  return [
    {
      type: 'RegularisationProposed',
      data: { ...data, insee: data.insee as Insee, proposalId: regularisationProposalId(data.year), proposedCents, label },
    },
  ];
};

/**
 * R-BIL-5: an amended regularisation carries the committee's amount, the others none. The values'
 * shapes (year, date, reference, outcome) are checked at the edge (DecideRegularisationRequest).
 */
const checkDecision = (data: DecideRegularisation): Details => {
  const details: Details = [];
  if (data.outcome === 'amended' && (!isCents(data.amountCents) || data.amountCents === 0)) {
    details.push({
      path: 'amountCents',
      message: 'montant amendé attendu, en centimes entiers, non nul (une régularisation ramenée à zéro est refusée)',
    });
  } else if (data.outcome !== 'amended' && data.amountCents !== undefined) {
    details.push({ path: 'amountCents', message: 'un montant ne se donne que pour une régularisation amendée' });
  }
  return details;
};

const sameDecision = (record: RegularisationRecord, data: DecideRegularisation, decidedCents: Cents): boolean =>
  record.status === data.outcome && record.decidedCents === decidedCents && record.committeeDate === data.committeeDate;

export const decideRegularisation = (
  data: DecideRegularisation,
  regularisations: readonly RegularisationRecord[],
): Decision<{ readonly type: 'RegularisationDecided'; readonly data: RegularisationDecidedData }> => {
  const notATown = unknownTown(data.insee);
  if (notATown) return notATown;
  const error = invalid(
    'invalid_regularisation_decision',
    'La décision du comité de suivi est refusée : corrigez les valeurs indiquées.',
    checkDecision(data),
  );
  if (error) return error;
  const record = regularisations.find((candidate) => candidate.year === data.year);
  if (!record) {
    return new DomainError(
      'not_found',
      'regularisation_not_found',
      `Aucune régularisation ${data.year} n'est proposée pour cette ville : il n'y en a que lorsque l'écart du compte administratif dépasse 15 % (article 6.4).`,
    );
  }
  const decidedCents = data.outcome === 'refused' ? 0 : data.outcome === 'amended' ? (data.amountCents as Cents) : record.proposedCents;
  if (record.status !== 'proposed') {
    if (sameDecision(record, data, decidedCents)) return [];
    return new DomainError(
      'conflict',
      'regularisation_already_decided',
      `La régularisation ${data.year} est déjà ${REGULARISATION_STATUS_FR[record.status]} : une décision ne se remplace pas.`,
    );
  }
  if (record.reconciledOn && compareDates(data.committeeDate, record.reconciledOn) < 0) {
    return new DomainError(
      'invalid',
      'invalid_regularisation_decision',
      'Le comité ne peut décider avant la comparaison au compte administratif.',
      [{ path: 'committeeDate', message: `date antérieure au ${formatDateFr(record.reconciledOn)}` }],
    );
  }
  const charge: ChargeItem | null =
    decidedCents === 0
      ? null
      : {
          itemId: record.proposalId,
          kind: 'reconciliation-adjustment',
          label: `Régularisation ${data.year} décidée en comité de suivi du ${formatDateFr(data.committeeDate)}${data.outcome === 'amended' ? ' (montant amendé)' : ''} : ${direction(decidedCents)}`,
          amountCents: decidedCents,
        };
  return [
    {
      type: 'RegularisationDecided',
      data: {
        insee: data.insee as Insee,
        year: data.year,
        proposalId: record.proposalId,
        outcome: data.outcome,
        proposedCents: record.proposedCents,
        decidedCents,
        committeeDate: data.committeeDate,
        committeeReference: data.committeeReference.trim(),
        note: data.note?.trim() || null,
        charge,
      },
    },
  ];
};

const undecided = { status: 'proposed' as const, decidedCents: null, committeeDate: null, committeeReference: null };

export const recordProposal = (records: readonly RegularisationRecord[], data: RegularisationProposedData): RegularisationRecord[] => [
  ...records,
  {
    year: data.year,
    proposalId: data.proposalId,
    reconciledOn: data.reconciledOn,
    forecastShareCents: data.forecastShareCents,
    actualShareCents: data.actualShareCents,
    proposedCents: data.proposedCents,
    label: data.label,
    ...undecided,
  },
];

/** A legacy adjustment is read as what the rule makes it: a proposal waiting for the committee. */
export const recordLegacyAdjustment = (records: readonly RegularisationRecord[], data: LegacyAdjustmentData): RegularisationRecord[] => [
  ...records,
  {
    year: data.year,
    proposalId: data.itemId,
    reconciledOn: null,
    forecastShareCents: data.forecastShareCents,
    actualShareCents: data.actualShareCents,
    proposedCents: data.amountCents,
    label: data.label,
    ...undecided,
  },
];

export const recordDecision = (records: readonly RegularisationRecord[], data: RegularisationDecidedData): RegularisationRecord[] =>
  records.map((record) =>
    record.proposalId === data.proposalId
      ? {
          ...record,
          status: data.outcome,
          decidedCents: data.decidedCents,
          committeeDate: data.committeeDate,
          committeeReference: data.committeeReference,
        }
      : record,
  );
