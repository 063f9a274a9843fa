import { assertServiceCalendar, DEFAULT_SERVICE_CALENDAR, type ServiceCalendar } from './service-hours.js';

/**
 * The support commitments (DOMAIN R-SUP-3, CONTRACT.md "Default support policy"): how many service
 * minutes DIGIT has for a first response and for a resolution, on which service calendar.
 * Each request records the policy in force when it was received, so later changes of
 * configuration never move the due times of requests already received.
 */
export interface SupportPolicy {
  readonly firstResponseServiceMinutes: number;
  readonly resolutionServiceMinutes: number;
  readonly calendar: ServiceCalendar;
}

/** One service day of the default calendar: 9:00-12:00 and 14:00-17:00. */
export const SERVICE_DAY_MINUTES = 6 * 60;

/**
 * First response within 4 service hours (CONTRACT.md); resolution within 5 service days of
 * 6 service hours, i.e. 30 service hours (our choice: the seed sets no resolution time).
 */
export const DEFAULT_SUPPORT_POLICY: SupportPolicy = {
  firstResponseServiceMinutes: 4 * 60,
  resolutionServiceMinutes: 5 * SERVICE_DAY_MINUTES,
  calendar: DEFAULT_SERVICE_CALENDAR,
};

const isPositiveInteger = (value: number): boolean => Number.isInteger(value) && value > 0;

/**
 * The policy from configuration: defaults overridden by `overrides`. Throws a RangeError naming
 * the problem, so that a bad configuration stops the service at start-up.
 */
export const supportPolicy = (overrides: Partial<SupportPolicy> = {}): SupportPolicy => {
  const policy = { ...DEFAULT_SUPPORT_POLICY, ...overrides };
  if (!isPositiveInteger(policy.firstResponseServiceMinutes)) {
    throw new RangeError('support policy: firstResponseServiceMinutes must be a positive integer');
  }
  if (!isPositiveInteger(policy.resolutionServiceMinutes)) {
    throw new RangeError('support policy: resolutionServiceMinutes must be a positive integer');
  }
  if (policy.resolutionServiceMinutes < policy.firstResponseServiceMinutes) {
    throw new RangeError('support policy: resolution cannot be due before the first response');
  }
  assertServiceCalendar(policy.calendar);
  return policy;
};
