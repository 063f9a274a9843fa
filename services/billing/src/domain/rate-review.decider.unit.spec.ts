import type { ConventionEvent } from '@digit/contracts';
import { foldEvents } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import { shareAmendmentOf } from './convention-facts.js';
import { rateReviewDecider, type RateReviewEvent, type ShareAmendment } from './rate-review.decider.js';

const amendment: ShareAmendment = { amendmentNumber: 1, signedOn: '2025-03-10', effectiveFrom: '2025-04-01', changes: ['resourcesShare'] };
const require = (override: Partial<ShareAmendment> = {}) => ({
  type: 'RequireNewRate' as const,
  data: { insee: '92012', ...amendment, ...override },
});
const required: RateReviewEvent = {
  type: 'NewRateRequired',
  data: { insee: '92012', actionId: 'new-rate-2026-avenant-1', forYear: 2026, ...amendment },
};
const decide = (
  decidedOn: string,
  decision = 'Taux de mise à disposition 2026 : 9 % (comité de suivi du 15/09/2025)',
  actionId = 'new-rate-2026-avenant-1',
) => ({
  type: 'DecideNewRate' as const,
  data: { insee: '92012', actionId, decidedOn, decision },
});
const decided: RateReviewEvent = {
  type: 'NewRateDecided',
  data: {
    insee: '92012',
    actionId: 'new-rate-2026-avenant-1',
    forYear: 2026,
    decidedOn: '2025-09-15',
    decision: 'Taux de mise à disposition 2026 : 9 % (comité de suivi du 15/09/2025)',
  },
};

describe("a change of the share put at the town's disposal (R-BIL-5, art. 6.4)", () => {
  const spec = deciderSpec(rateReviewDecider);

  it.each([
    ['the resources share', { resourcesShare: '0.09' }, ['resourcesShare']],
    ['the SIG option', { sigOption: 2 }, ['sigOption']],
    ['the structure share and the option', { structureShare: '0.09', sigOption: 3 }, ['sigOption', 'structureShare']],
  ])('R-BIL-5: an amendment of %s is read as a share change', (_case, changes, expected) => {
    const fact = { type: 'ConventionAmended', data: { amendmentNumber: 1, signedOn: '2025-03-10', effectiveFrom: '2025-04-01', changes } };
    expect(shareAmendmentOf(fact as ConventionEvent)).toEqual({ ...amendment, changes: expected });
    expect(shareAmendmentOf({ type: 'ContactAssigned', data: {} } as unknown as ConventionEvent)).toBeNull();
  });

  it('R-BIL-5: an amendment opens a "new rate N+1" action for the year after it takes effect', () => {
    spec.given([]).when(require()).then([required]);
    spec
      .given([])
      .when(require({ effectiveFrom: '2025-12-31' }))
      .then([{ ...required, data: { ...required.data, effectiveFrom: '2025-12-31' } }]);
    spec
      .given([])
      .when(require({ amendmentNumber: 2, effectiveFrom: '2026-01-01' }))
      .then([
        {
          type: 'NewRateRequired',
          data: { ...required.data, actionId: 'new-rate-2027-avenant-2', forYear: 2027, amendmentNumber: 2, effectiveFrom: '2026-01-01' },
        },
      ]);
  });

  it('R-BIL-5: the same amendment delivered twice opens one action; an amendment with no share change none', () => {
    spec.given([required]).when(require()).then([]);
    spec
      .given([])
      .when(require({ changes: [] }))
      .then([]);
  });

  it("R-BIL-5: the action stays open until the parties' decision closes it, once", () => {
    spec.given([required]).when(decide('2025-09-15')).then([decided]);
    expect(foldEvents(rateReviewDecider, [required, decided]).actions).toEqual([
      {
        ...amendment,
        actionId: 'new-rate-2026-avenant-1',
        forYear: 2026,
        status: 'closed',
        decidedOn: '2025-09-15',
        decision: decided.data.decision,
      },
    ]);
    expect(foldEvents(rateReviewDecider, [required]).actions[0]?.status).toBe('open');
  });

  it.each([
    ['a decision without action', [], decide('2025-09-15'), 'new_rate_action_not_found'],
    ['a decision on another action', [required], decide('2025-09-15', 'ok', 'new-rate-2030-avenant-9'), 'new_rate_action_not_found'],
    ['a second decision', [required, decided], decide('2025-09-16'), 'new_rate_already_decided'],
    ['a decision before the amendment', [required], decide('2025-03-01'), 'invalid_decision'],
    ['an unknown town', [], { ...require(), data: { ...require().data, insee: '75056' } }, 'unknown_town'],
    ['an unknown share', [], require({ changes: ['budget' as 'sigOption'] }), 'invalid_share_amendment'],
  ] as const)('R-BIL-5: %s is refused', (_case, given, command, code) => {
    spec.given(given).when(command).thenError(code);
  });
});
