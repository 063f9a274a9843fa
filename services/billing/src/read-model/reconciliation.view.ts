import type { ComparisonScope, CostComparison, CalendarDate, ReconciliationEvent, TownAdjustment } from '../domain/index.js';

/**
 * What people read about the reconciliation of year N (R-BIL-5): the comparison of the compte
 * administratif with the forecast, each town's adjustment, and the "new forecast N+1" action
 * with the decision that closed it. Folded from the reconciliation stream's events only.
 */
export interface NewForecastAction {
  readonly actionId: string;
  readonly forYear: number;
  readonly reasons: readonly ComparisonScope[];
  readonly status: 'open' | 'closed';
  readonly decidedOn: CalendarDate | null;
  readonly decision: string | null;
}

export interface ReconciliationView {
  readonly year: number | null;
  readonly reconciledOn: CalendarDate | null;
  readonly comparisons: readonly CostComparison[];
  readonly adjustments: readonly TownAdjustment[];
  readonly newForecast: NewForecastAction | null;
}

export const initialReconciliationView: ReconciliationView = {
  year: null,
  reconciledOn: null,
  comparisons: [],
  adjustments: [],
  newForecast: null,
};

export const evolveReconciliationView = (view: ReconciliationView, event: ReconciliationEvent): ReconciliationView => {
  switch (event.type) {
    case 'YearReconciled': {
      const { year, reconciledOn, comparisons, adjustments } = event.data;
      return { ...view, year, reconciledOn, comparisons, adjustments };
    }
    case 'NewForecastRequired': {
      const { actionId, forYear, reasons } = event.data;
      return { ...view, newForecast: { actionId, forYear, reasons, status: 'open', decidedOn: null, decision: null } };
    }
    case 'NewForecastDecided': {
      const { actionId, forYear, decidedOn, decision } = event.data;
      return { ...view, newForecast: { actionId, forYear, reasons: view.newForecast?.reasons ?? [], status: 'closed', decidedOn, decision } };
    }
  }
};
