import type { ConventionTermsTimeline, NewForecastAction, NewRateAction, RegularisationRecord } from '@digit/contracts';
import { endedHalves, newForecastAlert, newRateAlerts, regularisationAlerts, statementAlerts } from './billing-alerts.js';
import type { Semester } from './semester.js';

const inForce = (from: string, to: string): ConventionTermsTimeline => ({
  entryIntoForce: from,
  periods: [
    {
      from,
      to,
      version: 1,
      sigOption: 1,
      sigRate: '0.004',
      resourcesShare: '0.077',
      structureShare: '0.077',
      amendmentNumber: null,
      demo: false,
      days: 0,
    },
  ],
  termination: null,
  demo: false,
});
/** Boulogne in force 2024-01-01 to 2027-12-31 (R-CON-2); Chaville 2022-01-01 to 2026-12-31. */
const boulogne = inForce('2024-01-01', '2027-12-31');
const chaville = inForce('2022-01-01', '2026-12-31');
const key = (semester: Semester) => `${semester.from.slice(0, 4)}-S${semester.half}`;

describe('mémoires of ended halves not issued (R-SEC-6, R-BIL-4)', () => {
  it.each([
    ['07/12/2026', '2026-12-07', ['2026-S1', '2025-S2']],
    ['30/06/2026, the last day of the first half', '2026-06-30', ['2025-S2', '2025-S1']],
    ['01/07/2026, the day after', '2026-07-01', ['2026-S1', '2025-S2']],
    ['01/01/2027', '2027-01-01', ['2026-S2', '2026-S1']],
  ])('R-BIL-4: on %s the last two ended halves are watched', (_label, asOf, halves) => {
    expect(endedHalves(asOf).map(key)).toEqual(halves);
  });

  type Row = readonly [
    label: string,
    asOf: string,
    timeline: ConventionTermsTimeline,
    issued: Readonly<Record<string, string>>,
    expected: readonly string[],
  ];
  it.each<Row>([
    [
      'none issued on 07/12/2026: the latest half a warning, the one before critical',
      '2026-12-07',
      boulogne,
      {},
      ['92012-2025-S2:critical', '92012-2026-S1:warning'],
    ],
    ['both issued', '2026-12-07', boulogne, { '2026-S1': '2026-07-10', '2025-S2': '2026-01-12' }, []],
    [
      'issued after the day looked at: not yet then',
      '2026-07-05',
      boulogne,
      { '2026-S1': '2026-07-10', '2025-S2': '2026-01-12' },
      ['92012-2026-S1:warning'],
    ],
    ['before the convention: nothing due', '2024-03-01', boulogne, {}, []],
    ['the half the convention entered into force', '2024-07-01', boulogne, {}, ['92012-2024-S1:warning']],
    [
      'after the convention ended: its last half still due',
      '2027-03-01',
      chaville,
      {},
      ['92012-2026-S1:critical', '92012-2026-S2:warning'],
    ],
    ['a year after it ended: nothing more', '2028-01-01', chaville, {}, []],
  ])('R-BIL-4: %s (%s)', (_label, asOf, timeline, issued, expected) => {
    const alerts = statementAlerts('92012', timeline, (semester) => issued[key(semester)] ?? null, asOf);
    expect(alerts.map((alert) => `${alert.subject}:${alert.severity}`).sort()).toEqual(expected);
  });

  it('R-BIL-4: the alert names the town, the half and what issuing does, in French', () => {
    const [latest] = statementAlerts('92012', boulogne, () => null, '2026-12-07');
    expect(latest).toEqual({
      kind: 'statement-not-issued',
      rule: 'R-BIL-4',
      severity: 'warning',
      subject: '92012-2026-S1',
      insee: '92012',
      date: '2026-07-01',
      message:
        'Boulogne-Billancourt : le mémoire du 1er semestre 2026 (du 01/01/2026 au 30/06/2026) n’est pas émis ; ' +
        'émettez-le avec son état semestriel des dépenses pour que la ville rembourse sa part (chapitre 930).',
      demo: false,
    });
  });
});

describe('regularisations and N+1 decisions awaiting the parties (R-SEC-6, R-BIL-5)', () => {
  const proposal = (status: RegularisationRecord['status'], proposedCents: number): RegularisationRecord => ({
    year: 2025,
    proposalId: 'regularisation-2025-92012',
    reconciledOn: '2026-06-15',
    forecastShareCents: 3296500,
    actualShareCents: 3296500 + proposedCents,
    proposedCents,
    label: 'Régularisation 2025',
    status,
    decidedCents: null,
    committeeDate: null,
    committeeReference: null,
  });
  it.each([
    ['proposed, seen after the comparison', proposal('proposed', 548000), '2026-12-07', ['warning']],
    ['proposed, seen before the comparison', proposal('proposed', 548000), '2026-06-14', []],
    ['decided by the committee', proposal('accepted', 548000), '2026-12-07', []],
  ])('R-BIL-5: a regularisation %s', (_label, regularisation, asOf, severities) => {
    expect(regularisationAlerts('92012', [regularisation], asOf).map((alert) => alert.severity)).toEqual(severities);
  });

  it('R-BIL-5: the amount says who would owe whom, in euros as a French reader writes them', () => {
    expect(regularisationAlerts('92012', [proposal('proposed', 3296500)], '2026-12-07')[0]?.message).toBe(
      'Boulogne-Billancourt : la régularisation 2025 proposée (32\u00A0965,00\u00A0€ que la ville devrait à l’EPT) attend la décision du comité de suivi ; aucun mémoire ne la porte avant (R-BIL-8).',
    );
    expect(regularisationAlerts('92012', [proposal('proposed', -54800)], '2026-12-07')[0]?.message).toContain(
      '548,00\u00A0€ que l’EPT devrait à la ville',
    );
  });

  const action = (status: 'open' | 'closed'): NewRateAction => ({
    actionId: 'new-rate-2027-avenant-1',
    forYear: 2027,
    amendmentNumber: 1,
    signedOn: '2026-05-10',
    effectiveFrom: '2026-06-01',
    changes: ['sigOption'],
    status,
    decidedOn: null,
    decision: null,
  });
  it.each([
    ['open, before year N+1', action('open'), '2026-12-07', ['warning']],
    ['open, year N+1 begun without its rate', action('open'), '2027-01-01', ['critical']],
    ['open, seen before the amendment was signed', action('open'), '2026-05-09', []],
    ['decided', action('closed'), '2027-01-01', []],
  ])('R-BIL-5: a "new rate N+1" action %s', (_label, rateAction, asOf, severities) => {
    expect(newRateAlerts('92012', [rateAction], asOf).map((alert) => alert.severity)).toEqual(severities);
  });

  const forecast: NewForecastAction = {
    actionId: 'new-forecast-2027',
    forYear: 2027,
    reasons: ['total'],
    status: 'open',
    decidedOn: null,
    decision: null,
  };
  it.each([
    ['open, before year N+1', '2026-12-07', forecast, 'warning'],
    ['open, year N+1 begun', '2027-02-01', forecast, 'critical'],
    ['seen before the comparison', '2026-06-14', forecast, null],
    ['decided', '2027-02-01', { ...forecast, status: 'closed' as const }, null],
  ])('R-BIL-5: the EPT-wide "new forecast N+1" action %s (%s)', (_label, asOf, newForecast, severity) => {
    const alert = newForecastAlert(2026, '2026-06-15', newForecast, asOf);
    expect(alert?.severity ?? null).toBe(severity);
    if (alert) expect(alert.insee).toBeNull();
  });
});
