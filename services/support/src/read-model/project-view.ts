import { Temporal } from 'temporal-polyfill';
import { townName, type ProjectView } from '@digit/contracts';
import {
  PROJECT_STEP_LABELS,
  projectDecider,
  projectTimeSplit,
  type ProjectEvent,
  type ProjectState,
  type ProjectStep,
  type ServiceCalendar,
} from '../domain/index.js';

type OpenedProject = Exclude<ProjectState, { status: 'none' }>;

/** A project as the town and DIGIT follow it (R-SUP-2): the domain state plus its story. */
export interface ProjectRecord {
  readonly project: OpenedProject;
  readonly title: string;
  readonly requestId: string | null;
  readonly completedSteps: readonly { readonly step: ProjectStep; readonly at: string }[];
  readonly waitingReason: string | null;
  readonly delivery: { readonly openDataPreparationProposed: boolean; readonly at: string } | null;
  readonly abandonment: { readonly step: ProjectStep; readonly reason: string; readonly at: string } | null;
}

export const evolveProjectRecord = (record: ProjectRecord | undefined, event: ProjectEvent): ProjectRecord => {
  const project = projectDecider.evolve(record?.project ?? projectDecider.initialState, event);
  if (project.status === 'none') throw new Error(`${event.type} left the project unopened`);
  if (event.type === 'ProjectOpened') {
    return {
      project,
      title: event.data.title,
      requestId: event.data.requestId,
      completedSteps: [],
      waitingReason: null,
      delivery: null,
      abandonment: null,
    };
  }
  if (record === undefined) throw new Error(`${event.type} before ProjectOpened`);
  const next = { ...record, project };
  switch (event.type) {
    case 'ProjectStepCompleted':
      return { ...next, completedSteps: [...record.completedSteps, { step: event.data.step, at: event.data.at }] };
    case 'ProjectWaitingOnTownStarted':
      return { ...next, waitingReason: event.data.reason };
    case 'ProjectWaitingOnTownEnded':
      return { ...next, waitingReason: null };
    case 'ProjectDelivered':
      return { ...next, delivery: event.data };
    case 'ProjectAbandoned':
      return { ...next, abandonment: event.data };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

/**
 * The JSON answer of `GET /api/v1/support/projects/{id}`, with the time split between DIGIT and
 * waiting on the town in service minutes, up to `now` while the project runs.
 */
export const projectAnswer = (record: ProjectRecord, now: string, calendar: ServiceCalendar): ProjectView => {
  const { project } = record;
  // A clock a little behind the last fact must not count backwards.
  const asOf = Temporal.Instant.compare(now, project.lastAt) < 0 ? project.lastAt : now;
  return {
    id: project.projectId,
    insee: project.insee,
    town: townName(project.insee),
    kind: project.kind,
    title: record.title,
    requestId: record.requestId,
    status: project.status,
    openedAt: project.openedAt,
    currentStep: project.currentStep === null ? null : { step: project.currentStep, label: PROJECT_STEP_LABELS[project.currentStep] },
    completedSteps: record.completedSteps.map(({ step, at }) => ({ step, label: PROJECT_STEP_LABELS[step], at })),
    waitingOnTown: project.waitingSince === null ? null : { since: project.waitingSince, reason: record.waitingReason },
    waitingPeriods: project.waitingPeriods,
    timeSplit: { asOf: project.endedAt ?? asOf, ...projectTimeSplit(project, asOf, calendar) },
    delivery: record.delivery,
    abandonment: record.abandonment,
  };
};
