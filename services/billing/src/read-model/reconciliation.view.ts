import type { ReconciliationView } from '@digit/contracts';
import type { ReconciliationEvent } from '../domain/index.js';

/**
 * What people read about the reconciliation of year N (R-BIL-5): the comparison of the compte
 * administratif with the forecast, each town's adjustment, and the "new forecast N+1" action
 * with the decision that closed it. Folded from the reconciliation stream's events only; the
 * answer adds the threshold and the towns' regularisations (reconciliations.controller.ts).
 */
export type FoldedReconciliation = Omit<ReconciliationView, 'threshold' | 'regularisations'>;

export const initialReconciliationView: FoldedReconciliation = {
  year: null,
  reconciledOn: null,
  comparisons: [],
  adjustments: [],
  newForecast: null,
};

export const evolveReconciliationView = (view: FoldedReconciliation, event: ReconciliationEvent): FoldedReconciliation => {
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
      return {
        ...view,
        newForecast: { actionId, forYear, reasons: view.newForecast?.reasons ?? [], status: 'closed', decidedOn, decision },
      };
    }
  }
};
