import { supportSettingsFromEnv } from './support-settings.js';

describe('support settings from the environment', () => {
  it('R-SUP-3: by default, first response within 4 service hours, resolution within 30, a check every minute', () => {
    const settings = supportSettingsFromEnv({});
    expect(settings.policy.firstResponseServiceMinutes).toBe(240);
    expect(settings.policy.resolutionServiceMinutes).toBe(1800);
    expect(settings.policy.calendar.windows).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '17:00' },
    ]);
    expect(settings.policy.calendar.whitMondayWorked).toBe(false);
    expect(settings.deadlineCheckIntervalMs).toBe(60_000);
  });

  it('R-SUP-3: the policy is configuration', () => {
    const settings = supportSettingsFromEnv({
      SUPPORT_FIRST_RESPONSE_MINUTES: '120',
      SUPPORT_RESOLUTION_MINUTES: '600',
      SUPPORT_WHIT_MONDAY_WORKED: 'true',
      SUPPORT_DEADLINE_CHECK_INTERVAL_MS: '5000',
    });
    expect(settings.policy).toMatchObject({ firstResponseServiceMinutes: 120, resolutionServiceMinutes: 600 });
    expect(settings.policy.calendar.whitMondayWorked).toBe(true);
    expect(settings.deadlineCheckIntervalMs).toBe(5000);
  });

  it.each([
    [{ SUPPORT_FIRST_RESPONSE_MINUTES: '4h' }, 'SUPPORT_FIRST_RESPONSE_MINUTES'],
    [{ SUPPORT_FIRST_RESPONSE_MINUTES: '0' }, 'SUPPORT_FIRST_RESPONSE_MINUTES'],
    [{ SUPPORT_WHIT_MONDAY_WORKED: 'oui' }, 'SUPPORT_WHIT_MONDAY_WORKED'],
    [{ SUPPORT_FIRST_RESPONSE_MINUTES: '600', SUPPORT_RESOLUTION_MINUTES: '60' }, 'resolution cannot be due before the first response'],
  ])('R-SUP-3: a bad setting %j stops the service at start-up', (env, message) => {
    expect(() => supportSettingsFromEnv(env)).toThrow(message);
  });
});
