import { isDomainError } from '@digit/contracts';
import { draftProcessingAlerts, refusedCheckAlerts, trainingAlerts } from './privacy-alerts.js';
import { checkPersonalData, contentSha256, type PersonalDataCheckedData } from './processing-log.js';
import { BOULOGNE, declared, registerOf, validated } from './register.test-fixtures.js';
import type { TrainedAgent } from './training.decider.js';

const register = registerOf([declared('TRT-VALID'), validated('TRT-VALID'), declared('TRT-DRAFT')]);

const check = (checkId: string, declaredProcessing: string | null): PersonalDataCheckedData => {
  const event = checkPersonalData(
    {
      checkId,
      insee: BOULOGNE,
      checkedAt: '2026-12-01T14:05:00+01:00',
      checkedBy: 'service:data-exchange',
      item: { kind: 'dataset', id: 'ds-proprietaires', sha256: contentSha256('x') },
      declaredProcessing,
      declaredCategories: ['identity', 'postal-address', 'cadastral-owner'],
      sample: { records: [{ idpar: '92012000AB0123', proprietaire: 'DUPONT JEANNE', adresse_proprietaire: '12 rue de Sèvres' }] },
    },
    register,
  );
  if (isDomainError(event)) throw new Error(event.message);
  return event.data;
};

describe('data held by a refused GDPR check (R-SEC-6, R-GDPR-2)', () => {
  it.each([
    ['the item’s latest check refused it: its data is held', check('c1', 'TRT-DRAFT'), ['critical']],
    ['the item’s latest check allowed it', check('c2', 'TRT-VALID'), []],
  ])('R-GDPR-2: %s', (_label, latest, severities) => {
    expect(refusedCheckAlerts([latest]).map((alert) => alert.severity)).toEqual(severities);
  });

  it('R-GDPR-2: the alert names the town, the item, the day, and the reasons the town can act on', () => {
    expect(refusedCheckAlerts([check('c1', null)])).toEqual([
      {
        kind: 'privacy-check-refused',
        rule: 'R-GDPR-2',
        severity: 'critical',
        subject: 'c1',
        insee: '92012',
        date: '2026-12-01',
        message: expect.stringMatching(
          /^Boulogne-Billancourt : le jeu de données ds-proprietaires est retenu depuis la vérification RGPD du 01\/12\/2026, rien n’en est traité avant une nouvelle vérification\. .+/,
        ),
        demo: false,
      },
    ]);
  });
});

describe('processings still draft (R-SEC-6, R-GDPR-1, R-GDPR-2)', () => {
  const processings = [...register.processings.values()];
  it.each([
    ['declared on 04/03/2024, seen on 07/12/2026: the draft is an alert', '2026-12-07', ['TRT-DRAFT']],
    ['seen the day before it was declared', '2024-03-03', []],
  ])('R-GDPR-2: %s', (_label, asOf, references) => {
    expect(draftProcessingAlerts(BOULOGNE, processings, asOf).map((alert) => alert.subject)).toEqual(references);
  });

  it('R-GDPR-2: the alert tells the DPD what validating changes', () => {
    expect(draftProcessingAlerts(BOULOGNE, processings, '2026-12-07')[0]).toMatchObject({
      severity: 'warning',
      insee: '92012',
      date: '2024-03-04',
      message:
        'Boulogne-Billancourt : le traitement « Consultation du cadastre par les services techniques » (référence TRT-DRAFT) est en brouillon depuis le 04/03/2024 ; ' +
        'tant que le DPD de la ville ne l’a pas validé, aucune donnée personnelle qui en relève n’est traitée.',
    });
  });
});

describe('DIGIT agents’ GDPR training (R-SEC-6, R-GDPR-3)', () => {
  const agent = (agentId: string, joinedOn: string, trainedOn: readonly string[], leftOn: string | null = null): TrainedAgent => ({
    agentId,
    fullName: 'Camille Moreau',
    joinedOn,
    leftOn,
    trainings: trainedOn.map((day) => ({ trainedOn: day, course: 'RGPD', provider: null })),
  });
  type Row = readonly [label: string, asOf: string, agent: TrainedAgent, expected: readonly string[]];
  it.each<Row>([
    ['trained 10/01/2025: due 10/01/2027, beyond 30 days', '2026-12-07', agent('a-1', '2020-01-01', ['2025-01-10']), []],
    [
      'trained 20/12/2024: due 20/12/2026, within 30 days',
      '2026-12-07',
      agent('a-2', '2020-01-01', ['2024-12-20']),
      ['gdpr-training-due', 'warning', '2026-12-20'],
    ],
    [
      'trained 01/12/2024: due 01/12/2026, overdue',
      '2026-12-07',
      agent('a-3', '2020-01-01', ['2024-12-01']),
      ['gdpr-training-overdue', 'critical', '2026-12-01'],
    ],
    [
      'a newcomer of 01/09/2026 never trained: due within 3 months',
      '2026-12-07',
      agent('a-4', '2026-09-01', []),
      ['gdpr-training-overdue', 'critical', '2026-12-01'],
    ],
    ['an agent who left', '2026-12-07', agent('a-5', '2020-01-01', ['2022-01-01'], '2026-06-30'), []],
    ['an agent not yet arrived', '2026-12-07', agent('a-6', '2027-01-04', []), []],
  ])('R-GDPR-3: %s (%s)', (_label, asOf, trained, expected) => {
    expect(trainingAlerts([trained], asOf).flatMap((alert) => [alert.kind, alert.severity, alert.date])).toEqual(expected);
  });

  it('R-GDPR-3: the alert names the agent by id, never by name, and concerns no town', () => {
    const [alert] = trainingAlerts([agent('a-3', '2020-01-01', ['2024-12-01'])], '2026-12-07');
    expect(alert).toMatchObject({
      insee: null,
      subject: 'a-3',
      message: 'La formation RGPD de l’agent a-3 est échue depuis le 01/12/2026 : inscrivez-le à la prochaine session.',
    });
    expect(alert?.message).not.toContain('Camille');
  });
});
