import { isDomainError } from '@digit/contracts';
import { terminationDepreciationShare, type Investment, type TerminationDepreciationInput } from './depreciation.js';

const register: Investment[] = [
  { assetId: 'srv-2024', asset: 'Serveur SIG web', costCents: 2_400_000, startYear: 2024, depreciationYears: 4 },
  { assetId: 'lic-2025', asset: 'Licences ArcGIS Enterprise', costCents: 1_000_000, startYear: 2025, depreciationYears: 5 },
  { assetId: 'pc-2024', asset: 'Postes SIG', costCents: 500_000, startYear: 2024, depreciationYears: 1 },
  { assetId: 'old-2020', asset: 'Serveur antérieur à la convention', costCents: 3_000_000, startYear: 2020, depreciationYears: 10 },
  { assetId: 'new-2026', asset: 'Acquisition postérieure à la résiliation', costCents: 900_000, startYear: 2026, depreciationYears: 3 },
];

/** Boulogne gives notice on 2025-04-01: the termination takes effect on 2025-07-01 (R-CON-4). */
const input = (override: Partial<TerminationDepreciationInput> = {}): TerminationDepreciationInput => ({
  insee: '92012',
  requestedBy: 'town',
  conventionStart: '2024-01-01',
  terminationDate: '2025-07-01',
  usageShare: '0.077',
  register,
  ...override,
});

describe('depreciation share on early termination (R-BIL-7, R-CON-6)', () => {
  it.each([
    ['srv-2024', 897_534, 1_502_466, 115_690],
    ['lic-2025', 99_178, 900_822, 69_363],
    ['pc-2024', 500_000, 0, 0],
  ])('R-BIL-7: %s depreciated %i cents by 2025-07-01, %i remaining, the town owes %i', (assetId, depreciated, remaining, owed) => {
    const result = terminationDepreciationShare(input());
    if (isDomainError(result)) throw new Error(result.message);
    expect(result.lines.find((line) => line.assetId === assetId)).toMatchObject({
      depreciatedCents: depreciated,
      remainingCents: remaining,
      usageShare: '0.077',
      amountCents: owed,
    });
  });

  it('R-BIL-7: only investments made under the convention count; the total is the sum of rounded lines', () => {
    const result = terminationDepreciationShare(input());
    if (isDomainError(result)) throw new Error(result.message);
    expect(result.lines.map((line) => line.assetId)).toEqual(['srv-2024', 'lic-2025', 'pc-2024']);
    expect(result.totalCents).toBe(185_053);
  });

  it('R-BIL-7: depreciation in the year of termination is pro rata of days (leap year 2024: 335 of 366 days)', () => {
    const result = terminationDepreciationShare(input({ terminationDate: '2024-12-01', register: [register[0]!] }));
    if (isDomainError(result)) throw new Error(result.message);
    expect(result.lines[0]).toMatchObject({ depreciatedCents: 549_180, remainingCents: 1_850_820, amountCents: 142_513 });
  });

  it("R-BIL-7: a termination effective on 1 January excludes that year's investments (last day in force the day before)", () => {
    const result = terminationDepreciationShare(input({ terminationDate: '2025-01-01' }));
    if (isDomainError(result)) throw new Error(result.message);
    expect(result.lines.map((line) => line.assetId)).toEqual(['srv-2024', 'pc-2024']);
    expect(result.lines[0]).toMatchObject({ depreciatedCents: 600_000, remainingCents: 1_800_000, amountCents: 138_600 });
  });

  it.each([
    ['termination asked by the EPT', { requestedBy: 'ept' as const }, 'not_town_termination'],
    ['unknown town', { insee: '75056' }, 'unknown_town'],
    ['negative cost', { register: [{ ...register[0]!, costCents: -1 }] }, 'invalid_depreciation'],
    ['zero depreciation years', { register: [{ ...register[0]!, depreciationYears: 0 }] }, 'invalid_depreciation'],
    ['duplicate asset', { register: [register[0]!, register[0]!] }, 'invalid_depreciation'],
    ['bad usage share', { usageShare: '7.7' }, 'invalid_depreciation'],
    ['termination before entry into force', { terminationDate: '2023-12-31' }, 'invalid_depreciation'],
  ])('R-BIL-7: %s gets a clear error', (_case, override, code) => {
    const result = terminationDepreciationShare(input(override));
    expect(isDomainError(result) && result.code).toBe(code);
  });
});
