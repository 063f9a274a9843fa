import { Temporal } from 'temporal-polyfill';
import type { ProjectStep } from './project.events.js';
import type { ProjectState } from './project.decider.js';
import { DEFAULT_SERVICE_CALENDAR, serviceMinutesBetween, type ServiceCalendar } from './service-hours.js';

/**
 * How a project's time splits between DIGIT and waiting on the town (R-SUP-2: delays depend on
 * the town's responsiveness). Counted in service minutes (R-SUP-3), so that nights, weekends
 * and holidays weigh on neither side.
 */
export interface ProjectTimeSplit {
  readonly totalServiceMinutes: number;
  readonly waitingOnTownServiceMinutes: number;
  readonly digitServiceMinutes: number;
  readonly waitingOnTownByStep: Readonly<Partial<Record<ProjectStep, number>>>;
}

/** The split from opening to the end of the project, or to `asOf` while it runs. */
export const projectTimeSplit = (
  state: Exclude<ProjectState, { status: 'none' }>,
  asOf: string,
  calendar: ServiceCalendar = DEFAULT_SERVICE_CALENDAR,
): ProjectTimeSplit => {
  const end = state.endedAt ?? asOf;
  const openPeriod =
    state.waitingSince !== null && state.currentStep !== null && Temporal.Instant.compare(state.waitingSince, end) < 0
      ? [{ step: state.currentStep, start: state.waitingSince, end }]
      : [];
  const waitingOnTownByStep: Partial<Record<ProjectStep, number>> = {};
  let waitingOnTownServiceMinutes = 0;
  for (const period of [...state.waitingPeriods, ...openPeriod]) {
    const minutes = serviceMinutesBetween(period.start, period.end, calendar);
    waitingOnTownByStep[period.step] = (waitingOnTownByStep[period.step] ?? 0) + minutes;
    waitingOnTownServiceMinutes += minutes;
  }
  const totalServiceMinutes = serviceMinutesBetween(state.openedAt, end, calendar);
  return {
    totalServiceMinutes,
    waitingOnTownServiceMinutes,
    digitServiceMinutes: totalServiceMinutes - waitingOnTownServiceMinutes,
    waitingOnTownByStep,
  };
};
