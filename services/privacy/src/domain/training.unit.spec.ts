import { deciderSpec } from '@digit/testing';
import { initialTrainingState, trainingDecider, type TrainingState } from './training.decider.js';
import type { TrainingCommand, TrainingEvent } from './training.events.js';
import { agentsDueForTraining, trainingStatusOf, type TrainingRenewalPolicy } from './training-renewal.js';

const spec = deciderSpec(trainingDecider);
const AT = '2024-06-03T09:00:00+02:00';
const HR = 'digit:rh:abenoit';

const registered = (agentId: string, joinedOn = '2021-09-01', fullName = `Agent ${agentId}`): TrainingEvent => ({
  type: 'AgentRegistered',
  data: { agentId, fullName, joinedOn, registeredAt: AT, registeredBy: HR },
});
const trained = (agentId: string, trainedOn: string, course = 'Sensibilisation RGPD'): TrainingEvent => ({
  type: 'GdprTrainingRecorded',
  data: { agentId, trainedOn, course, provider: 'CNIL – Atelier RGPD', recordedAt: AT, recordedBy: HR },
});
const left = (agentId: string, leftOn: string): TrainingEvent => ({
  type: 'AgentLeftDigit',
  data: { agentId, leftOn, recordedAt: AT, recordedBy: HR },
});
const recordTraining = (agentId: string, trainedOn: string, course = 'Sensibilisation RGPD'): TrainingCommand => ({
  type: 'RecordGdprTraining',
  data: { agentId, trainedOn, course, provider: 'CNIL – Atelier RGPD', recordedAt: AT, recordedBy: HR },
});
const stateOf = (events: readonly TrainingEvent[]): TrainingState => events.reduce(trainingDecider.evolve, initialTrainingState);

describe('GDPR training records of DIGIT agents (R-GDPR-3)', () => {
  it('R-GDPR-3: an agent is registered, then each training is recorded with its date', () => {
    spec
      .given([])
      .when({
        type: 'RegisterAgent',
        data: { agentId: 'a1', fullName: ' Claire Moreau ', joinedOn: '2021-09-01', registeredAt: AT, registeredBy: HR },
      })
      .then([registered('a1', '2021-09-01', 'Claire Moreau')]);
    spec
      .given([registered('a1')])
      .when(recordTraining('a1', '2024-05-14'))
      .then([trained('a1', '2024-05-14')]);
  });

  it('R-GDPR-3: the same training recorded twice changes nothing', () => {
    spec
      .given([registered('a1'), trained('a1', '2024-05-14')])
      .when(recordTraining('a1', '2024-05-14'))
      .then([]);
  });

  it.each<[string, TrainingEvent[], TrainingCommand, string]>([
    ['for an unknown agent', [], recordTraining('ghost', '2024-05-14'), 'agent_unknown'],
    ['for an agent who left', [registered('a1'), left('a1', '2023-12-31')], recordTraining('a1', '2024-05-14'), 'agent_left'],
    ['in the future', [registered('a1')], recordTraining('a1', '2024-06-04'), 'training_in_future'],
    ['without a course', [registered('a1')], recordTraining('a1', '2024-05-14', ' '), 'invalid_training_command'],
  ])('R-GDPR-3: a training %s is refused', (_, given, command, code) => {
    spec.given(given).when(command).thenError(code);
  });

  it('R-GDPR-3: an agent id is registered once; a departure cannot precede arrival', () => {
    spec
      .given([registered('a1')])
      .when({
        type: 'RegisterAgent',
        data: { agentId: 'a1', fullName: 'Autre', joinedOn: '2022-01-01', registeredAt: AT, registeredBy: HR },
      })
      .thenError('agent_already_registered');
    spec
      .given([registered('a1')])
      .when({ type: 'RecordAgentDeparture', data: { agentId: 'a1', leftOn: '2020-01-01', recordedAt: AT, recordedBy: HR } })
      .thenError('invalid_training_command', 'erreurs');
  });

  const team = stateOf([
    registered('fresh', '2024-05-01'),
    registered('late-newcomer', '2024-01-02'),
    registered('current'),
    trained('current', '2023-02-10'),
    registered('expired'),
    trained('expired', '2021-10-04'),
    trained('expired', '2022-05-30'),
    registered('soon'),
    trained('soon', '2022-06-20'),
    registered('gone'),
    left('gone', '2024-01-31'),
  ]);

  it('R-GDPR-3: renewal falls due two years after the last training (default policy)', () => {
    expect(trainingStatusOf(team.agents.get('expired')!, '2024-06-03')).toEqual({
      agentId: 'expired',
      fullName: 'Agent expired',
      lastTrainedOn: '2022-05-30',
      dueOn: '2024-05-30',
      standing: 'overdue',
    });
  });

  it.each<[string, number, string[]]>([
    ['overdue or due today', 0, ['late-newcomer', 'expired']],
    ['due within 30 days', 30, ['late-newcomer', 'expired', 'soon']],
  ])('R-GDPR-3: the agents %s, most urgent first; departed agents are left out', (_, withinDays, expected) => {
    expect(agentsDueForTraining(team, '2024-06-03', { withinDays }).map((status) => status.agentId)).toEqual(expected);
  });

  it('R-GDPR-3: the renewal period is configurable', () => {
    const yearly: TrainingRenewalPolicy = { renewalPeriod: { years: 1 }, firstTrainingWithin: { months: 6 } };
    expect(agentsDueForTraining(team, '2024-06-03', { policy: yearly }).map((status) => [status.agentId, status.dueOn])).toEqual([
      ['expired', '2023-05-30'],
      ['soon', '2023-06-20'],
      ['current', '2024-02-10'],
    ]);
    expect(() => agentsDueForTraining(team, '2024-06-03', { policy: { ...yearly, renewalPeriod: {} } })).toThrow(RangeError);
  });

  it('R-GDPR-3: a training on 29 February is due on 28 February two years later', () => {
    const state = stateOf([registered('leap'), trained('leap', '2024-02-29')]);
    expect(trainingStatusOf(state.agents.get('leap')!, '2026-02-28').dueOn).toBe('2026-02-28');
  });
});
