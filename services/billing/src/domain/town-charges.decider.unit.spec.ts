import { foldEvents } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import {
  pendingChargeItems,
  townChargesDecider,
  type ComplexProjectChargeApproval,
  type TownChargesEvent,
} from './town-charges.decider.js';

const approval: ComplexProjectChargeApproval = {
  insee: '92012',
  chargeId: 'c1',
  project: "Jumeau numérique de l'Île Seguin",
  description: 'Développement externe spécifique (prestataire)',
  amountCents: 1_250_000,
  committeeDate: '2024-10-14',
  poolingOutcome: 'Aucune autre ville intéressée (comité de pilotage du 01/10/2024)',
};
const approved: TownChargesEvent = {
  type: 'ComplexProjectChargeApproved',
  data: {
    ...approval,
    insee: '92012',
    itemId: 'complex-project-c1',
    kind: 'complex-project-charge',
    label: "Projet complexe « Jumeau numérique de l'Île Seguin », arbitré en comité de suivi du 14/10/2024",
  },
};
const adjustment = (forecastShareCents: number, actualShareCents: number) => ({
  type: 'RecordReconciliationAdjustment' as const,
  data: { insee: '92012', year: 2024, forecastShareCents, actualShareCents },
});
const adjusted: TownChargesEvent = {
  type: 'ReconciliationAdjustmentRecorded',
  data: {
    insee: '92012',
    year: 2024,
    forecastShareCents: 3_296_500,
    actualShareCents: 3_304_725,
    itemId: 'reconciliation-2024',
    kind: 'reconciliation-adjustment',
    label: 'Régularisation 2024 après compte administratif : complément dû par la Ville',
    amountCents: 8_225,
  },
};
const carry = (statementNumber: string, itemIds: string[]) => ({
  type: 'CarryChargesIntoStatement' as const,
  data: { insee: '92012', statementNumber, itemIds },
});

describe('charges carried into the next statement (R-BIL-5, R-BIL-7, R-BIL-8)', () => {
  const spec = deciderSpec(townChargesDecider);

  it('R-BIL-8: a complex-project charge arbitrated by the follow-up committee after a pooling search is recorded', () => {
    spec.given([]).when({ type: 'ApproveComplexProjectCharge', data: approval }).then([approved]);
  });

  it.each([
    ['no pooling search', { poolingOutcome: ' ' }, 'pooling-not-sought'],
    ['zero amount', { amountCents: 0 }, 'invalid-charge'],
    ['negative amount', { amountCents: -100 }, 'invalid-charge'],
    ['no committee date', { committeeDate: '14/10/2024' }, 'invalid-charge'],
    ['unknown town', { insee: '75056' }, 'unknown-town'],
  ])('R-BIL-8: %s is refused', (_case, override, code) => {
    spec.given([]).when({ type: 'ApproveComplexProjectCharge', data: { ...approval, ...override } }).thenError(code);
  });

  it('R-BIL-8: the same approval sent twice changes nothing; a different amount under the same id is refused', () => {
    spec.given([approved]).when({ type: 'ApproveComplexProjectCharge', data: approval }).then([]);
    spec
      .given([approved])
      .when({ type: 'ApproveComplexProjectCharge', data: { ...approval, amountCents: 1 } })
      .thenError('charge-already-recorded');
  });

  it.each([
    [3_296_500, 3_304_725, [adjusted]],
    [
      3_296_500,
      3_158_000,
      [
        {
          type: 'ReconciliationAdjustmentRecorded',
          data: {
            ...adjusted.data,
            actualShareCents: 3_158_000,
            amountCents: -138_500,
            label: 'Régularisation 2024 après compte administratif : trop-perçu restitué à la Ville',
          },
        },
      ],
    ],
    [3_296_500, 3_296_500, []],
  ])('R-BIL-5: forecast share %i, actual share %i: the adjustment waits for the next statement', (forecast, actual, expected) => {
    spec.given([]).when(adjustment(forecast, actual)).then(expected as TownChargesEvent[]);
  });

  it('R-BIL-7: the depreciation share of a town-initiated termination is recorded with its detail', () => {
    const decision = townChargesDecider.decide(
      {
        type: 'RecordTerminationDepreciation',
        data: {
          insee: '92012',
          requestedBy: 'town',
          conventionStart: '2024-01-01',
          terminationDate: '2025-07-01',
          usageShare: '0.077',
          register: [{ assetId: 'srv-2024', asset: 'Serveur SIG web', costCents: 2_400_000, startYear: 2024, depreciationYears: 4 }],
        },
      },
      townChargesDecider.initialState,
    );
    expect(decision).toEqual([
      {
        type: 'TerminationDepreciationRecorded',
        data: expect.objectContaining({
          itemId: 'depreciation-2025-07-01',
          kind: 'depreciation-share',
          label: "Quote-part d'usage des amortissements des investissements (résiliation au 01/07/2025)",
          amountCents: 115_690,
          totalCents: 115_690,
        }),
      },
    ]);
  });

  it('R-BIL-5, R-BIL-8: pending items are carried into exactly one statement', () => {
    const state = foldEvents(townChargesDecider, [approved, adjusted]);
    expect(pendingChargeItems(state).map((item) => [item.itemId, item.amountCents])).toEqual([
      ['complex-project-c1', 1_250_000],
      ['reconciliation-2024', 8_225],
    ]);
    const carried: TownChargesEvent = {
      type: 'ChargesCarriedIntoStatement',
      data: { insee: '92012', statementNumber: 'MEM-2025-92012-S1', itemIds: ['complex-project-c1', 'reconciliation-2024'] },
    };
    spec.given([approved, adjusted]).when(carry('MEM-2025-92012-S1', ['complex-project-c1', 'reconciliation-2024'])).then([carried]);
    expect(pendingChargeItems(foldEvents(townChargesDecider, [approved, adjusted, carried]))).toEqual([]);
    spec.given([approved, adjusted, carried]).when(carry('MEM-2025-92012-S1', ['complex-project-c1'])).then([]);
    spec.given([approved, adjusted, carried]).when(carry('MEM-2025-92012-S2', ['complex-project-c1'])).thenError('charges-not-pending');
    spec.given([approved]).when(carry('MEM-2025-92012-S1', ['nope'])).thenError('charges-not-pending');
  });
});
