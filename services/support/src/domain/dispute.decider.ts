import { formatDateFr, isBefore, maxDate } from '@digit/calendar';
import { DomainError, type Decider, type Decision, type ErrorDetail, type Insee } from '@digit/contracts';
import { DISPUTE_COURT, type DisputeCommand, type DisputeEvent } from './dispute.events.js';

/**
 * R-CON-10 (article 8): a dispute goes through the follow-up committee, in order: opened by a
 * party, analysed, solutions proposed, decided, its actions followed, then settled amicably; or,
 * once the amicable route was tried (analysed, a solution proposed) and failed, referred to the
 * administrative court of Cergy-Pontoise. Each step is dated no earlier than the one before.
 * Texts, parties and dates come checked from the edge; ids the edge fills in when none is given.
 */
export type DisputeStatus = 'open' | 'analysed' | 'decided' | 'settled' | 'referred-to-court';

export type DisputeState =
  | { readonly status: 'none' }
  | {
      readonly status: DisputeStatus;
      readonly disputeId: string;
      readonly insee: Insee;
      /** The latest step's date: the next one cannot be earlier. */
      readonly lastDate: string;
      readonly proposalIds: readonly string[];
      /** Action id to its completion date, null while open. */
      readonly actions: Readonly<Record<string, string | null>>;
    };

type KnownDispute = Exclude<DisputeState, { status: 'none' }>;

const invalid = (...details: ErrorDetail[]): DomainError =>
  new DomainError('invalid', 'validation_failed', 'La saisie du différend est incomplète ou invalide.', details);

/** A step's date: not before the previous step (nor, to settle, before the last action done). */
const stepDate = (date: string, path: string, notBefore: string): string | DomainError =>
  isBefore(date, notBefore)
    ? invalid({ path, message: `date antérieure à l'étape précédente du différend (${formatDateFr(notBefore)})` })
    : date;

const optionalId = (value: string | undefined): string | null => (value === undefined || value.trim() === '' ? null : value.trim());

const open = (command: Extract<DisputeCommand, { type: 'OpenDispute' }>): Decision<DisputeEvent> => [
  {
    type: 'DisputeOpened',
    data: {
      disputeId: command.disputeId,
      insee: command.insee,
      openedBy: command.openedBy,
      subject: command.subject.trim(),
      description: command.description.trim(),
      openedOn: command.openedOn,
    },
  },
];

const notAt = (code: string, message: string): DomainError =>
  new DomainError(code.endsWith('_not_found') ? 'not_found' : 'conflict', code, message);

type StepCommand = Exclude<DisputeCommand, { type: 'OpenDispute' }>;

const step = (command: StepCommand, state: KnownDispute): Decision<DisputeEvent> => {
  switch (command.type) {
    case 'RecordDisputeAnalysis': {
      if (state.status !== 'open') return notAt('dispute_already_analysed', 'Le comité de suivi a déjà analysé ce différend.');
      const analysedOn = stepDate(command.analysedOn, 'analysedOn', state.lastDate);
      if (analysedOn instanceof DomainError) return analysedOn;
      return [
        { type: 'DisputeAnalysed', data: { analysis: command.analysis.trim(), analysedOn, committeeId: optionalId(command.committeeId) } },
      ];
    }
    case 'ProposeDisputeSolution': {
      if (state.status === 'open')
        return notAt('dispute_not_analysed', 'Le comité de suivi analyse la difficulté avant de proposer des solutions.');
      if (state.status !== 'analysed') return notAt('dispute_already_decided', 'Le différend est déjà décidé : plus de proposition.');
      const proposedOn = stepDate(command.proposedOn, 'proposedOn', state.lastDate);
      if (proposedOn instanceof DomainError) return proposedOn;
      if (state.proposalIds.includes(command.proposalId)) {
        return invalid({ path: 'proposalId', message: 'identifiant de proposition déjà utilisé' });
      }
      const { proposalId } = command;
      return [
        {
          type: 'DisputeSolutionProposed',
          data: { proposalId, proposal: command.proposal.trim(), proposedOn, committeeId: optionalId(command.committeeId) },
        },
      ];
    }
    case 'RecordDisputeDecision': {
      if (state.status === 'decided') return notAt('dispute_already_decided', 'Le différend est déjà décidé.');
      if (state.proposalIds.length === 0)
        return notAt('no_solution_proposed', 'Le comité de suivi décide parmi des solutions proposées : proposez-en une d’abord.');
      const decidedOn = stepDate(command.decidedOn, 'decidedOn', state.lastDate);
      if (decidedOn instanceof DomainError) return decidedOn;
      const proposalId = optionalId(command.proposalId);
      if (proposalId !== null && !state.proposalIds.includes(proposalId))
        return invalid({ path: 'proposalId', message: `aucune proposition n'a l'identifiant ${proposalId}` });
      return [
        {
          type: 'DisputeDecided',
          data: { decision: command.decision.trim(), decidedOn, proposalId, committeeId: optionalId(command.committeeId) },
        },
      ];
    }
    case 'RecordDisputeAction': {
      if (state.status !== 'decided') return notAt('dispute_not_decided', 'Les actions suivent la décision du comité de suivi.');
      if (Object.hasOwn(state.actions, command.actionId))
        return invalid({ path: 'actionId', message: "identifiant d'action déjà utilisé" });
      const { actionId, dueOn } = command;
      return [
        { type: 'DisputeActionRecorded', data: { actionId, description: command.description.trim(), owner: command.owner.trim(), dueOn } },
      ];
    }
    case 'CompleteDisputeAction': {
      if (state.actions[command.actionId] !== null)
        return notAt('action_not_open', `Aucune action en cours ne porte l'identifiant ${command.actionId}.`);
      const completedOn = stepDate(command.completedOn, 'completedOn', state.lastDate);
      if (completedOn instanceof DomainError) return completedOn;
      return [{ type: 'DisputeActionCompleted', data: { actionId: command.actionId, completedOn } }];
    }
    case 'SettleDispute': {
      if (state.status !== 'decided')
        return notAt('dispute_not_decided', 'Un différend se règle à l’amiable une fois décidé par le comité de suivi.');
      const open = Object.entries(state.actions)
        .filter(([, completedOn]) => completedOn === null)
        .map(([actionId]) => actionId);
      if (open.length > 0) return notAt('actions_open', `Des actions décidées restent à mener : ${open.join(', ')}.`);
      const lastDone = Object.values(state.actions).reduce<string>(
        (latest, completedOn) => (completedOn ? maxDate(latest, completedOn) : latest),
        state.lastDate,
      );
      const settledOn = stepDate(command.settledOn, 'settledOn', lastDone);
      if (settledOn instanceof DomainError) return settledOn;
      return [{ type: 'DisputeSettled', data: { settledOn, summary: command.summary.trim() } }];
    }
    case 'ReferDisputeToCourt': {
      if (state.status === 'open' || state.proposalIds.length === 0) {
        return notAt(
          'amicable_route_not_tried',
          "Les parties recherchent d'abord une voie amiable (article 8) : le comité de suivi analyse la difficulté et propose une solution avant tout recours au tribunal administratif.",
        );
      }
      const referredOn = stepDate(command.referredOn, 'referredOn', state.lastDate);
      if (referredOn instanceof DomainError) return referredOn;
      return [
        {
          type: 'DisputeReferredToCourt',
          data: { referredOn, referredBy: command.referredBy, court: DISPUTE_COURT, reason: command.reason.trim() },
        },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

const decideDispute = (command: DisputeCommand, state: DisputeState): Decision<DisputeEvent> => {
  if (command.type === 'OpenDispute')
    return state.status === 'none' ? open(command) : notAt('dispute_already_opened', 'Ce différend existe déjà.');
  if (state.status === 'none') return notAt('dispute_not_found', "Ce différend n'existe pas.");
  if (state.status === 'settled') return notAt('dispute_closed', 'Ce différend est réglé à l’amiable : il est clos.');
  if (state.status === 'referred-to-court')
    return notAt('dispute_closed', `Ce différend est porté devant le ${DISPUTE_COURT} : il ne se suit plus en comité.`);
  return step(command, state);
};

const evolveDispute = (state: DisputeState, event: DisputeEvent): DisputeState => {
  if (event.type === 'DisputeOpened') {
    const { disputeId, insee, openedOn } = event.data;
    return { status: 'open', disputeId, insee, lastDate: openedOn, proposalIds: [], actions: {} };
  }
  if (state.status === 'none') throw new Error('a dispute event before DisputeOpened');
  switch (event.type) {
    case 'DisputeAnalysed':
      return { ...state, status: 'analysed', lastDate: event.data.analysedOn };
    case 'DisputeSolutionProposed':
      return { ...state, proposalIds: [...state.proposalIds, event.data.proposalId], lastDate: event.data.proposedOn };
    case 'DisputeDecided':
      return { ...state, status: 'decided', lastDate: event.data.decidedOn };
    case 'DisputeActionRecorded':
      return { ...state, actions: { ...state.actions, [event.data.actionId]: null } };
    case 'DisputeActionCompleted':
      return { ...state, actions: { ...state.actions, [event.data.actionId]: event.data.completedOn } };
    case 'DisputeSettled':
      return { ...state, status: 'settled', lastDate: event.data.settledOn };
    case 'DisputeReferredToCourt':
      return { ...state, status: 'referred-to-court', lastDate: event.data.referredOn };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

export const disputeDecider: Decider<DisputeCommand, DisputeEvent, DisputeState> = {
  initialState: { status: 'none' },
  decide: decideDispute,
  evolve: evolveDispute,
};
