import { DomainError, type Decider, type Decision } from '@digit/contracts';
import { compareDates, formatDateFr, type CalendarDate } from '@digit/calendar';
import { personnelBaseOf, type PoolBases, type PoolCosts } from './cost-pool.js';
import { invalid, type Details } from './input-checks.js';
import type { BudgetFigures } from '@digit/contracts';

export type { BudgetFigures };

/** One stream per year: the forecast budget (set, then amended) and the actual costs (R-BIL-1, R-BIL-5). */
export const budgetStreamId = (year: number): string => `budget-${year}`;

export type BudgetCommand =
  | { readonly type: 'SetForecastBudget'; readonly data: { readonly year: number } & PoolCosts }
  | {
      readonly type: 'RecordActualCosts';
      /** `closedOn`: the day the EPT's compte administratif for `year` was adopted. */
      readonly data: { readonly year: number; readonly closedOn: CalendarDate } & PoolCosts;
    };

export type BudgetEvent =
  | { readonly type: 'BudgetSet'; readonly data: { readonly year: number } & BudgetFigures }
  | {
      readonly type: 'BudgetAmended';
      readonly data: { readonly year: number; readonly previous: BudgetFigures } & BudgetFigures;
    }
  | {
      readonly type: 'ActualCostsRecorded';
      readonly data: { readonly year: number; readonly closedOn: CalendarDate } & BudgetFigures;
    };

export interface BudgetState {
  readonly forecast: BudgetFigures | null;
  readonly actual: (BudgetFigures & { readonly closedOn: CalendarDate }) | null;
}

export const budgetMissing = (year: number): DomainError =>
  new DomainError(
    'not_found',
    'budget_missing',
    `Aucun budget prévisionnel n'est défini pour ${year} : saisissez-le d'abord (PUT /api/v1/billing/budgets/${year}).`,
    [{ path: 'year', message: `pas de budget prévisionnel pour ${year}` }],
  );

const figuresOf = (costs: PoolCosts): BudgetFigures => ({
  sigOperationalCents: costs.sigOperationalCents,
  payrollCents: costs.payrollCents,
  personnelBaseCents: personnelBaseOf(costs.payrollCents),
  structureFlatCents: costs.structureFlatCents,
});

const sameFigures = (a: BudgetFigures, b: BudgetFigures): boolean =>
  a.sigOperationalCents === b.sigOperationalCents && a.payrollCents === b.payrollCents && a.structureFlatCents === b.structureFlatCents;

const setForecast = (data: Extract<BudgetCommand, { type: 'SetForecastBudget' }>['data'], state: BudgetState): Decision<BudgetEvent> => {
  // The year and amounts are checked at the edge (SetBudgetRequest, libs/contracts: years 2000 to 2099, 0 to 10^10 cents).
  if (state.actual) {
    return new DomainError(
      'conflict',
      'budget-closed',
      `Le compte administratif ${data.year} est déjà enregistré : le budget prévisionnel ${data.year} ne peut plus changer ; fixez le nouveau budget de ${data.year + 1}.`,
    );
  }
  const figures = figuresOf(data);
  if (!state.forecast) return [{ type: 'BudgetSet', data: { year: data.year, ...figures } }];
  if (sameFigures(state.forecast, figures)) return [];
  return [{ type: 'BudgetAmended', data: { year: data.year, ...figures, previous: state.forecast } }];
};

const recordActual = (data: Extract<BudgetCommand, { type: 'RecordActualCosts' }>['data'], state: BudgetState): Decision<BudgetEvent> => {
  // R-BIL-5: the compte administratif of N is adopted after N ends (values are checked at the edge, RecordActualCostsRequest).
  const details: Details = [];
  if (compareDates(data.closedOn, `${data.year}-12-31`) <= 0) {
    details.push({ path: 'closedOn', message: `le compte administratif ${data.year} ne peut être arrêté qu'après le 31/12/${data.year}` });
  }
  const error = invalid('invalid_actual_costs', 'Les dépenses réalisées sont refusées : corrigez les valeurs indiquées.', details);
  if (error) return error;
  if (!state.forecast) return budgetMissing(data.year);
  if (state.actual) {
    return new DomainError(
      'conflict',
      'actual_costs_already_recorded',
      `Les dépenses réalisées de ${data.year} (compte administratif du ${formatDateFr(state.actual.closedOn)}) sont déjà enregistrées.`,
    );
  }
  return [{ type: 'ActualCostsRecorded', data: { year: data.year, closedOn: data.closedOn, ...figuresOf(data) } }];
};

const pickFigures = (data: BudgetFigures): BudgetFigures => ({
  sigOperationalCents: data.sigOperationalCents,
  payrollCents: data.payrollCents,
  personnelBaseCents: data.personnelBaseCents,
  structureFlatCents: data.structureFlatCents,
});

const basesOf = (figures: BudgetFigures): PoolBases => ({
  sigOperationalCents: figures.sigOperationalCents,
  personnelBaseCents: figures.personnelBaseCents,
  structureFlatCents: figures.structureFlatCents,
});

export const budgetDecider: Decider<BudgetCommand, BudgetEvent, BudgetState> = {
  initialState: { forecast: null, actual: null },
  decide: (command, state) => {
    switch (command.type) {
      case 'SetForecastBudget':
        return setForecast(command.data, state);
      case 'RecordActualCosts':
        return recordActual(command.data, state);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'BudgetSet':
      case 'BudgetAmended':
        return { ...state, forecast: pickFigures(event.data) };
      case 'ActualCostsRecorded':
        return { ...state, actual: { ...pickFigures(event.data), closedOn: event.data.closedOn } };
    }
  },
};

/** The forecast bases the towns' shares apply to, or the clear error of a year without budget. */
export const forecastBasesOf = (state: BudgetState, year: number): PoolBases | DomainError =>
  state.forecast ? basesOf(state.forecast) : budgetMissing(year);

/** The actual bases of the compte administratif, or why reconciliation cannot run yet. */
export const actualBasesOf = (state: BudgetState, year: number): PoolBases | DomainError =>
  state.actual
    ? basesOf(state.actual)
    : new DomainError(
        'not_found',
        'actual_costs_missing',
        `Les dépenses réalisées de ${year} (compte administratif) ne sont pas encore enregistrées.`,
        [{ path: 'year', message: `pas de compte administratif pour ${year}` }],
      );
