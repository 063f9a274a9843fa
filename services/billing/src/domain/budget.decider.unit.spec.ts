import { deciderSpec } from '@digit/testing';
import { budgetDecider, forecastBasesOf, actualBasesOf, type BudgetEvent } from './budget.decider.js';
import { foldEvents, isDomainError } from '@digit/contracts';

/** The seed's forecast: 137 000 € SIG, payroll 344 230,77 € (base 358 000 €), structure 63 000 €. */
const seedCosts = { sigOperationalCents: 13_700_000, payrollCents: 34_423_077, structureFlatCents: 6_300_000 };
const seedFigures = { ...seedCosts, personnelBaseCents: 35_800_000 };
const budgetSet2024: BudgetEvent = { type: 'BudgetSet', data: { year: 2024, ...seedFigures } };

describe('budget decider (R-BIL-1, R-BIL-5)', () => {
  const spec = deciderSpec(budgetDecider);

  it('R-BIL-1: setting the seed budget records the personnel base payroll + 4 %', () => {
    spec
      .given([])
      .when({ type: 'SetForecastBudget', data: { year: 2024, ...seedCosts } })
      .then([budgetSet2024]);
  });

  it('R-BIL-1: a changed budget is an amendment that keeps the previous figures', () => {
    spec
      .given([budgetSet2024])
      .when({ type: 'SetForecastBudget', data: { year: 2024, ...seedCosts, sigOperationalCents: 14_000_000 } })
      .then([
        {
          type: 'BudgetAmended',
          data: { year: 2024, ...seedFigures, sigOperationalCents: 14_000_000, previous: seedFigures },
        },
      ]);
  });

  it('R-BIL-1: setting the same figures again records nothing (idempotent PUT)', () => {
    spec
      .given([budgetSet2024])
      .when({ type: 'SetForecastBudget', data: { year: 2024, ...seedCosts } })
      .then([]);
  });

  it('R-BIL-5: actual costs of the compte administratif are recorded once the year is over', () => {
    spec
      .given([budgetSet2024])
      .when({ type: 'RecordActualCosts', data: { year: 2024, closedOn: '2025-06-19', ...seedCosts, payrollCents: 36_000_000 } })
      .then([
        {
          type: 'ActualCostsRecorded',
          data: { year: 2024, closedOn: '2025-06-19', ...seedCosts, payrollCents: 36_000_000, personnelBaseCents: 37_440_000 },
        },
      ]);
  });

  it('R-BIL-5: actual costs of a year without budget are refused', () => {
    spec
      .given([])
      .when({ type: 'RecordActualCosts', data: { year: 2024, closedOn: '2025-06-19', ...seedCosts } })
      .thenError('budget_missing', '2024');
  });

  it('R-BIL-5: a compte administratif cannot be closed before the year ends', () => {
    spec
      .given([budgetSet2024])
      .when({ type: 'RecordActualCosts', data: { year: 2024, closedOn: '2024-12-31', ...seedCosts } })
      .thenError('invalid_actual_costs');
  });

  const actual2024: BudgetEvent = {
    type: 'ActualCostsRecorded',
    data: { year: 2024, closedOn: '2025-06-19', ...seedFigures },
  };

  it('R-BIL-5: actual costs are recorded only once', () => {
    spec
      .given([budgetSet2024, actual2024])
      .when({ type: 'RecordActualCosts', data: { year: 2024, closedOn: '2025-06-20', ...seedCosts } })
      .thenError('actual_costs_already_recorded');
  });

  it('R-BIL-5: the forecast is frozen once the actual costs are recorded', () => {
    spec
      .given([budgetSet2024, actual2024])
      .when({ type: 'SetForecastBudget', data: { year: 2024, ...seedCosts, sigOperationalCents: 1 } })
      .thenError('budget-closed', '2025');
  });

  it('R-BIL-1: the bases come from the last amendment; a year without budget says so', () => {
    const amended: BudgetEvent = {
      type: 'BudgetAmended',
      data: { year: 2024, ...seedFigures, structureFlatCents: 6_400_000, previous: seedFigures },
    };
    expect(forecastBasesOf(foldEvents(budgetDecider, [budgetSet2024, amended]), 2024)).toEqual({
      sigOperationalCents: 13_700_000,
      personnelBaseCents: 35_800_000,
      structureFlatCents: 6_400_000,
    });
    const missing = forecastBasesOf(budgetDecider.initialState, 2025);
    expect(isDomainError(missing) && missing.code).toBe('budget_missing');
    const noActual = actualBasesOf(foldEvents(budgetDecider, [budgetSet2024]), 2024);
    expect(isDomainError(noActual) && noActual.code).toBe('actual_costs_missing');
  });
});
