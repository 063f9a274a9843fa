import { isDomainError } from '@digit/contracts';
import { seedConventionEvents } from '../seed/index.js';
import type { ConventionCommand } from './convention.commands.js';
import type { ConventionEvent } from '@digit/contracts';
import { decideSequence } from './convention-sequence.js';
import { conventionTermsForYear, conventionTermsTimeline, type TermsYear } from './convention-terms-timeline.js';

const seeded = (insee: string) => seedConventionEvents().find((stream) => stream.insee === insee)!.events;
const then = (events: readonly ConventionEvent[], ...commands: ConventionCommand[]): ConventionEvent[] => {
  const decided = decideSequence(commands, events);
  if (isDomainError(decided)) throw new Error(`${decided.code}: ${decided.message}`);
  return [...events, ...decided];
};
const year = (events: readonly ConventionEvent[], value: number): TermsYear => {
  const result = conventionTermsForYear(events, value);
  if (isDomainError(result)) throw new Error(result.message);
  return result;
};
const boulogne = seeded('92012');
const option1 = {
  version: 1,
  sigOption: 1,
  sigRate: '0.004',
  resourcesShare: '0.077',
  structureShare: '0.077',
  amendmentNumber: null,
  demo: false,
};

describe('terms timeline for billing', () => {
  it('R-CON-2: Boulogne is in force from 2024-01-01 to 2027-12-31 with option 1 and 7.7 % / 7.7 %', () => {
    expect(conventionTermsTimeline(boulogne)).toEqual([{ from: '2024-01-01', to: '2027-12-31', days: 1461, ...option1 }]);
  });

  it.each([
    [2023, []],
    [2024, [{ from: '2024-01-01', to: '2024-12-31', days: 366 }]],
    [2027, [{ from: '2027-01-01', to: '2027-12-31', days: 365 }]],
    [2028, []],
  ])('R-BIL-6: Boulogne in %i', (value, periods) => {
    expect(year(boulogne, value).periods).toEqual(periods.map((period) => ({ ...option1, ...period })));
  });

  it('R-CON-7: an amendment splits the year on its date', () => {
    const amended = then(boulogne, {
      type: 'AmendConvention',
      signedOn: '2024-06-01',
      effectiveFrom: '2024-09-01',
      changes: { sigOption: 2 },
    });
    expect(year(amended, 2024)).toEqual({
      year: 2024,
      daysInYear: 366,
      periods: [
        { ...option1, from: '2024-01-01', to: '2024-08-31', days: 244 },
        { ...option1, sigOption: 2, sigRate: '0.024', amendmentNumber: 1, from: '2024-09-01', to: '2024-12-31', days: 122 },
      ],
    });
  });

  it('R-CON-4: a terminated convention is billed up to the eve of the effective date', () => {
    const noticed = then(boulogne, { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2025-03-15' });
    expect(year(noticed, 2025).periods).toEqual([{ ...option1, from: '2025-01-01', to: '2025-06-14', days: 165 }]);
    expect(year(noticed, 2026).periods).toEqual([]);
  });

  it('R-CON-2: demo towns are in force until 2026-12-31, labelled demo', () => {
    expect(year(seeded('92022'), 2026).periods).toEqual([
      {
        from: '2026-01-01',
        to: '2026-12-31',
        days: 365,
        version: 1,
        sigOption: 2,
        sigRate: '0.024',
        resourcesShare: '0.04',
        structureShare: '0.04',
        amendmentNumber: null,
        demo: true,
      },
    ]);
    expect(year(seeded('92022'), 2027).periods).toEqual([]);
  });

  it('refuses a year that is not four digits', () => {
    const result = conventionTermsForYear(boulogne, 24);
    expect(isDomainError(result) && result.code).toBe('invalid_date');
  });
});
