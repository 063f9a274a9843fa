import { DomainError, isDomainError, type Decider, type Decision } from '@digit/contracts';
import { compareDates, formatDateFr, type CalendarDate } from '@digit/calendar';
import { baseOfPool, POOLS, type PoolBases } from './cost-pool.js';
import { checkDate, checkNonNegativeCents, checkYear, invalid, type Details } from './input-checks.js';
import { exact, sumCents, type Cents } from './money.js';
import { townYearShare, type TermsPeriod } from './town-share.js';
import type { ComparisonScope, CostComparison, TownAdjustment } from '@digit/contracts';

export type { ComparisonScope, CostComparison, TownAdjustment };

/** One stream per year N: the comparison of the compte administratif N with the forecast (R-BIL-5). */
export const reconciliationStreamId = (year: number): string => `reconciliation-${year}`;

/** Article 6.4: a difference above 15 % (up or down) obliges a new forecast for N+1. */
export const DEVIATION_THRESHOLD = '0.15';

export interface ReconcileYear {
  readonly year: number;
  readonly reconciledOn: CalendarDate;
  readonly forecast: PoolBases;
  readonly actual: PoolBases;
  /** Each town's terms timeline; towns with no convention in force in the year are skipped. */
  readonly towns: readonly { readonly insee: string; readonly terms: readonly TermsPeriod[] }[];
}

export type ReconciliationCommand =
  | { readonly type: 'ReconcileYear'; readonly data: ReconcileYear }
  | {
      readonly type: 'DecideNewForecast';
      /** `decision`: what the parties agreed for N+1 (the new forecast, the minutes' reference). */
      readonly data: { readonly year: number; readonly decidedOn: CalendarDate; readonly decision: string };
    };

export type ReconciliationEvent =
  | {
      readonly type: 'YearReconciled';
      readonly data: {
        readonly year: number;
        readonly reconciledOn: CalendarDate;
        readonly comparisons: readonly CostComparison[];
        readonly adjustments: readonly TownAdjustment[];
      };
    }
  | {
      readonly type: 'NewForecastRequired';
      readonly data: {
        readonly year: number;
        readonly forYear: number;
        readonly actionId: string;
        readonly reasons: readonly ComparisonScope[];
      };
    }
  | {
      readonly type: 'NewForecastDecided';
      readonly data: {
        readonly year: number;
        readonly forYear: number;
        readonly actionId: string;
        readonly decidedOn: CalendarDate;
        readonly decision: string;
      };
    };

export interface ReconciliationState {
  readonly reconciledOn: CalendarDate | null;
  readonly adjustments: readonly TownAdjustment[];
  /** The "new forecast N+1" action: none, open until a decision is recorded, then closed. */
  readonly newForecast: { readonly actionId: string; readonly status: 'open' | 'closed' } | null;
}

/** Strictly more than 15 %, compared on integers: |actual − forecast| × 100 > 15 × forecast. */
export const isBeyondThreshold = (forecastCents: Cents, actualCents: Cents): boolean =>
  forecastCents === 0
    ? actualCents !== 0
    : exact(actualCents - forecastCents)
        .abs()
        .gt(exact(forecastCents).times(DEVIATION_THRESHOLD));

export const compareCosts = (scope: ComparisonScope, forecastCents: Cents, actualCents: Cents): CostComparison => ({
  scope,
  forecastCents,
  actualCents,
  deviationCents: actualCents - forecastCents,
  deviationPercent:
    forecastCents === 0
      ? null
      : exact(actualCents - forecastCents)
          .times(100)
          .dividedBy(forecastCents)
          .toFixed(2),
  beyondThreshold: isBeyondThreshold(forecastCents, actualCents),
});

const comparisonsOf = (forecast: PoolBases, actual: PoolBases): CostComparison[] => {
  const pools = POOLS.map((pool) => compareCosts(pool, baseOfPool(forecast, pool), baseOfPool(actual, pool)));
  const total = compareCosts('total', sumCents(pools.map((pool) => pool.forecastCents)), sumCents(pools.map((pool) => pool.actualCents)));
  return [...pools, total];
};

const checkBases = (details: Details, path: string, bases: PoolBases): void => {
  checkNonNegativeCents(details, `${path}.sigOperationalCents`, bases.sigOperationalCents);
  checkNonNegativeCents(details, `${path}.personnelBaseCents`, bases.personnelBaseCents);
  checkNonNegativeCents(details, `${path}.structureFlatCents`, bases.structureFlatCents);
};

/** Each town's share on actuals minus its share on forecast, lines rounded as on statements. */
const adjustmentsOf = (data: ReconcileYear): TownAdjustment[] | DomainError => {
  const adjustments: TownAdjustment[] = [];
  for (const town of data.towns) {
    const onForecast = townYearShare({ insee: town.insee, year: data.year, bases: data.forecast, terms: town.terms });
    const onActual = townYearShare({ insee: town.insee, year: data.year, bases: data.actual, terms: town.terms });
    if (isDomainError(onForecast) && onForecast.code === 'no_convention_in_force') continue;
    if (isDomainError(onForecast)) return onForecast;
    if (isDomainError(onActual)) return onActual;
    adjustments.push({
      insee: onForecast.insee,
      forecastShareCents: onForecast.totalCents,
      actualShareCents: onActual.totalCents,
      adjustmentCents: onActual.totalCents - onForecast.totalCents,
    });
  }
  return adjustments;
};

const reconcile = (data: ReconcileYear, state: ReconciliationState): Decision<ReconciliationEvent> => {
  const details: Details = [];
  checkYear(details, 'year', data.year);
  checkDate(details, 'reconciledOn', data.reconciledOn);
  checkBases(details, 'forecast', data.forecast);
  checkBases(details, 'actual', data.actual);
  if (details.length === 0 && compareDates(data.reconciledOn, `${data.year}-12-31`) <= 0) {
    details.push({ path: 'reconciledOn', message: `l'exercice ${data.year} doit être clos avant d'être comparé` });
  }
  const error = invalid(
    'invalid_reconciliation',
    'La comparaison prévisionnel / réalisé est impossible : corrigez les valeurs indiquées.',
    details,
  );
  if (error) return error;
  if (state.reconciledOn) {
    return new DomainError(
      'conflict',
      'already_reconciled',
      `L'exercice ${data.year} a déjà été comparé au prévisionnel le ${formatDateFr(state.reconciledOn)}.`,
    );
  }
  const adjustments = adjustmentsOf(data);
  if (isDomainError(adjustments)) return adjustments;
  const comparisons = comparisonsOf(data.forecast, data.actual);
  const reasons = comparisons.filter((comparison) => comparison.beyondThreshold).map((comparison) => comparison.scope);
  const reconciled: ReconciliationEvent = {
    type: 'YearReconciled',
    data: { year: data.year, reconciledOn: data.reconciledOn, comparisons, adjustments },
  };
  if (reasons.length === 0) return [reconciled];
  return [
    reconciled,
    { type: 'NewForecastRequired', data: { year: data.year, forYear: data.year + 1, actionId: `new-forecast-${data.year + 1}`, reasons } },
  ];
};

const decideNewForecast = (
  data: Extract<ReconciliationCommand, { type: 'DecideNewForecast' }>['data'],
  state: ReconciliationState,
): Decision<ReconciliationEvent> => {
  // The year, date and text are checked at the edge (DecideNewForecastRequest); what follows depends on the state.
  if (!state.newForecast || !state.reconciledOn) {
    return new DomainError(
      'conflict',
      'no_new_forecast_required',
      `Aucune action « nouveau prévisionnel ${data.year + 1} » n'est ouverte : l'écart ${data.year} ne dépasse pas 15 % ou n'a pas encore été calculé.`,
    );
  }
  if (state.newForecast.status === 'closed') {
    return new DomainError('conflict', 'new_forecast_already_decided', `Le nouveau prévisionnel ${data.year + 1} a déjà été décidé.`);
  }
  if (compareDates(data.decidedOn, state.reconciledOn) < 0) {
    return new DomainError('invalid', 'invalid_decision', 'La décision ne peut pas précéder la comparaison.', [
      { path: 'decidedOn', message: `date antérieure au ${formatDateFr(state.reconciledOn)}` },
    ]);
  }
  return [
    {
      type: 'NewForecastDecided',
      data: {
        year: data.year,
        forYear: data.year + 1,
        actionId: state.newForecast.actionId,
        decidedOn: data.decidedOn,
        decision: data.decision,
      },
    },
  ];
};

/**
 * R-BIL-5: the regularisations to put to each town's follow-up committee after a comparison. Only
 * a difference above 15 % (on a pool or the total) makes the parties meet (article 6.4); within it,
 * the forecast stands as the flat-rate basis of the year and nothing is proposed.
 */
export const regularisationsToPropose = (reconciled: Extract<ReconciliationEvent, { type: 'YearReconciled' }>['data']): TownAdjustment[] =>
  reconciled.comparisons.some((comparison) => comparison.beyondThreshold)
    ? reconciled.adjustments.filter((adjustment) => adjustment.adjustmentCents !== 0)
    : [];

export const reconciliationDecider: Decider<ReconciliationCommand, ReconciliationEvent, ReconciliationState> = {
  initialState: { reconciledOn: null, adjustments: [], newForecast: null },
  decide: (command, state) => {
    switch (command.type) {
      case 'ReconcileYear':
        return reconcile(command.data, state);
      case 'DecideNewForecast':
        return decideNewForecast(command.data, state);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'YearReconciled':
        return { ...state, reconciledOn: event.data.reconciledOn, adjustments: event.data.adjustments };
      case 'NewForecastRequired':
        return { ...state, newForecast: { actionId: event.data.actionId, status: 'open' } };
      case 'NewForecastDecided':
        return { ...state, newForecast: { actionId: event.data.actionId, status: 'closed' } };
    }
  },
};
