import { townName, type CommitteeView, type Insee } from '@digit/contracts';
import type { CommitteeDecisionOutcome, CommitteeEvent, CommitteeKind } from '../domain/index.js';

/** A follow-up or steering committee with its minutes, decisions and actions (R-SUP-6). */
export interface CommitteeRecord {
  readonly id: string;
  readonly kind: CommitteeKind;
  readonly insee: Insee | null;
  readonly date: string;
  readonly exceptional: boolean;
  readonly status: 'scheduled' | 'held';
  readonly heldOn: string | null;
  readonly minutes: string | null;
  readonly decisions: readonly {
    readonly decisionId: string;
    readonly subject: string;
    readonly outcome: CommitteeDecisionOutcome;
    readonly chargeCents: number | null;
    readonly poolingOutcome: string | null;
    /** An approved charge, sent to billing as `CommitteeChargeApproved` (R-BIL-8). */
    readonly chargeApproved: boolean;
  }[];
  readonly actions: readonly {
    readonly actionId: string;
    readonly description: string;
    readonly owner: string;
    readonly dueOn: string;
    readonly completedOn: string | null;
  }[];
}

export const evolveCommitteeRecord = (view: CommitteeRecord | undefined, event: CommitteeEvent): CommitteeRecord => {
  if (event.type === 'CommitteeScheduled') {
    const { committeeId, kind, insee, date, exceptional } = event.data;
    return {
      id: committeeId,
      kind,
      insee,
      date,
      exceptional,
      status: 'scheduled',
      heldOn: null,
      minutes: null,
      decisions: [],
      actions: [],
    };
  }
  if (view === undefined) throw new Error(`${event.type} before CommitteeScheduled`);
  switch (event.type) {
    case 'CommitteeHeld':
      return { ...view, status: 'held', heldOn: event.data.heldOn, minutes: event.data.minutes };
    case 'CommitteeDecisionRecorded':
      return { ...view, decisions: [...view.decisions, { ...event.data, chargeApproved: false }] };
    case 'CommitteeChargeApproved':
      return {
        ...view,
        decisions: view.decisions.map((decision) =>
          decision.decisionId === event.data.decisionId ? { ...decision, chargeApproved: true } : decision,
        ),
      };
    case 'CommitteeActionRecorded':
      return { ...view, actions: [...view.actions, { ...event.data, completedOn: null }] };
    case 'CommitteeActionCompleted':
      return {
        ...view,
        actions: view.actions.map((action) =>
          action.actionId === event.data.actionId ? { ...action, completedOn: event.data.completedOn } : action,
        ),
      };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

const NAMES: Readonly<Record<CommitteeKind, string>> = {
  'follow-up': 'Comité de suivi « La ville & GPSO »',
  steering: 'Comité de pilotage « Les villes & GPSO »',
};

export const committeeAnswer = (view: CommitteeRecord): CommitteeView => ({
  ...view,
  name: NAMES[view.kind],
  town: view.insee === null ? null : townName(view.insee),
});
