import { DEFAULT_SERVICE_CALENDAR, DEFAULT_SUPPORT_POLICY, supportPolicy, type SupportPolicy } from './domain/index.js';

/** What the support service reads from its environment besides the infrastructure's. */
export interface SupportSettings {
  /** R-SUP-3: service minutes for a first response and a resolution, on the service calendar. */
  readonly policy: SupportPolicy;
  /** How often open requests are checked for breached due times. */
  readonly deadlineCheckIntervalMs: number;
  /** How long the privacy cross-check may take before the request stays on hold (R-GDPR-2). */
  readonly privacyCheckTimeoutMs: number;
  /** How long the conventions service may take to name the towns in force. */
  readonly conventionsTimeoutMs: number;
}

const positiveInteger = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  if (!/^\d+$/.test(text.trim()) || Number(text) <= 0) {
    throw new RangeError(`${name} must be a positive integer, got "${text}"`);
  }
  return Number(text);
};

const flag = (env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean => {
  const text = env[name]?.trim().toLowerCase();
  if (text === undefined || text === '') return fallback;
  if (text !== 'true' && text !== 'false') throw new RangeError(`${name} must be true or false, got "${env[name]}"`);
  return text === 'true';
};

/**
 * Defaults: first response within 4 service hours (CONTRACT.md), resolution within 30, a check
 * every minute. A bad value stops the service at start-up with the variable's name.
 * `SUPPORT_WHIT_MONDAY_WORKED=true` when Whit Monday is worked as the solidarity day.
 */
export const supportSettingsFromEnv = (env: NodeJS.ProcessEnv = process.env): SupportSettings => ({
  policy: supportPolicy({
    firstResponseServiceMinutes: positiveInteger(env, 'SUPPORT_FIRST_RESPONSE_MINUTES', DEFAULT_SUPPORT_POLICY.firstResponseServiceMinutes),
    resolutionServiceMinutes: positiveInteger(env, 'SUPPORT_RESOLUTION_MINUTES', DEFAULT_SUPPORT_POLICY.resolutionServiceMinutes),
    calendar: {
      ...DEFAULT_SERVICE_CALENDAR,
      whitMondayWorked: flag(env, 'SUPPORT_WHIT_MONDAY_WORKED', DEFAULT_SERVICE_CALENDAR.whitMondayWorked),
    },
  }),
  deadlineCheckIntervalMs: positiveInteger(env, 'SUPPORT_DEADLINE_CHECK_INTERVAL_MS', 60_000),
  privacyCheckTimeoutMs: positiveInteger(env, 'SUPPORT_PRIVACY_CHECK_TIMEOUT_MS', 3_000),
  conventionsTimeoutMs: positiveInteger(env, 'SUPPORT_CONVENTIONS_TIMEOUT_MS', 5_000),
});
