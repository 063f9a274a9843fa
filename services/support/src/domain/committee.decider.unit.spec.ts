import { deciderSpec } from '@digit/testing';
import { committeeDecider, type CommitteeEvent } from './committee.decider.js';

const spec = deciderSpec(committeeDecider);

const followUp: CommitteeEvent = {
  type: 'CommitteeScheduled',
  data: { committeeId: 'c-92012-2026', kind: 'follow-up', insee: '92012', date: '2026-06-15', exceptional: false },
};
const steering: CommitteeEvent = {
  type: 'CommitteeScheduled',
  data: { committeeId: 'c-steering-2026', kind: 'steering', insee: null, date: '2026-10-01', exceptional: false },
};
const held: CommitteeEvent = { type: 'CommitteeHeld', data: { heldOn: '2026-06-15', minutes: 'Bilan 2025-2026, besoins 2027.' } };

describe('R-SUP-6: follow-up and steering committees', () => {
  it('R-SUP-6: a follow-up committee is scheduled for one town, the steering committee for all', () => {
    spec
      .given([])
      .when({ type: 'ScheduleCommittee', committeeId: 'c-92012-2026', kind: 'follow-up', insee: '92012', date: '2026-06-15' })
      .then([followUp]);
    spec
      .given([])
      .when({ type: 'ScheduleCommittee', committeeId: 'c-steering-2026', kind: 'steering', date: '2026-10-01' })
      .then([steering]);
  });

  it.each([
    ['a follow-up committee without town', { kind: 'follow-up' as const }, 'insee'],
    ['a steering committee for one town', { kind: 'steering' as const, insee: '92012' }, 'insee'],
    ['a date badly written', { kind: 'steering' as const, date: '15/06/2026' }, 'date'],
  ])('R-SUP-6: %s is refused', (_case, change, path) => {
    const error = spec
      .given([])
      .when({ type: 'ScheduleCommittee', committeeId: 'c-1', date: '2026-06-15', ...change })
      .thenError('validation_failed');
    expect(error.details[0]?.path).toBe(path);
  });

  it('R-SUP-6: decisions are recorded once the committee is held', () => {
    spec
      .given([followUp])
      .when({ type: 'RecordCommitteeDecision', decisionId: 'd-1', subject: 'Vues immersives', outcome: 'approved' })
      .thenError('committee_not_held');
    spec
      .given([followUp])
      .when({ type: 'RecordCommitteeHeld', heldOn: '2026-06-15', minutes: ' Bilan 2025-2026, besoins 2027. ' })
      .then([held]);
  });

  it('R-SUP-6/R-BIL-8: a charge approved by the follow-up committee is announced to billing', () => {
    spec
      .given([followUp, held])
      .when({
        type: 'RecordCommitteeDecision',
        decisionId: 'd-1',
        subject: 'Développement spécifique',
        outcome: 'approved',
        chargeCents: 1_250_000,
        poolingOutcome: ' Aucune autre ville intéressée ',
      })
      .then([
        {
          type: 'CommitteeDecisionRecorded',
          data: {
            decisionId: 'd-1',
            subject: 'Développement spécifique',
            outcome: 'approved',
            chargeCents: 1_250_000,
            poolingOutcome: 'Aucune autre ville intéressée',
          },
        },
        {
          type: 'CommitteeChargeApproved',
          data: {
            committeeId: 'c-92012-2026',
            decisionId: 'd-1',
            insee: '92012',
            amountCents: 1_250_000,
            subject: 'Développement spécifique',
            poolingOutcome: 'Aucune autre ville intéressée',
            approvedOn: '2026-06-15',
          },
        },
      ]);
  });

  it('R-SUP-6/R-BIL-8: a rejected charge is only a decision', () => {
    spec
      .given([followUp, held])
      .when({
        type: 'RecordCommitteeDecision',
        decisionId: 'd-2',
        subject: 'Achat de données',
        outcome: 'rejected',
        chargeCents: 500_00,
        poolingOutcome: 'Mutualisable avec Meudon',
      })
      .then([
        {
          type: 'CommitteeDecisionRecorded',
          data: {
            decisionId: 'd-2',
            subject: 'Achat de données',
            outcome: 'rejected',
            chargeCents: 500_00,
            poolingOutcome: 'Mutualisable avec Meudon',
          },
        },
      ]);
  });

  it.each([
    ['by the steering committee', steering, 100_00, 'Aucune', 'chargeCents'],
    ['in fractions of a cent', followUp, 10.5, 'Aucune', 'chargeCents'],
    ['without the search for pooling first', followUp, 100_00, undefined, 'poolingOutcome'],
  ])('R-SUP-6/R-BIL-8: a charge %s is refused', (_case, committee, chargeCents, poolingOutcome, path) => {
    const error = spec
      .given([committee, held])
      .when({ type: 'RecordCommitteeDecision', decisionId: 'd-3', subject: 'Frais', outcome: 'approved', chargeCents, poolingOutcome })
      .thenError('validation_failed');
    expect(error.details[0]?.path).toBe(path);
  });

  it('R-SUP-6: actions are recorded and completed once', () => {
    const action: CommitteeEvent = {
      type: 'CommitteeActionRecorded',
      data: { actionId: 'a-1', description: 'Publier les arrêtés', owner: 'DIGIT', dueOn: '2026-09-30' },
    };
    const done: CommitteeEvent = { type: 'CommitteeActionCompleted', data: { actionId: 'a-1', completedOn: '2026-09-12' } };
    spec
      .given([followUp, held])
      .when({ type: 'RecordCommitteeAction', actionId: 'a-1', description: 'Publier les arrêtés', owner: 'DIGIT', dueOn: '2026-09-30' })
      .then([action]);
    spec.given([followUp, held, action]).when({ type: 'CompleteCommitteeAction', actionId: 'a-1', completedOn: '2026-09-12' }).then([done]);
    spec
      .given([followUp, held, action, done])
      .when({ type: 'CompleteCommitteeAction', actionId: 'a-1', completedOn: '2026-09-13' })
      .thenError('action_not_open');
    spec
      .given([followUp, held])
      .when({ type: 'CompleteCommitteeAction', actionId: 'constructor', completedOn: '2026-09-13' })
      .thenError('action_not_open');
  });
});
