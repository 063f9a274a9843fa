import {
  DomainError,
  isInsee,
  type CommitteeChargeApproved,
  type Decider,
  type Decision,
  type DomainEvent,
  type ErrorDetail,
  type Insee,
} from '@digit/contracts';
import { parsePlainDate } from './business-time.js';

/**
 * Governance committees (DOMAIN R-SUP-6): the annual follow-up committee of each town
 * ("La ville & GPSO"), which arbitrates every choice that costs the town money (R-BIL-8), and
 * the steering committee of all towns ("Les villes & GPSO"); either may meet exceptionally.
 * Stream `committee-<id>`. Dates are calendar dates `YYYY-MM-DD`.
 */
export const committeeStreamId = (committeeId: string): string => `committee-${committeeId}`;

export type CommitteeKind = 'follow-up' | 'steering';
export type CommitteeDecisionOutcome = 'approved' | 'rejected';

export type CommitteeScheduled = DomainEvent<
  'CommitteeScheduled',
  {
    readonly committeeId: string;
    readonly kind: CommitteeKind;
    /** The town of a follow-up committee; null for the steering committee. */
    readonly insee: Insee | null;
    readonly date: string;
    readonly exceptional: boolean;
  }
>;
export type CommitteeHeld = DomainEvent<'CommitteeHeld', { readonly heldOn: string; readonly minutes: string }>;
export type CommitteeDecisionRecorded = DomainEvent<
  'CommitteeDecisionRecorded',
  {
    readonly decisionId: string;
    readonly subject: string;
    readonly outcome: CommitteeDecisionOutcome;
    /** Cost to the town put to arbitration, in integer cents; null when none. */
    readonly chargeCents: number | null;
    /** What the search for pooling with other towns found, required with a charge (R-BIL-8). */
    readonly poolingOutcome: string | null;
  }
>;
/** A charge the follow-up committee approved: billing invoices it to the town (R-BIL-8); defined in libs/contracts. */
export type { CommitteeChargeApproved };
export type CommitteeActionRecorded = DomainEvent<
  'CommitteeActionRecorded',
  { readonly actionId: string; readonly description: string; readonly owner: string; readonly dueOn: string }
>;
export type CommitteeActionCompleted = DomainEvent<'CommitteeActionCompleted', { readonly actionId: string; readonly completedOn: string }>;
export type CommitteeEvent =
  | CommitteeScheduled
  | CommitteeHeld
  | CommitteeDecisionRecorded
  | CommitteeChargeApproved
  | CommitteeActionRecorded
  | CommitteeActionCompleted;

export type CommitteeCommand =
  | {
      readonly type: 'ScheduleCommittee';
      readonly committeeId: string;
      readonly kind: CommitteeKind;
      readonly insee?: unknown;
      readonly date: unknown;
      readonly exceptional?: boolean;
    }
  | { readonly type: 'RecordCommitteeHeld'; readonly heldOn: unknown; readonly minutes: string }
  | {
      readonly type: 'RecordCommitteeDecision';
      readonly decisionId: string;
      readonly subject: string;
      readonly outcome: CommitteeDecisionOutcome;
      readonly chargeCents?: number;
      readonly poolingOutcome?: string;
    }
  | {
      readonly type: 'RecordCommitteeAction';
      readonly actionId: string;
      readonly description: string;
      readonly owner: string;
      readonly dueOn: unknown;
    }
  | { readonly type: 'CompleteCommitteeAction'; readonly actionId: string; readonly completedOn: unknown };

export type CommitteeState =
  | { readonly status: 'none' }
  | {
      readonly status: 'scheduled' | 'held';
      readonly committeeId: string;
      readonly insee: Insee | null;
      readonly heldOn: string | null;
      readonly decisionIds: readonly string[];
      /** Action id to whether it is completed. */
      readonly actions: Readonly<Record<string, boolean>>;
    };

const invalid = (...details: ErrorDetail[]): DomainError =>
  new DomainError('invalid', 'validation_failed', 'La saisie du comité est incomplète ou invalide.', details);

const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

const scheduleCommittee = (command: Extract<CommitteeCommand, { type: 'ScheduleCommittee' }>): Decision<CommitteeEvent> => {
  const details: ErrorDetail[] = [];
  const date = parsePlainDate(command.date);
  if (isBlank(command.committeeId)) {
    details.push({ path: 'committeeId', message: "l'identifiant du comité est obligatoire" });
  }
  if (date === null) details.push({ path: 'date', message: 'date attendue au format AAAA-MM-JJ' });
  if (command.kind === 'follow-up' && !isInsee(command.insee)) {
    details.push({
      path: 'insee',
      message: 'le comité de suivi « La ville & GPSO » concerne une ville, par son code INSEE',
    });
  } else if (command.kind === 'steering' && command.insee !== undefined) {
    details.push({ path: 'insee', message: 'le comité de pilotage « Les villes & GPSO » réunit toutes les villes' });
  } else if (command.kind !== 'follow-up' && command.kind !== 'steering') {
    details.push({ path: 'kind', message: 'type attendu : follow-up ou steering' });
  }
  if (details.length > 0 || date === null) return invalid(...details);
  return [
    {
      type: 'CommitteeScheduled',
      data: {
        committeeId: command.committeeId,
        kind: command.kind,
        insee: isInsee(command.insee) ? command.insee : null,
        date: date.toString(),
        exceptional: command.exceptional ?? false,
      },
    },
  ];
};

type HeldCommitteeCommand = Exclude<CommitteeCommand, { type: 'ScheduleCommittee' | 'RecordCommitteeHeld' }>;

const decideAfterMeeting = (
  command: HeldCommitteeCommand,
  state: Exclude<CommitteeState, { status: 'none' }>,
  heldOn: string,
): Decision<CommitteeEvent> => {
  switch (command.type) {
    case 'RecordCommitteeDecision': {
      if (isBlank(command.decisionId) || state.decisionIds.includes(command.decisionId)) {
        return invalid({ path: 'decisionId', message: 'identifiant de décision absent ou déjà utilisé' });
      }
      if (isBlank(command.subject)) {
        return invalid({ path: 'subject', message: "l'objet de la décision est obligatoire" });
      }
      if (command.outcome !== 'approved' && command.outcome !== 'rejected') {
        return invalid({ path: 'outcome', message: 'décision attendue : approved ou rejected' });
      }
      const charge = command.chargeCents;
      if (charge !== undefined && (!Number.isSafeInteger(charge) || charge <= 0)) {
        return invalid({ path: 'chargeCents', message: 'montant attendu en centimes, entier positif' });
      }
      if (charge !== undefined && state.insee === null) {
        return invalid({
          path: 'chargeCents',
          message: 'les frais pour une ville sont arbitrés par son comité de suivi',
        });
      }
      if (charge !== undefined && isBlank(command.poolingOutcome)) {
        return invalid({
          path: 'poolingOutcome',
          message: "un frais ne se met à la charge de la ville qu'après une recherche de mutualisation : indiquez son résultat",
        });
      }
      const subject = command.subject.trim();
      const poolingOutcome = charge === undefined ? null : (command.poolingOutcome ?? '').trim();
      const recorded: CommitteeEvent = {
        type: 'CommitteeDecisionRecorded',
        data: { decisionId: command.decisionId, subject, outcome: command.outcome, chargeCents: charge ?? null, poolingOutcome },
      };
      if (charge === undefined || poolingOutcome === null || state.insee === null || command.outcome !== 'approved') {
        return [recorded];
      }
      return [
        recorded,
        {
          type: 'CommitteeChargeApproved',
          data: {
            committeeId: state.committeeId,
            decisionId: command.decisionId,
            insee: state.insee,
            amountCents: charge,
            subject,
            poolingOutcome,
            approvedOn: heldOn,
          },
        },
      ];
    }
    case 'RecordCommitteeAction': {
      const dueOn = parsePlainDate(command.dueOn);
      if (isBlank(command.actionId) || Object.hasOwn(state.actions, command.actionId)) {
        return invalid({ path: 'actionId', message: "identifiant d'action absent ou déjà utilisé" });
      }
      if (isBlank(command.description)) {
        return invalid({ path: 'description', message: "la description de l'action est obligatoire" });
      }
      if (isBlank(command.owner)) {
        return invalid({ path: 'owner', message: "le responsable de l'action est obligatoire" });
      }
      if (dueOn === null) return invalid({ path: 'dueOn', message: 'échéance attendue au format AAAA-MM-JJ' });
      return [
        {
          type: 'CommitteeActionRecorded',
          data: {
            actionId: command.actionId,
            description: command.description.trim(),
            owner: command.owner.trim(),
            dueOn: dueOn.toString(),
          },
        },
      ];
    }
    case 'CompleteCommitteeAction': {
      const completedOn = parsePlainDate(command.completedOn);
      if (state.actions[command.actionId] !== false) {
        return new DomainError('conflict', 'action_not_open', `Aucune action en cours ne porte l'identifiant ${command.actionId}.`);
      }
      if (completedOn === null) {
        return invalid({ path: 'completedOn', message: 'date attendue au format AAAA-MM-JJ' });
      }
      return [
        {
          type: 'CommitteeActionCompleted',
          data: { actionId: command.actionId, completedOn: completedOn.toString() },
        },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

const decideCommittee = (command: CommitteeCommand, state: CommitteeState): Decision<CommitteeEvent> => {
  if (command.type === 'ScheduleCommittee') {
    return state.status === 'none'
      ? scheduleCommittee(command)
      : new DomainError('conflict', 'committee_already_scheduled', 'Ce comité existe déjà.');
  }
  if (state.status === 'none') return new DomainError('not_found', 'committee_not_found', "Ce comité n'existe pas.");
  if (command.type === 'RecordCommitteeHeld') {
    const heldOn = parsePlainDate(command.heldOn);
    if (state.status === 'held') return new DomainError('conflict', 'committee_already_held', 'Ce comité a déjà été tenu.');
    if (heldOn === null) return invalid({ path: 'heldOn', message: 'date attendue au format AAAA-MM-JJ' });
    if (isBlank(command.minutes)) return invalid({ path: 'minutes', message: 'le compte rendu est obligatoire' });
    return [{ type: 'CommitteeHeld', data: { heldOn: heldOn.toString(), minutes: command.minutes.trim() } }];
  }
  if (state.status !== 'held' || state.heldOn === null) {
    return new DomainError('conflict', 'committee_not_held', "Les décisions et actions s'enregistrent une fois le comité tenu.");
  }
  return decideAfterMeeting(command, state, state.heldOn);
};

const evolveCommittee = (state: CommitteeState, event: CommitteeEvent): CommitteeState => {
  if (event.type === 'CommitteeScheduled') {
    const { committeeId, insee } = event.data;
    return { status: 'scheduled', committeeId, insee, heldOn: null, decisionIds: [], actions: {} };
  }
  if (state.status === 'none') throw new Error('a committee event before CommitteeScheduled');
  switch (event.type) {
    case 'CommitteeHeld':
      return { ...state, status: 'held', heldOn: event.data.heldOn };
    case 'CommitteeDecisionRecorded':
      return { ...state, decisionIds: [...state.decisionIds, event.data.decisionId] };
    case 'CommitteeChargeApproved':
      return state;
    case 'CommitteeActionRecorded':
      return { ...state, actions: { ...state.actions, [event.data.actionId]: false } };
    case 'CommitteeActionCompleted':
      return { ...state, actions: { ...state.actions, [event.data.actionId]: true } };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

export const committeeDecider: Decider<CommitteeCommand, CommitteeEvent, CommitteeState> = {
  initialState: { status: 'none' },
  decide: decideCommittee,
  evolve: evolveCommittee,
};
