import { townName, type DisputeView, type Insee } from '@digit/contracts';
import type { DisputeEvent, DisputeParty, DisputeStatus } from '../domain/index.js';

/** A dispute over the convention as the parties read it: each step of article 8, dated (R-CON-10). */
export interface DisputeRecord {
  readonly id: string;
  readonly insee: Insee;
  readonly openedBy: DisputeParty;
  readonly subject: string;
  readonly description: string;
  readonly openedOn: string;
  readonly status: DisputeStatus;
  readonly analysis: { readonly analysis: string; readonly analysedOn: string; readonly committeeId: string | null } | null;
  readonly proposals: readonly {
    readonly proposalId: string;
    readonly proposal: string;
    readonly proposedOn: string;
    readonly committeeId: string | null;
  }[];
  readonly decision: {
    readonly decision: string;
    readonly decidedOn: string;
    readonly proposalId: string | null;
    readonly committeeId: string | null;
  } | null;
  readonly actions: readonly {
    readonly actionId: string;
    readonly description: string;
    readonly owner: string;
    readonly dueOn: string;
    readonly completedOn: string | null;
  }[];
  readonly settlement: { readonly settledOn: string; readonly summary: string } | null;
  readonly courtReferral: {
    readonly referredOn: string;
    readonly referredBy: DisputeParty;
    readonly court: string;
    readonly reason: string;
  } | null;
}

export const evolveDisputeRecord = (view: DisputeRecord | undefined, event: DisputeEvent): DisputeRecord => {
  if (event.type === 'DisputeOpened') {
    const { disputeId, insee, openedBy, subject, description, openedOn } = event.data;
    return {
      id: disputeId,
      insee,
      openedBy,
      subject,
      description,
      openedOn,
      status: 'open',
      analysis: null,
      proposals: [],
      decision: null,
      actions: [],
      settlement: null,
      courtReferral: null,
    };
  }
  if (view === undefined) throw new Error(`${event.type} before DisputeOpened`);
  switch (event.type) {
    case 'DisputeAnalysed':
      return { ...view, status: 'analysed', analysis: event.data };
    case 'DisputeSolutionProposed':
      return { ...view, proposals: [...view.proposals, event.data] };
    case 'DisputeDecided':
      return { ...view, status: 'decided', decision: event.data };
    case 'DisputeActionRecorded':
      return { ...view, actions: [...view.actions, { ...event.data, completedOn: null }] };
    case 'DisputeActionCompleted':
      return {
        ...view,
        actions: view.actions.map((action) =>
          action.actionId === event.data.actionId ? { ...action, completedOn: event.data.completedOn } : action,
        ),
      };
    case 'DisputeSettled':
      return { ...view, status: 'settled', settlement: event.data };
    case 'DisputeReferredToCourt':
      return { ...view, status: 'referred-to-court', courtReferral: event.data };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

const STATUS_LABELS: Readonly<Record<DisputeStatus, string>> = {
  open: 'ouvert : à examiner par le comité de suivi',
  analysed: 'analysé par le comité de suivi : solutions à proposer et à décider',
  decided: 'décidé par le comité de suivi : actions à mener',
  settled: 'réglé à l’amiable',
  'referred-to-court': 'porté devant le tribunal administratif de Cergy-Pontoise',
};

const PARTY_LABELS: Readonly<Record<DisputeParty, string>> = { town: 'la Ville', ept: 'l’EPT' };

export const disputeAnswer = (view: DisputeRecord): DisputeView => ({
  ...view,
  town: townName(view.insee),
  openedByLabel: PARTY_LABELS[view.openedBy],
  statusLabel: STATUS_LABELS[view.status],
});
