import { foldEvents } from '@digit/contracts';
import { deciderSpec } from '@digit/testing';
import { projectDecider } from './project.decider.js';
import { PROJECT_STEPS, type ProjectEvent, type ProjectStep } from './project.events.js';
import { projectTimeSplit } from './project-time.js';

const spec = deciderSpec(projectDecider);

const opened: ProjectEvent = {
  type: 'ProjectOpened',
  data: {
    projectId: 'p-1',
    insee: '92040',
    kind: 'sig',
    title: 'Carte des équipements sportifs',
    requestId: 'r-7',
    at: '2026-03-02T10:00:00+01:00',
  },
};

/** Step n (0-based) completed on day n + 3 of March 2026 at 10:00. */
const completed = (index: number): ProjectEvent => {
  const step = PROJECT_STEPS[index] as ProjectStep;
  const at = `2026-03-${String(index + 3).padStart(2, '0')}T10:00:00+01:00`;
  return { type: 'ProjectStepCompleted', data: { step, nextStep: PROJECT_STEPS[index + 1] ?? null, at } };
};
const stepsDone = (count: number): ProjectEvent[] => Array.from({ length: count }, (_, index) => completed(index));

describe('R-SUP-2: the seven steps of annex 2', () => {
  it('R-SUP-2: the seven steps, in the order of annex 2', () => {
    expect(PROJECT_STEPS).toEqual([
      'contact',
      'cadrage',
      'evaluation',
      'engagement-et-lancement',
      'echange-et-integration-des-donnees',
      'integration-dans-les-outils',
      'presentation-et-livraison',
    ]);
  });

  it('R-SUP-2: a project opens at the contact step, from a request', () => {
    spec
      .given([])
      .when({
        type: 'OpenProject',
        projectId: 'p-1',
        insee: '92040',
        kind: 'sig',
        title: ' Carte des équipements sportifs ',
        requestId: 'r-7',
        at: '2026-03-02T09:00:00Z',
      })
      .then([opened]);
  });

  // An unknown town, kind or a blank title: refused at the edge (libs/contracts support.requests.unit.spec.ts).

  it.each(PROJECT_STEPS.slice(0, 6).map((step, index) => [step, index] as const))(
    'R-SUP-2: completing %s moves to the next step',
    (step, index) => {
      spec
        .given([opened, ...stepsDone(index)])
        .when({ type: 'CompleteProjectStep', step, at: completed(index).data.at })
        .then([completed(index)]);
    },
  );

  it('R-SUP-2: a step cannot be skipped', () => {
    spec
      .given([opened, completed(0)])
      .when({ type: 'CompleteProjectStep', step: 'evaluation', at: '2026-03-04T10:00:00+01:00' })
      .thenError('step_out_of_order', '« Cadrage »');
  });

  it('R-SUP-2: completing the last step delivers, possibly proposing Open Data preparation for a GIS project', () => {
    spec
      .given([opened, ...stepsDone(6)])
      .when({
        type: 'CompleteProjectStep',
        step: 'presentation-et-livraison',
        openDataPreparationProposed: true,
        at: '2026-03-09T10:00:00+01:00',
      })
      .then([completed(6), { type: 'ProjectDelivered', data: { openDataPreparationProposed: true, at: '2026-03-09T10:00:00+01:00' } }]);
  });

  it('R-SUP-2: Open Data preparation is proposed only at delivery of a GIS project', () => {
    const openData: ProjectEvent = { ...opened, data: { ...opened.data, kind: 'open-data' } } as ProjectEvent;
    spec
      .given([openData, ...stepsDone(6)])
      .when({
        type: 'CompleteProjectStep',
        step: 'presentation-et-livraison',
        openDataPreparationProposed: true,
        at: '2026-03-09T10:00:00+01:00',
      })
      .thenError('validation_failed');
    spec
      .given([opened])
      .when({ type: 'CompleteProjectStep', step: 'contact', openDataPreparationProposed: true, at: '2026-03-03T10:00:00+01:00' })
      .thenError('validation_failed');
  });

  it('R-SUP-2: a project not engaged at step 4 is abandoned and then closed to changes', () => {
    const abandoned: ProjectEvent = {
      type: 'ProjectAbandoned',
      data: { step: 'engagement-et-lancement', reason: 'Non engagé', at: '2026-03-06T10:00:00+01:00' },
    };
    spec
      .given([opened, ...stepsDone(3)])
      .when({ type: 'AbandonProject', reason: 'Non engagé', at: '2026-03-06T10:00:00+01:00' })
      .then([abandoned]);
    spec
      .given([opened, ...stepsDone(3), abandoned])
      .when({ type: 'CompleteProjectStep', step: 'engagement-et-lancement', at: '2026-03-07T10:00:00+01:00' })
      .thenError('project_ended');
  });
});

describe('R-SUP-2: time waiting on the town is tracked apart', () => {
  const started: ProjectEvent = {
    type: 'ProjectWaitingOnTownStarted',
    data: { step: 'echange-et-integration-des-donnees', reason: 'Données métier attendues', at: '2026-03-09T14:00:00+01:00' },
  };
  const ended: ProjectEvent = {
    type: 'ProjectWaitingOnTownEnded',
    data: { step: 'echange-et-integration-des-donnees', at: '2026-03-11T14:00:00+01:00' },
  };
  const history = [opened, ...stepsDone(4)];

  it('R-SUP-2: waiting starts and ends within the current step', () => {
    spec
      .given(history)
      .when({ type: 'StartProjectWaitingOnTown', reason: 'Données métier attendues', at: '2026-03-09T14:00:00+01:00' })
      .then([started]);
    spec
      .given([...history, started])
      .when({ type: 'EndProjectWaitingOnTown', at: '2026-03-11T14:00:00+01:00' })
      .then([ended]);
    spec.given(history).when({ type: 'EndProjectWaitingOnTown', at: '2026-03-11T14:00:00+01:00' }).thenError('not_waiting_on_town');
  });

  it('R-SUP-2: completing a step ends the waiting in progress', () => {
    spec
      .given([...history, started])
      .when({ type: 'CompleteProjectStep', step: 'echange-et-integration-des-donnees', at: '2026-03-11T14:00:00+01:00' })
      .then([
        ended,
        {
          type: 'ProjectStepCompleted',
          data: { step: 'echange-et-integration-des-donnees', nextStep: 'integration-dans-les-outils', at: '2026-03-11T14:00:00+01:00' },
        },
      ]);
  });

  it('R-SUP-2/R-SUP-3: service minutes split between DIGIT and the town, per step', () => {
    const state = foldEvents(projectDecider, [...history, started, ended]);
    if (state.status === 'none') throw new Error('not opened');
    // Opened Monday 2 March 10:00, as of Friday 13 March 10:00: 9 service days (54 h);
    // waiting Monday 9 March 14:00 to Wednesday 11 March 14:00: 2 service days (12 h).
    expect(projectTimeSplit(state, '2026-03-13T10:00:00+01:00')).toEqual({
      totalServiceMinutes: 9 * 360,
      waitingOnTownServiceMinutes: 2 * 360,
      digitServiceMinutes: 7 * 360,
      waitingOnTownByStep: { 'echange-et-integration-des-donnees': 720 },
    });
  });

  it('R-SUP-2: a waiting still open counts up to the instant asked', () => {
    const state = foldEvents(projectDecider, [...history, started]);
    if (state.status === 'none') throw new Error('not opened');
    expect(projectTimeSplit(state, '2026-03-10T14:00:00+01:00').waitingOnTownServiceMinutes).toBe(360);
  });
});
