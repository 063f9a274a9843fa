import { DomainError, type Decider, type Decision, type Insee } from '@digit/contracts';
import { formatDateFr, type CalendarDate } from '@digit/calendar';
import { itemOf, type ChargeItem } from './charge-item.js';
import { terminationDepreciationShare, type TerminationDepreciation, type TerminationDepreciationInput } from './depreciation.js';
import { checkDate, checkPositiveCents, checkText, invalid, unknownTown, type Details } from './input-checks.js';
import type { Cents } from './money.js';
import {
  decideRegularisation,
  proposeRegularisation,
  recordDecision,
  recordLegacyAdjustment,
  recordProposal,
  type DecideRegularisation,
  type LegacyAdjustmentData,
  type ProposeRegularisation,
  type RegularisationDecidedData,
  type RegularisationProposedData,
  type RegularisationRecord,
} from './regularisation.js';
import type { TrackedCharge } from '@digit/contracts';

export type { TrackedCharge };

export type { ChargeItem, ChargeKind } from './charge-item.js';

/**
 * What a town owes (or is owed) beyond its yearly share, waiting for its next statement: committee
 * approved complex-project charges (R-BIL-8), regularisations the follow-up committee decided
 * (R-BIL-5, regularisation.ts) and the depreciation share of an early termination (R-BIL-7). One
 * stream per town; each item is carried into exactly one statement. A regularisation proposal is
 * no item: only its decision makes one.
 */
export const townChargesStreamId = (insee: string): string => `town-charges-${insee}`;

export interface ComplexProjectChargeApproval {
  readonly insee: string;
  readonly chargeId: string;
  readonly project: string;
  /** Excess parametrisation or external development that justifies charging the town. */
  readonly description: string;
  readonly amountCents: Cents;
  /** Day of the follow-up committee ("La ville & GPSO") that arbitrated the charge. */
  readonly committeeDate: CalendarDate;
  /** What the search for pooling with other towns found, done before charging one town (R-BIL-8). */
  readonly poolingOutcome: string;
}

export type TownChargesCommand =
  | { readonly type: 'ApproveComplexProjectCharge'; readonly data: ComplexProjectChargeApproval }
  | { readonly type: 'ProposeRegularisation'; readonly data: ProposeRegularisation }
  | { readonly type: 'DecideRegularisation'; readonly data: DecideRegularisation }
  | { readonly type: 'RecordTerminationDepreciation'; readonly data: TerminationDepreciationInput }
  | {
      readonly type: 'CarryChargesIntoStatement';
      readonly data: { readonly insee: string; readonly statementNumber: string; readonly itemIds: readonly string[] };
    };

export type TownChargesEvent =
  | { readonly type: 'ComplexProjectChargeApproved'; readonly data: ComplexProjectChargeApproval & ChargeItem & { readonly insee: Insee } }
  | { readonly type: 'RegularisationProposed'; readonly data: RegularisationProposedData }
  | { readonly type: 'RegularisationDecided'; readonly data: RegularisationDecidedData }
  /** Recorded before the committee rule, never produced now: read as a proposal (regularisation.ts). */
  | { readonly type: 'ReconciliationAdjustmentRecorded'; readonly data: LegacyAdjustmentData & { readonly insee: Insee } }
  | { readonly type: 'TerminationDepreciationRecorded'; readonly data: ChargeItem & TerminationDepreciation }
  | {
      readonly type: 'ChargesCarriedIntoStatement';
      readonly data: { readonly insee: Insee; readonly statementNumber: string; readonly itemIds: readonly string[] };
    };

export interface TownChargesState {
  readonly items: readonly TrackedCharge[];
  readonly regularisations: readonly RegularisationRecord[];
}

/** A retried command with the same item changes nothing; a different one under the same id is refused. */
const recordOnce = (state: TownChargesState, event: TownChargesEvent & { data: ChargeItem }): Decision<TownChargesEvent> => {
  const existing = state.items.find((item) => item.itemId === event.data.itemId);
  if (!existing) return [event];
  if (existing.amountCents === event.data.amountCents && existing.label === event.data.label) return [];
  return new DomainError(
    'conflict',
    'charge_already_recorded',
    `La ligne « ${existing.label} » est déjà enregistrée avec un autre montant ; elle ne peut pas être remplacée.`,
    [{ path: 'itemId', message: `${event.data.itemId} existe déjà` }],
  );
};

const approveComplexProject = (data: ComplexProjectChargeApproval, state: TownChargesState): Decision<TownChargesEvent> => {
  const notATown = unknownTown(data.insee);
  if (notATown) return notATown;
  const details: Details = [];
  checkText(details, 'chargeId', data.chargeId);
  checkText(details, 'project', data.project);
  checkText(details, 'description', data.description);
  checkPositiveCents(details, 'amountCents', data.amountCents);
  checkDate(details, 'committeeDate', data.committeeDate);
  const error = invalid('invalid_charge', 'La charge de projet complexe est refusée : corrigez les valeurs indiquées.', details);
  if (error) return error;
  if (typeof data.poolingOutcome !== 'string' || data.poolingOutcome.trim() === '') {
    return new DomainError(
      'conflict',
      'pooling_not_sought',
      'Une charge de projet complexe ne peut être imputée à la Ville qu’après une recherche de mutualisation : indiquez son résultat.',
      [{ path: 'poolingOutcome', message: 'résultat de la recherche de mutualisation obligatoire' }],
    );
  }
  return recordOnce(state, {
    type: 'ComplexProjectChargeApproved',
    data: {
      ...data,
      insee: data.insee as Insee,
      itemId: `complex-project-${data.chargeId}`,
      kind: 'complex-project-charge',
      label: `Projet complexe « ${data.project} », arbitré en comité de suivi du ${formatDateFr(data.committeeDate)}`,
    },
  });
};

const recordDepreciation = (data: TerminationDepreciationInput, state: TownChargesState): Decision<TownChargesEvent> => {
  const share = terminationDepreciationShare(data);
  if (share instanceof DomainError) return share;
  if (share.totalCents === 0) return [];
  return recordOnce(state, {
    type: 'TerminationDepreciationRecorded',
    data: {
      ...share,
      itemId: `depreciation-${share.terminationDate}`,
      kind: 'depreciation-share',
      label: `Quote-part d'usage des amortissements des investissements (résiliation au ${formatDateFr(share.terminationDate)})`,
      amountCents: share.totalCents,
    },
  });
};

const carry = (
  data: Extract<TownChargesCommand, { type: 'CarryChargesIntoStatement' }>['data'],
  state: TownChargesState,
): Decision<TownChargesEvent> => {
  const notATown = unknownTown(data.insee);
  if (notATown) return notATown;
  const details: Details = [];
  checkText(details, 'statementNumber', data.statementNumber);
  if (!Array.isArray(data.itemIds)) details.push({ path: 'itemIds', message: 'liste des identifiants de lignes attendue' });
  const itemIds: readonly string[] = Array.isArray(data.itemIds) ? data.itemIds : [];
  itemIds.forEach((itemId, index) => {
    const item = state.items.find((candidate) => candidate.itemId === itemId);
    if (!item) details.push({ path: `itemIds[${index}]`, message: `aucune ligne en attente n'a l'identifiant ${itemId}` });
    else if (item.carriedInto !== null && item.carriedInto !== data.statementNumber) {
      details.push({ path: `itemIds[${index}]`, message: `déjà reportée sur le mémoire ${item.carriedInto}` });
    }
  });
  const error = invalid('charges_not_pending', 'Ces lignes ne peuvent pas être reportées sur ce mémoire.', details, 'conflict');
  if (error) return error;
  const pending = itemIds.filter((itemId) => state.items.some((item) => item.itemId === itemId && item.carriedInto === null));
  if (pending.length === 0) return [];
  return [
    { type: 'ChargesCarriedIntoStatement', data: { insee: data.insee as Insee, statementNumber: data.statementNumber, itemIds: pending } },
  ];
};

/** History: a legacy adjustment a mémoire carried before the rule stays on that mémoire. */
const carryInto = (state: TownChargesState, statementNumber: string, itemIds: readonly string[]): TownChargesState => {
  const carriedLegacy = state.regularisations.filter((record) => record.status === 'proposed' && itemIds.includes(record.proposalId));
  return {
    items: [
      ...state.items.map((item) => (itemIds.includes(item.itemId) ? { ...item, carriedInto: statementNumber } : item)),
      ...carriedLegacy.map((record) => ({
        itemId: record.proposalId,
        kind: 'reconciliation-adjustment' as const,
        label: record.label,
        amountCents: record.proposedCents,
        carriedInto: statementNumber,
      })),
    ],
    regularisations: state.regularisations.map((record) =>
      carriedLegacy.includes(record) ? { ...record, status: 'carried-without-decision' as const } : record,
    ),
  };
};

export const townChargesDecider: Decider<TownChargesCommand, TownChargesEvent, TownChargesState> = {
  initialState: { items: [], regularisations: [] },
  decide: (command, state) => {
    switch (command.type) {
      case 'ApproveComplexProjectCharge':
        return approveComplexProject(command.data, state);
      case 'ProposeRegularisation':
        return proposeRegularisation(command.data, state.regularisations);
      case 'DecideRegularisation':
        return decideRegularisation(command.data, state.regularisations);
      case 'RecordTerminationDepreciation':
        return recordDepreciation(command.data, state);
      case 'CarryChargesIntoStatement':
        return carry(command.data, state);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'ComplexProjectChargeApproved':
      case 'TerminationDepreciationRecorded':
        return { ...state, items: [...state.items, { ...itemOf(event.data), carriedInto: null }] };
      case 'RegularisationProposed':
        return { ...state, regularisations: recordProposal(state.regularisations, event.data) };
      case 'ReconciliationAdjustmentRecorded':
        return { ...state, regularisations: recordLegacyAdjustment(state.regularisations, event.data) };
      case 'RegularisationDecided': {
        const { charge } = event.data;
        const items = charge ? [...state.items, { ...itemOf(charge), carriedInto: null }] : state.items;
        return { items, regularisations: recordDecision(state.regularisations, event.data) };
      }
      case 'ChargesCarriedIntoStatement':
        return carryInto(state, event.data.statementNumber, event.data.itemIds);
    }
  },
};

/** The items the town's next statement must carry, in the order they were recorded. */
export const pendingChargeItems = (state: TownChargesState): ChargeItem[] =>
  state.items.filter((item) => item.carriedInto === null).map(itemOf);
