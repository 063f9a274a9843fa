import { Temporal } from 'temporal-polyfill';
import { formatInstantFr } from '@digit/calendar';
import { DomainError, isDomainError, type Decider, type Decision, type Insee } from '@digit/contracts';
import { formatInstant } from './business-time.js';
import { PROJECT_STEP_LABELS, PROJECT_STEPS, type ProjectEvent, type ProjectKind, type ProjectStep } from './project.events.js';

/**
 * Projects (R-SUP-2): the seven steps of annex 2 in order, time waiting on the town tracked apart.
 * Commands come checked from the edge (a town, a kind, a title, instants with an offset).
 */
export type ProjectCommand =
  | {
      readonly type: 'OpenProject';
      readonly projectId: string;
      readonly insee: Insee;
      readonly kind: ProjectKind;
      readonly title: string;
      readonly requestId?: string;
      readonly at: string;
    }
  | {
      readonly type: 'CompleteProjectStep';
      readonly step: ProjectStep;
      /** Only when completing presentation and delivery of a GIS project. */
      readonly openDataPreparationProposed?: boolean;
      readonly at: string;
    }
  | { readonly type: 'StartProjectWaitingOnTown'; readonly reason: string; readonly at: string }
  | { readonly type: 'EndProjectWaitingOnTown'; readonly at: string }
  | { readonly type: 'AbandonProject'; readonly reason: string; readonly at: string };

export interface ProjectWaitingPeriod {
  readonly step: ProjectStep;
  readonly start: string;
  readonly end: string;
}

export type ProjectState =
  | { readonly status: 'none' }
  | {
      readonly status: 'in-progress' | 'delivered' | 'abandoned';
      readonly projectId: string;
      readonly insee: Insee;
      readonly kind: ProjectKind;
      readonly openedAt: string;
      /** Null once delivered. */
      readonly currentStep: ProjectStep | null;
      readonly waitingSince: string | null;
      readonly waitingPeriods: readonly ProjectWaitingPeriod[];
      readonly endedAt: string | null;
      readonly lastAt: string;
    };

type OpenedProject = Exclude<ProjectState, { status: 'none' }>;

const invalid = (path: string, message: string): DomainError =>
  new DomainError('invalid', 'validation_failed', 'La commande est invalide.', [{ path, message }]);

const parseAt = (value: string, notBefore: string): string | DomainError => {
  if (Temporal.Instant.compare(value, notBefore) < 0) {
    return new DomainError(
      'conflict',
      'instant_before_history',
      `Cette action est datée du ${formatInstantFr(value)}, avant le dernier fait enregistré ` +
        `sur le projet (${formatInstantFr(notBefore)}).`,
    );
  }
  return formatInstant(value);
};

const openProject = (command: Extract<ProjectCommand, { type: 'OpenProject' }>): Decision<ProjectEvent> => {
  const at = formatInstant(command.at);
  return [
    {
      type: 'ProjectOpened',
      data: {
        projectId: command.projectId,
        insee: command.insee,
        kind: command.kind,
        title: command.title.trim(),
        requestId: command.requestId ?? null,
        at,
      },
    },
  ];
};

const decideInProgress = (
  command: Exclude<ProjectCommand, { type: 'OpenProject' }>,
  state: OpenedProject,
  step: ProjectStep,
): Decision<ProjectEvent> => {
  const at = parseAt(command.at, state.lastAt);
  if (isDomainError(at)) return at;
  // Moving on, or giving up, ends a waiting in progress: the town is no longer waited for.
  const endWaiting: ProjectEvent[] = state.waitingSince === null ? [] : [{ type: 'ProjectWaitingOnTownEnded', data: { step, at } }];
  switch (command.type) {
    case 'CompleteProjectStep': {
      if (command.step !== step) {
        return new DomainError(
          'conflict',
          'step_out_of_order',
          `L'étape en cours est « ${PROJECT_STEP_LABELS[step]} » : les étapes de l'annexe 2 se suivent dans l'ordre.`,
          [{ path: 'step', message: `étape attendue : ${step}` }],
        );
      }
      const nextStep = PROJECT_STEPS[PROJECT_STEPS.indexOf(step) + 1] ?? null;
      const proposed = command.openDataPreparationProposed ?? false;
      if (proposed && (nextStep !== null || state.kind !== 'sig')) {
        return invalid('openDataPreparationProposed', "la préparation pour l'Open Data se propose à la livraison d'un projet SIG");
      }
      const completed: ProjectEvent = { type: 'ProjectStepCompleted', data: { step, nextStep, at } };
      const delivered: ProjectEvent[] =
        nextStep === null ? [{ type: 'ProjectDelivered', data: { openDataPreparationProposed: proposed, at } }] : [];
      return [...endWaiting, completed, ...delivered];
    }
    case 'StartProjectWaitingOnTown':
      if (state.waitingSince !== null) {
        return new DomainError(
          'conflict',
          'already_waiting_on_town',
          `Le projet attend déjà la ville depuis le ${formatInstantFr(state.waitingSince)}.`,
        );
      }
      return [{ type: 'ProjectWaitingOnTownStarted', data: { step, reason: command.reason.trim(), at } }];
    case 'EndProjectWaitingOnTown':
      if (state.waitingSince === null) {
        return new DomainError('conflict', 'not_waiting_on_town', "Le projet n'est pas en attente de la ville.");
      }
      return endWaiting;
    case 'AbandonProject':
      return [...endWaiting, { type: 'ProjectAbandoned', data: { step, reason: command.reason.trim(), at } }];
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
};

const decideProject = (command: ProjectCommand, state: ProjectState): Decision<ProjectEvent> => {
  if (command.type === 'OpenProject') {
    return state.status === 'none'
      ? openProject(command)
      : new DomainError('conflict', 'project_already_opened', `Le projet ${state.projectId} existe déjà.`);
  }
  if (state.status === 'none') return new DomainError('not_found', 'project_not_found', "Ce projet n'existe pas.");
  if (state.currentStep === null || state.status !== 'in-progress') {
    return new DomainError('conflict', 'project_ended', `Le projet ${state.projectId} est terminé.`);
  }
  return decideInProgress(command, state, state.currentStep);
};

const evolveProject = (state: ProjectState, event: ProjectEvent): ProjectState => {
  if (event.type === 'ProjectOpened') {
    const { data } = event;
    return {
      status: 'in-progress',
      projectId: data.projectId,
      insee: data.insee,
      kind: data.kind,
      openedAt: data.at,
      currentStep: 'contact',
      waitingSince: null,
      waitingPeriods: [],
      endedAt: null,
      lastAt: data.at,
    };
  }
  if (state.status === 'none') throw new Error('a project event before ProjectOpened');
  switch (event.type) {
    case 'ProjectStepCompleted':
      return { ...state, currentStep: event.data.nextStep, lastAt: event.data.at };
    case 'ProjectWaitingOnTownStarted':
      return { ...state, waitingSince: event.data.at, lastAt: event.data.at };
    case 'ProjectWaitingOnTownEnded':
      return {
        ...state,
        waitingSince: null,
        waitingPeriods: [
          ...state.waitingPeriods,
          { step: event.data.step, start: state.waitingSince ?? event.data.at, end: event.data.at },
        ],
        lastAt: event.data.at,
      };
    case 'ProjectDelivered':
      return { ...state, status: 'delivered', endedAt: event.data.at, lastAt: event.data.at };
    case 'ProjectAbandoned':
      return { ...state, status: 'abandoned', currentStep: null, endedAt: event.data.at, lastAt: event.data.at };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

export const projectDecider: Decider<ProjectCommand, ProjectEvent, ProjectState> = {
  initialState: { status: 'none' },
  decide: decideProject,
  evolve: evolveProject,
};
