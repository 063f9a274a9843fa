import { DomainError, type Decider, type Decision, type Insee } from '@digit/contracts';
import { compareDates, formatDateFr, plainDate, type CalendarDate } from '@digit/calendar';
import { checkDate, isList, invalid, unknownTown, type Details } from './input-checks.js';
import type { ShareChange, ShareAmendment, NewRateAction } from '@digit/contracts';

export type { ShareChange, ShareAmendment, NewRateAction };

/**
 * R-BIL-5, article 6.4 second paragraph: "si la part du service mise à disposition devait évoluer,
 * les parties se rencontreraient pour définir le nouveau taux de mise à disposition en N+1". Each
 * amendment of a town's share (its SIG option, resources or structure share, R-CON-7) opens a
 * "new rate N+1" action, N being the year the amendment takes effect, open until the parties'
 * decision is recorded, like the 15 % difference's "new forecast N+1" (reconciliation.decider.ts).
 * One stream per town.
 */
export const rateReviewStreamId = (insee: string): string => `rate-review-${insee}`;

export const SHARE_CHANGES: readonly ShareChange[] = ['sigOption', 'resourcesShare', 'structureShare'];

export type RateReviewCommand =
  | { readonly type: 'RequireNewRate'; readonly data: ShareAmendment & { readonly insee: string } }
  | {
      readonly type: 'DecideNewRate';
      /** `decision`: the rate the parties set for N+1 and where (minutes, amendment to come). */
      readonly data: { readonly insee: string; readonly actionId: string; readonly decidedOn: CalendarDate; readonly decision: string };
    };

export type RateReviewEvent =
  | {
      readonly type: 'NewRateRequired';
      readonly data: ShareAmendment & { readonly insee: Insee; readonly actionId: string; readonly forYear: number };
    }
  | {
      readonly type: 'NewRateDecided';
      readonly data: {
        readonly insee: Insee;
        readonly actionId: string;
        readonly forYear: number;
        readonly decidedOn: CalendarDate;
        readonly decision: string;
      };
    };

export interface RateReviewState {
  readonly actions: readonly NewRateAction[];
}

export const newRateActionId = (forYear: number, amendmentNumber: number): string => `new-rate-${forYear}-avenant-${amendmentNumber}`;

const requireNewRate = (
  data: Extract<RateReviewCommand, { type: 'RequireNewRate' }>['data'],
  state: RateReviewState,
): Decision<RateReviewEvent> => {
  const notATown = unknownTown(data.insee);
  if (notATown) return notATown;
  const details: Details = [];
  if (!Number.isInteger(data.amendmentNumber) || data.amendmentNumber < 1)
    details.push({ path: 'amendmentNumber', message: "numéro d'avenant entier positif attendu" });
  checkDate(details, 'signedOn', data.signedOn);
  checkDate(details, 'effectiveFrom', data.effectiveFrom);
  if (!isList(data.changes) || data.changes.some((change) => !SHARE_CHANGES.includes(change))) {
    details.push({ path: 'changes', message: `parts modifiées attendues parmi ${SHARE_CHANGES.join(', ')}` });
  }
  const error = invalid(
    'invalid_share_amendment',
    "L'avenant ne peut ouvrir d'action « nouveau taux » : corrigez les valeurs indiquées.",
    details,
  );
  if (error) return error;
  if (data.changes.length === 0 || state.actions.some((action) => action.amendmentNumber === data.amendmentNumber)) return [];
  const forYear = plainDate(data.effectiveFrom).year + 1;
  const { amendmentNumber, signedOn, effectiveFrom, changes } = data;
  return [
    {
      type: 'NewRateRequired',
      data: {
        insee: data.insee as Insee,
        actionId: newRateActionId(forYear, amendmentNumber),
        forYear,
        amendmentNumber,
        signedOn,
        effectiveFrom,
        changes,
      },
    },
  ];
};

const decideNewRate = (
  data: Extract<RateReviewCommand, { type: 'DecideNewRate' }>['data'],
  state: RateReviewState,
): Decision<RateReviewEvent> => {
  // The town, date and text are checked at the edge (DecideNewRateRequest); what follows depends on the state.
  const action = state.actions.find((candidate) => candidate.actionId === data.actionId);
  if (!action) {
    const open = state.actions.filter((candidate) => candidate.status === 'open').map((candidate) => candidate.actionId);
    return new DomainError(
      'not_found',
      'new_rate_action_not_found',
      `Aucune action « nouveau taux » ${data.actionId} n'est ouverte pour cette ville${open.length > 0 ? ` ; actions ouvertes : ${open.join(', ')}` : ''}.`,
    );
  }
  if (action.status === 'closed')
    return new DomainError(
      'conflict',
      'new_rate_already_decided',
      `Le nouveau taux ${action.forYear} (avenant n° ${action.amendmentNumber}) a déjà été décidé.`,
    );
  if (compareDates(data.decidedOn, action.signedOn) < 0) {
    return new DomainError('invalid', 'invalid_decision', "La décision ne peut précéder l'avenant qui l'a rendue nécessaire.", [
      { path: 'decidedOn', message: `date antérieure au ${formatDateFr(action.signedOn)}` },
    ]);
  }
  return [
    {
      type: 'NewRateDecided',
      data: {
        insee: data.insee as Insee,
        actionId: action.actionId,
        forYear: action.forYear,
        decidedOn: data.decidedOn,
        decision: data.decision.trim(),
      },
    },
  ];
};

export const rateReviewDecider: Decider<RateReviewCommand, RateReviewEvent, RateReviewState> = {
  initialState: { actions: [] },
  decide: (command, state) => {
    switch (command.type) {
      case 'RequireNewRate':
        return requireNewRate(command.data, state);
      case 'DecideNewRate':
        return decideNewRate(command.data, state);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'NewRateRequired': {
        const { actionId, forYear, amendmentNumber, signedOn, effectiveFrom, changes } = event.data;
        const action: NewRateAction = {
          actionId,
          forYear,
          amendmentNumber,
          signedOn,
          effectiveFrom,
          changes,
          status: 'open',
          decidedOn: null,
          decision: null,
        };
        return { actions: [...state.actions, action] };
      }
      case 'NewRateDecided':
        return {
          actions: state.actions.map((action) =>
            action.actionId === event.data.actionId
              ? { ...action, status: 'closed', decidedOn: event.data.decidedOn, decision: event.data.decision }
              : action,
          ),
        };
    }
  },
};
