import { deciderSpec } from '@digit/testing';
import type { PoolBases } from './cost-pool.js';
import {
  compareCosts,
  isBeyondThreshold,
  reconciliationDecider,
  regularisationsToPropose,
  type ReconciliationEvent,
  type ReconcileYear,
} from './reconciliation.decider.js';
import type { TermsPeriod } from './town-share.js';

const forecast: PoolBases = { sigOperationalCents: 13_700_000, personnelBaseCents: 35_800_000, structureFlatCents: 6_300_000 };
const wholeTerm = (sigRate: string, share: string): TermsPeriod[] => [
  { from: '2022-01-01', to: '2027-12-31', sigRate, resourcesShare: share, structureShare: share },
];
const towns = [
  { insee: '92012', terms: wholeTerm('0.004', '0.077') },
  { insee: '92022', terms: wholeTerm('0.024', '0.03') },
  { insee: '92047', terms: [] },
];
const reconcile = (actual: PoolBases, override: Partial<ReconcileYear> = {}) => ({
  type: 'ReconcileYear' as const,
  data: { year: 2024, reconciledOn: '2025-06-20', forecast, actual, towns, ...override },
});

describe('annual reconciliation (R-BIL-5)', () => {
  const spec = deciderSpec(reconciliationDecider);

  it.each([
    ['14.99 % up', 11_499_000, false],
    ['15.00 % up', 11_500_000, false],
    ['15.01 % up', 11_501_000, true],
    ['14.99 % down', 8_501_000, false],
    ['15.00 % down', 8_500_000, false],
    ['15.01 % down', 8_499_000, true],
    ['no change', 10_000_000, false],
  ])('R-BIL-5: a deviation of %s is beyond the threshold: %p', (_case, actual, beyond) => {
    expect(isBeyondThreshold(10_000_000, actual)).toBe(beyond);
  });

  it.each([
    [0, 0, false],
    [0, 1, true],
  ])('R-BIL-5: with a zero forecast, actual %i cents is beyond the threshold: %p', (forecastCents, actualCents, beyond) => {
    expect(compareCosts('sig', forecastCents, actualCents)).toMatchObject({ beyondThreshold: beyond, deviationPercent: null });
  });

  it('R-BIL-5: the deviation is reported in percent to two decimals', () => {
    expect(compareCosts('total', 10_000_000, 8_499_000)).toEqual({
      scope: 'total',
      forecastCents: 10_000_000,
      actualCents: 8_499_000,
      deviationCents: -1_501_000,
      deviationPercent: '-15.01',
      beyondThreshold: true,
    });
  });

  it('R-BIL-5: SIG 15.01 % over forecast opens a "new forecast 2025" action and computes each town\'s adjustment', () => {
    const actual = { ...forecast, sigOperationalCents: 15_756_370 };
    spec
      .given([])
      .when(reconcile(actual))
      .then([
        {
          type: 'YearReconciled',
          data: {
            year: 2024,
            reconciledOn: '2025-06-20',
            comparisons: [
              {
                scope: 'sig',
                forecastCents: 13_700_000,
                actualCents: 15_756_370,
                deviationCents: 2_056_370,
                deviationPercent: '15.01',
                beyondThreshold: true,
              },
              {
                scope: 'personnel',
                forecastCents: 35_800_000,
                actualCents: 35_800_000,
                deviationCents: 0,
                deviationPercent: '0.00',
                beyondThreshold: false,
              },
              {
                scope: 'structure',
                forecastCents: 6_300_000,
                actualCents: 6_300_000,
                deviationCents: 0,
                deviationPercent: '0.00',
                beyondThreshold: false,
              },
              {
                scope: 'total',
                forecastCents: 55_800_000,
                actualCents: 57_856_370,
                deviationCents: 2_056_370,
                deviationPercent: '3.69',
                beyondThreshold: false,
              },
            ],
            adjustments: [
              { insee: '92012', forecastShareCents: 3_296_500, actualShareCents: 3_304_725, adjustmentCents: 8_225 },
              { insee: '92022', forecastShareCents: 1_591_800, actualShareCents: 1_641_153, adjustmentCents: 49_353 },
            ],
          },
        },
        { type: 'NewForecastRequired', data: { year: 2024, forYear: 2025, actionId: 'new-forecast-2025', reasons: ['sig'] } },
      ]);
  });

  it.each([
    ['personnel 15.00 % down: no action', { personnelBaseCents: 30_430_000 }, []],
    ['personnel 15.01 % down', { personnelBaseCents: 30_426_420 }, ['personnel']],
    ['structure 14.99 % up: no action', { structureFlatCents: 7_244_370 }, []],
    [
      'everything 15.01 % up',
      { sigOperationalCents: 15_756_370, personnelBaseCents: 41_173_580, structureFlatCents: 7_245_630 },
      ['sig', 'personnel', 'structure', 'total'],
    ],
  ])('R-BIL-5: %s', (_case, change, reasons) => {
    const decision = reconciliationDecider.decide(reconcile({ ...forecast, ...change }), reconciliationDecider.initialState);
    if (!Array.isArray(decision)) throw new Error('expected events');
    const required = (decision as ReconciliationEvent[]).find((event) => event.type === 'NewForecastRequired');
    expect(required ? required.data : { reasons: [] }).toMatchObject({ reasons });
  });

  it('R-BIL-5: costs below forecast give each town a credit (negative adjustment)', () => {
    const decision = reconciliationDecider.decide(
      reconcile({ ...forecast, personnelBaseCents: 34_000_000 }),
      reconciliationDecider.initialState,
    );
    if (!Array.isArray(decision)) throw new Error('expected events');
    const reconciled = (decision as ReconciliationEvent[])[0]!;
    expect(reconciled.type === 'YearReconciled' && reconciled.data.adjustments.map((a) => [a.insee, a.adjustmentCents])).toEqual([
      ['92012', -138_600],
      ['92022', -54_000],
    ]);
  });

  it.each([
    ['SIG 15.01 % up: each town with a difference gets a proposal', { sigOperationalCents: 15_756_370 }, ['92012', '92022']],
    ['personnel 15.00 % down: the forecast stands, nothing is proposed', { personnelBaseCents: 30_430_000 }, []],
    ['structure 14.99 % up: nothing is proposed', { structureFlatCents: 7_244_370 }, []],
  ])('R-BIL-5 (art. 6.4): %s', (_case, change, proposedTo) => {
    const decision = reconciliationDecider.decide(reconcile({ ...forecast, ...change }), reconciliationDecider.initialState);
    if (!Array.isArray(decision)) throw new Error('expected events');
    const reconciledEvent = (decision as ReconciliationEvent[])[0]!;
    if (reconciledEvent.type !== 'YearReconciled') throw new Error('expected YearReconciled');
    expect(regularisationsToPropose(reconciledEvent.data).map((adjustment) => adjustment.insee)).toEqual(proposedTo);
  });

  const reconciled: ReconciliationEvent = {
    type: 'YearReconciled',
    data: { year: 2024, reconciledOn: '2025-06-20', comparisons: [], adjustments: [] },
  };
  const required: ReconciliationEvent = {
    type: 'NewForecastRequired',
    data: { year: 2024, forYear: 2025, actionId: 'new-forecast-2025', reasons: ['sig'] },
  };
  const decide = (decidedOn: string, decision: string) => ({
    type: 'DecideNewForecast' as const,
    data: { year: 2024, decidedOn, decision },
  });

  it('R-BIL-5: the action is closed only by a recorded decision', () => {
    spec
      .given([reconciled, required])
      .when(decide('2025-09-15', 'Budget SIG 2025 porté à 158 000 € (comité de pilotage du 15/09/2025)'))
      .then([
        {
          type: 'NewForecastDecided',
          data: {
            year: 2024,
            forYear: 2025,
            actionId: 'new-forecast-2025',
            decidedOn: '2025-09-15',
            decision: 'Budget SIG 2025 porté à 158 000 € (comité de pilotage du 15/09/2025)',
          },
        },
      ]);
  });

  const decided: ReconciliationEvent = {
    type: 'NewForecastDecided',
    data: { year: 2024, forYear: 2025, actionId: 'new-forecast-2025', decidedOn: '2025-09-15', decision: 'ok' },
  };

  it.each([
    ['reconciling twice', [reconciled], reconcile(forecast), 'already_reconciled'],
    ['reconciling before the year is over', [], reconcile(forecast, { reconciledOn: '2024-12-31' }), 'invalid_reconciliation'],
    ['a negative actual cost', [], reconcile({ ...forecast, sigOperationalCents: -1 }), 'invalid_reconciliation'],
    ['an unknown town', [], reconcile(forecast, { towns: [{ insee: '75056', terms: [] }] }), 'unknown_town'],
    ['a decision without an open action', [reconciled], decide('2025-09-15', 'ok'), 'no_new_forecast_required'],
    ['a decision before reconciliation', [], decide('2025-09-15', 'ok'), 'no_new_forecast_required'],
    ['a second decision', [reconciled, required, decided], decide('2025-09-16', 'ok'), 'new_forecast_already_decided'],
    ['a decision dated before the comparison', [reconciled, required], decide('2025-06-01', 'ok'), 'invalid_decision'],
  ] as const)('R-BIL-5: %s is refused', (_case, given, command, code) => {
    spec.given(given).when(command).thenError(code);
  });
});
