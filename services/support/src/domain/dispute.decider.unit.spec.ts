import { deciderSpec } from '@digit/testing';
import { disputeDecider } from './dispute.decider.js';
import type { DisputeCommand, DisputeEvent } from './dispute.events.js';

const spec = deciderSpec(disputeDecider);

const opened: DisputeEvent = {
  type: 'DisputeOpened',
  data: {
    disputeId: 'litige-1',
    insee: '92012',
    openedBy: 'town',
    subject: 'Interprétation de l’article 6.2',
    description: 'La Ville conteste le calcul des frais assimilés du mémoire MEM-2025-92012-S1.',
    openedOn: '2026-02-02',
  },
};
const analysed: DisputeEvent = {
  type: 'DisputeAnalysed',
  data: { analysis: 'Écart de lecture du taux de 4 %.', analysedOn: '2026-03-10', committeeId: 'c-92012-2026' },
};
const proposed: DisputeEvent = {
  type: 'DisputeSolutionProposed',
  data: { proposalId: 'p-1', proposal: 'Détailler la masse salariale au mémoire.', proposedOn: '2026-03-10', committeeId: 'c-92012-2026' },
};
const decided: DisputeEvent = {
  type: 'DisputeDecided',
  data: { decision: 'Mémoire réédité avec le détail.', decidedOn: '2026-03-10', proposalId: 'p-1', committeeId: 'c-92012-2026' },
};
const action: DisputeEvent = {
  type: 'DisputeActionRecorded',
  data: { actionId: 'a-1', description: 'Rééditer le mémoire', owner: 'DIGIT', dueOn: '2026-04-30' },
};
const done: DisputeEvent = { type: 'DisputeActionCompleted', data: { actionId: 'a-1', completedOn: '2026-04-15' } };

const open: DisputeCommand = {
  type: 'OpenDispute',
  disputeId: 'litige-1',
  insee: '92012',
  openedBy: 'town',
  subject: ' Interprétation de l’article 6.2 ',
  description: 'La Ville conteste le calcul des frais assimilés du mémoire MEM-2025-92012-S1.',
  openedOn: '2026-02-02',
};
const refer = (referredOn = '2026-05-01'): DisputeCommand => ({
  type: 'ReferDisputeToCourt',
  referredOn,
  referredBy: 'town',
  reason: 'Désaccord persistant sur le calcul.',
});

describe('disputes over the convention (R-CON-10, article 8)', () => {
  it('R-CON-10: either party opens a dispute, the EPT as well as the town', () => {
    spec.given([]).when(open).then([opened]);
    spec
      .given([])
      .when({ ...open, openedBy: 'ept' })
      .then([{ ...opened, data: { ...opened.data, openedBy: 'ept' } } as DisputeEvent]);
  });

  it('R-CON-10: the follow-up committee analyses, proposes, decides and follows the actions, then the dispute is settled', () => {
    spec
      .given([opened])
      .when({
        type: 'RecordDisputeAnalysis',
        analysis: ' Écart de lecture du taux de 4 %. ',
        analysedOn: '2026-03-10',
        committeeId: 'c-92012-2026',
      })
      .then([analysed]);
    spec
      .given([opened, analysed])
      .when({
        type: 'ProposeDisputeSolution',
        proposalId: 'p-1',
        proposal: 'Détailler la masse salariale au mémoire.',
        proposedOn: '2026-03-10',
        committeeId: 'c-92012-2026',
      })
      .then([proposed]);
    spec
      .given([opened, analysed, proposed])
      .when({
        type: 'RecordDisputeDecision',
        decision: 'Mémoire réédité avec le détail.',
        decidedOn: '2026-03-10',
        proposalId: 'p-1',
        committeeId: 'c-92012-2026',
      })
      .then([decided]);
    spec
      .given([opened, analysed, proposed, decided])
      .when({ type: 'RecordDisputeAction', actionId: 'a-1', description: 'Rééditer le mémoire', owner: 'DIGIT', dueOn: '2026-04-30' })
      .then([action]);
    spec
      .given([opened, analysed, proposed, decided, action])
      .when({ type: 'CompleteDisputeAction', actionId: 'a-1', completedOn: '2026-04-15' })
      .then([done]);
    spec
      .given([opened, analysed, proposed, decided, action, done])
      .when({ type: 'SettleDispute', settledOn: '2026-04-20', summary: 'Mémoire réédité et accepté par la Ville.' })
      .then([{ type: 'DisputeSettled', data: { settledOn: '2026-04-20', summary: 'Mémoire réédité et accepté par la Ville.' } }]);
  });

  it('R-CON-10: when the amicable route fails, the dispute goes before the administrative court of Cergy-Pontoise', () => {
    const referred: DisputeEvent = {
      type: 'DisputeReferredToCourt',
      data: {
        referredOn: '2026-05-01',
        referredBy: 'town',
        court: 'Tribunal administratif de Cergy-Pontoise',
        reason: 'Désaccord persistant sur le calcul.',
      },
    };
    spec.given([opened, analysed, proposed]).when(refer()).then([referred]);
    spec.given([opened, analysed, proposed, decided, action]).when(refer()).then([referred]);
  });

  it.each([
    ['a referral to court before the committee analysed it', [opened], refer(), 'amicable_route_not_tried'],
    ['a referral to court before any solution was proposed', [opened, analysed], refer(), 'amicable_route_not_tried'],
    [
      'proposals before the analysis',
      [opened],
      { type: 'ProposeDisputeSolution', proposalId: 'p-1', proposal: 'x', proposedOn: '2026-03-10' },
      'dispute_not_analysed',
    ],
    [
      'a decision without proposal',
      [opened, analysed],
      { type: 'RecordDisputeDecision', decision: 'x', decidedOn: '2026-03-10' },
      'no_solution_proposed',
    ],
    [
      'a decision on an unknown proposal',
      [opened, analysed, proposed],
      { type: 'RecordDisputeDecision', decision: 'x', decidedOn: '2026-03-10', proposalId: 'p-9' },
      'validation_failed',
    ],
    [
      'a second decision',
      [opened, analysed, proposed, decided],
      { type: 'RecordDisputeDecision', decision: 'x', decidedOn: '2026-03-11', proposalId: 'p-1' },
      'dispute_already_decided',
    ],
    [
      'a second analysis',
      [opened, analysed],
      { type: 'RecordDisputeAnalysis', analysis: 'x', analysedOn: '2026-03-11' },
      'dispute_already_analysed',
    ],
    [
      'an action before the decision',
      [opened, analysed, proposed],
      { type: 'RecordDisputeAction', actionId: 'a-1', description: 'x', owner: 'DIGIT', dueOn: '2026-04-30' },
      'dispute_not_decided',
    ],
    [
      'a settlement with an action still open',
      [opened, analysed, proposed, decided, action],
      { type: 'SettleDispute', settledOn: '2026-04-20', summary: 'x' },
      'actions_open',
    ],
    [
      'a settlement dated before the last action done',
      [opened, analysed, proposed, decided, action, done],
      { type: 'SettleDispute', settledOn: '2026-04-01', summary: 'x' },
      'validation_failed',
    ],
    [
      'a settlement without decision',
      [opened, analysed, proposed],
      { type: 'SettleDispute', settledOn: '2026-04-20', summary: 'x' },
      'dispute_not_decided',
    ],
    [
      'an analysis dated before the dispute',
      [opened],
      { type: 'RecordDisputeAnalysis', analysis: 'x', analysedOn: '2026-01-10' },
      'validation_failed',
    ],
    [
      'a step after the referral to court',
      [
        opened,
        analysed,
        proposed,
        {
          type: 'DisputeReferredToCourt',
          data: { referredOn: '2026-05-01', referredBy: 'ept', court: 'Tribunal administratif de Cergy-Pontoise', reason: 'x' },
        },
      ],
      { type: 'RecordDisputeDecision', decision: 'x', decidedOn: '2026-06-01', proposalId: 'p-1' },
      'dispute_closed',
    ],
    ['a step on an unknown dispute', [], { type: 'RecordDisputeAnalysis', analysis: 'x', analysedOn: '2026-03-10' }, 'dispute_not_found'],
    ['opening the same dispute twice', [opened], open, 'dispute_already_opened'],
    // A party other than the town or the EPT, a town outside GPSO, a blank text: refused at the edge (support.requests.unit.spec.ts).
  ] as const)('R-CON-10: %s is refused', (_case, given, command, code) => {
    spec
      .given(given as readonly DisputeEvent[])
      .when(command as DisputeCommand)
      .thenError(code);
  });
});
