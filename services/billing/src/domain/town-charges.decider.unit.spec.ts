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
const propose = (forecastShareCents: number, actualShareCents: number) => ({
  type: 'ProposeRegularisation' as const,
  data: { insee: '92012', year: 2024, reconciledOn: '2025-07-01', forecastShareCents, actualShareCents },
});
const proposed: TownChargesEvent = {
  type: 'RegularisationProposed',
  data: {
    insee: '92012',
    year: 2024,
    proposalId: 'regularisation-2024',
    reconciledOn: '2025-07-01',
    forecastShareCents: 3_296_500,
    actualShareCents: 3_304_725,
    proposedCents: 8_225,
    label:
      'Proposition de régularisation 2024 après compte administratif : complément de 82,25\u00A0€ dû par la Ville, à décider en comité de suivi',
  },
};
const decide = (outcome: 'accepted' | 'amended' | 'refused', extra: { amountCents?: number; committeeDate?: string } = {}) => ({
  type: 'DecideRegularisation' as const,
  data: { insee: '92012', year: 2024, outcome, committeeDate: '2025-09-15', committeeReference: 'CR comité de suivi 2025', ...extra },
});
const decidedCharge = (amountCents: number, amended = false) => ({
  itemId: 'regularisation-2024',
  kind: 'reconciliation-adjustment' as const,
  label: `Régularisation 2024 décidée en comité de suivi du 15/09/2025${amended ? ' (montant amendé)' : ''} : ${amountCents > 0 ? 'complément dû par la Ville' : 'trop-perçu restitué à la Ville'}`,
  amountCents,
});
const accepted: TownChargesEvent = {
  type: 'RegularisationDecided',
  data: {
    insee: '92012',
    year: 2024,
    proposalId: 'regularisation-2024',
    outcome: 'accepted',
    proposedCents: 8_225,
    decidedCents: 8_225,
    committeeDate: '2025-09-15',
    committeeReference: 'CR comité de suivi 2025',
    note: null,
    charge: decidedCharge(8_225),
  },
};
/** Stored before the committee rule: the system booked the adjustment by itself. */
const legacyAdjusted: TownChargesEvent = {
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
    ['no pooling search', { poolingOutcome: ' ' }, 'pooling_not_sought'],
    ['zero amount', { amountCents: 0 }, 'invalid_charge'],
    ['negative amount', { amountCents: -100 }, 'invalid_charge'],
    ['no committee date', { committeeDate: '14/10/2024' }, 'invalid_charge'],
    ['unknown town', { insee: '75056' }, 'unknown_town'],
  ])('R-BIL-8: %s is refused', (_case, override, code) => {
    spec
      .given([])
      .when({ type: 'ApproveComplexProjectCharge', data: { ...approval, ...override } })
      .thenError(code);
  });

  it('R-BIL-8: the same approval sent twice changes nothing; a different amount under the same id is refused', () => {
    spec.given([approved]).when({ type: 'ApproveComplexProjectCharge', data: approval }).then([]);
    spec
      .given([approved])
      .when({ type: 'ApproveComplexProjectCharge', data: { ...approval, amountCents: 1 } })
      .thenError('charge_already_recorded');
  });

  it.each([
    ['a complement due', 3_304_725, [proposed]],
    [
      'an overpayment',
      3_158_000,
      [
        {
          ...proposed,
          data: {
            ...proposed.data,
            actualShareCents: 3_158_000,
            proposedCents: -138_500,
            label:
              'Proposition de régularisation 2024 après compte administratif : trop-perçu de 1\u00A0385,00\u00A0€ à restituer à la Ville, à décider en comité de suivi',
          },
        },
      ],
    ],
    ['no difference', 3_296_500, []],
  ])('R-BIL-5: a regularisation (%s) is only proposed: nothing waits for a statement', (_case, actual, expected) => {
    spec
      .given([])
      .when(propose(3_296_500, actual))
      .then(expected as TownChargesEvent[]);
    expect(pendingChargeItems(foldEvents(townChargesDecider, expected as TownChargesEvent[]))).toEqual([]);
  });

  it('R-BIL-5: the same proposal twice changes nothing; another amount for the same year is refused', () => {
    spec.given([proposed]).when(propose(3_296_500, 3_304_725)).then([]);
    spec.given([proposed]).when(propose(3_296_500, 3_400_000)).thenError('regularisation_already_proposed');
  });

  it.each([
    ['accepted', decide('accepted'), 8_225, decidedCharge(8_225)],
    ['amended', decide('amended', { amountCents: 5_000 }), 5_000, decidedCharge(5_000, true)],
    ['refused', decide('refused'), 0, null],
  ] as const)('R-BIL-5, R-SUP-6: a proposal %s by the follow-up committee', (outcome, command, decidedCents, charge) => {
    spec
      .given([proposed])
      .when(command)
      .then([
        {
          type: 'RegularisationDecided',
          data: { ...(accepted.data as object), outcome, decidedCents, charge } as Extract<
            TownChargesEvent,
            { type: 'RegularisationDecided' }
          >['data'],
        },
      ]);
  });

  it('R-BIL-5: only a decided regularisation waits for the next statement', () => {
    const state = foldEvents(townChargesDecider, [proposed, accepted]);
    expect(pendingChargeItems(state)).toEqual([decidedCharge(8_225)]);
    expect(state.regularisations).toEqual([
      expect.objectContaining({ proposalId: 'regularisation-2024', status: 'accepted', decidedCents: 8_225, committeeDate: '2025-09-15' }),
    ]);
    const refused = foldEvents(townChargesDecider, [
      proposed,
      { ...accepted, data: { ...accepted.data, outcome: 'refused', decidedCents: 0, charge: null } } as TownChargesEvent,
    ]);
    expect(pendingChargeItems(refused)).toEqual([]);
    expect(refused.regularisations[0]?.status).toBe('refused');
  });

  it.each([
    ['no proposal', [], decide('accepted'), 'regularisation_not_found'],
    ['a second, different decision', [proposed, accepted], decide('refused'), 'regularisation_already_decided'],
    ['an amended decision without amount', [proposed], decide('amended'), 'invalid_regularisation_decision'],
    ['an amended amount of zero', [proposed], decide('amended', { amountCents: 0 }), 'invalid_regularisation_decision'],
    ['an amount with an acceptance', [proposed], decide('accepted', { amountCents: 5_000 }), 'invalid_regularisation_decision'],
    [
      'a committee before the comparison',
      [proposed],
      decide('accepted', { committeeDate: '2025-06-30' }),
      'invalid_regularisation_decision',
    ],
  ] as const)('R-BIL-5: %s is refused', (_case, given, command, code) => {
    spec.given(given).when(command).thenError(code);
  });

  it('R-BIL-5: the same decision sent twice changes nothing', () => {
    spec.given([proposed, accepted]).when(decide('accepted')).then([]);
  });

  it('R-BIL-5: a pending adjustment stored before the rule replays as a proposal the committee must decide', () => {
    const state = foldEvents(townChargesDecider, [legacyAdjusted]);
    expect(pendingChargeItems(state)).toEqual([]);
    expect(state.regularisations).toEqual([
      expect.objectContaining({ proposalId: 'reconciliation-2024', status: 'proposed', proposedCents: 8_225, reconciledOn: null }),
    ]);
    spec
      .given([legacyAdjusted])
      .when(decide('accepted', { committeeDate: '2025-01-10' }))
      .then([
        {
          type: 'RegularisationDecided',
          data: {
            ...(accepted.data as object),
            proposalId: 'reconciliation-2024',
            committeeDate: '2025-01-10',
            charge: {
              ...decidedCharge(8_225),
              itemId: 'reconciliation-2024',
              label: 'Régularisation 2024 décidée en comité de suivi du 10/01/2025 : complément dû par la Ville',
            },
          } as Extract<TownChargesEvent, { type: 'RegularisationDecided' }>['data'],
        },
      ]);
  });

  it('R-BIL-5: an adjustment a mémoire carried before the rule stays on that mémoire when replayed', () => {
    const carried: TownChargesEvent = {
      type: 'ChargesCarriedIntoStatement',
      data: { insee: '92012', statementNumber: 'MEM-2025-92012-S1', itemIds: ['reconciliation-2024'] },
    };
    const state = foldEvents(townChargesDecider, [legacyAdjusted, carried]);
    expect(state.items).toEqual([
      {
        itemId: 'reconciliation-2024',
        kind: 'reconciliation-adjustment',
        label: 'Régularisation 2024 après compte administratif : complément dû par la Ville',
        amountCents: 8_225,
        carriedInto: 'MEM-2025-92012-S1',
      },
    ]);
    expect(state.regularisations[0]?.status).toBe('carried-without-decision');
    spec
      .given([legacyAdjusted, carried])
      .when(decide('accepted', { committeeDate: '2025-09-15' }))
      .thenError('regularisation_already_decided');
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

  it('R-BIL-5, R-BIL-8: pending items are carried into exactly one statement; a mere proposal never is', () => {
    const history = [approved, proposed, accepted];
    const state = foldEvents(townChargesDecider, history);
    expect(pendingChargeItems(state).map((item) => [item.itemId, item.amountCents])).toEqual([
      ['complex-project-c1', 1_250_000],
      ['regularisation-2024', 8_225],
    ]);
    const carried: TownChargesEvent = {
      type: 'ChargesCarriedIntoStatement',
      data: { insee: '92012', statementNumber: 'MEM-2025-92012-S1', itemIds: ['complex-project-c1', 'regularisation-2024'] },
    };
    spec
      .given(history)
      .when(carry('MEM-2025-92012-S1', ['complex-project-c1', 'regularisation-2024']))
      .then([carried]);
    expect(pendingChargeItems(foldEvents(townChargesDecider, [...history, carried]))).toEqual([]);
    spec
      .given([...history, carried])
      .when(carry('MEM-2025-92012-S1', ['complex-project-c1']))
      .then([]);
    spec
      .given([...history, carried])
      .when(carry('MEM-2025-92012-S2', ['complex-project-c1']))
      .thenError('charges_not_pending');
    spec
      .given([approved])
      .when(carry('MEM-2025-92012-S1', ['nope']))
      .thenError('charges_not_pending');
    spec
      .given([proposed])
      .when(carry('MEM-2025-92012-S1', ['regularisation-2024']))
      .thenError('charges_not_pending');
  });
});
