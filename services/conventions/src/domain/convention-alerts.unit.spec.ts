import { foldEvents, isDomainError, TOWNS } from '@digit/contracts';
import { addDays } from '@digit/calendar';
import { seedConventionEvents } from '../seed/index.js';
import { conventionAlerts } from './convention-alerts.js';
import type { ConventionCommand } from './convention.commands.js';
import { conventionDecider } from './convention.decider.js';
import type { ConventionEvent } from '@digit/contracts';
import { decideSequence } from './convention-sequence.js';

const seed = seedConventionEvents();
const historyOf = (insee: string): readonly ConventionEvent[] => seed.find((stream) => stream.insee === insee)!.events;
const withCommands = (insee: string, ...commands: ConventionCommand[]): ConventionEvent[] => {
  const decided = decideSequence(commands, historyOf(insee));
  if (isDomainError(decided)) throw new Error(`${decided.code}: ${decided.message}`);
  return [...historyOf(insee), ...decided];
};
const alertsOn = (events: readonly ConventionEvent[], asOf: string) => conventionAlerts(foldEvents(conventionDecider, events), asOf);
/** [kind, severity, date] of each alert: what a table can say in one line. */
const summary = (events: readonly ConventionEvent[], asOf: string) =>
  alertsOn(events, asOf).map((alert) => [alert.kind, alert.severity, alert.date]);

const SEVEN_2022_TOWNS = TOWNS.filter((town) => town.insee !== '92012');

describe('the last term of the seed’s conventions (R-SEC-6, R-CON-2, R-CON-3)', () => {
  type Row = readonly [label: string, asOf: string, seven: readonly (readonly string[])[], boulogne: readonly (readonly string[])[]];
  const ending2026 = (severity: string) => [['convention-ending', severity, '2026-12-31']];
  const ending2027 = (severity: string) => [['convention-ending', severity, '2027-12-31']];
  const ended2026 = [['convention-ended', 'critical', '2026-12-31']];
  it.each<Row>([
    ['more than six months before the last day', '2026-06-30', [], []],
    ['six months before: a warning', '2026-07-01', ending2026('warning'), []],
    ['31 days before: still a warning', '2026-11-30', ending2026('warning'), []],
    ['30 days before: critical (at most one council session left)', '2026-12-01', ending2026('critical'), []],
    ['07/12/2026, 24 days before', '2026-12-07', ending2026('critical'), []],
    ['the last day', '2026-12-31', ending2026('critical'), []],
    ['the day after: ended, critical; Boulogne renews tacitly (3 of 3)', '2027-01-01', ended2026, []],
    ['90 days after the last day', '2027-03-31', ended2026, []],
    ['91 days after: no longer an alert', '2027-04-01', [], []],
    ['Boulogne, six months before its last day', '2027-07-01', [], ending2027('warning')],
    ['Boulogne, 07/12/2027, 24 days before', '2027-12-07', [], ending2027('critical')],
    ['Boulogne ended', '2028-01-01', [], [['convention-ended', 'critical', '2027-12-31']]],
  ])('R-CON-3: %s (%s)', (_label, asOf, seven, boulogne) => {
    for (const town of SEVEN_2022_TOWNS) expect([town.name, summary(historyOf(town.insee), asOf)]).toEqual([town.name, seven]);
    expect(summary(historyOf('92012'), asOf)).toEqual(boulogne);
  });

  it('R-CON-3, R-SEC-6: on 07/12/2026 Chaville is told, in French, when it ends and what only can extend it', () => {
    expect(alertsOn(historyOf('92022'), '2026-12-07')).toEqual([
      {
        kind: 'convention-ending',
        rule: 'R-CON-3',
        severity: 'critical',
        subject: '92022',
        insee: '92022',
        date: '2026-12-31',
        message:
          'Chaville : la convention prend fin le 31/12/2026, dans 24 jours, au terme de sa dernière reconduction tacite (4 sur 4). ' +
          'Seul un renouvellement exprès par délibérations concordantes du conseil municipal et du conseil de territoire la prolonge : ' +
          'inscrivez-le à leur ordre du jour. Moins de 30 jours : il ne reste au mieux qu’une séance de chaque assemblée.',
        demo: false,
      },
    ]);
    expect(alertsOn(historyOf('92022'), '2027-01-01')[0]?.message).toBe(
      'Chaville : la convention est arrivée à son terme : son dernier jour était le 31/12/2026. La DIGIT n’a plus de convention pour servir la ville : ' +
        'arrêtez ses accès ou faites voter un renouvellement exprès (R-CON-3), et émettez le dernier mémoire au prorata (R-BIL-6).',
    );
  });

  it('R-CON-3: an express renewal voted in time ends the alert; the new version’s end is announced in its turn', () => {
    const deliberation = (assembly: 'town' | 'ept', councilDate: string): ConventionCommand => ({
      type: 'RecordDeliberation',
      assembly,
      purpose: 'express_renewal',
      councilDate,
      subject: 'Renouvellement de la convention de mutualisation de la DIGIT',
      votes: { for: 30, against: 0, abstentions: 0 },
      transmission: { number: `092-219200128-${councilDate.replaceAll('-', '')}-R${assembly}-DE`, date: addDays(councilDate, 2) },
    });
    const renewed = withCommands('92022', deliberation('town', '2026-12-10'), deliberation('ept', '2026-12-14'), {
      type: 'RenewExpressly',
      decidedOn: '2026-12-16',
      startsOn: '2027-01-01',
      tacitRenewals: 1,
    });
    expect(summary(renewed, '2026-12-07')).toEqual(ending2026('critical'));
    expect(summary(renewed, '2026-12-16')).toEqual([]);
    expect(summary(renewed, '2027-01-01')).toEqual([]);
    expect(summary(renewed, '2028-12-07')).toEqual([['convention-ending', 'critical', '2028-12-31']]);
  });
});

describe('notices, terminations and the data return (R-SEC-6, R-CON-4, R-CON-5)', () => {
  const byEpt = withCommands('92075', { type: 'GiveTerminationNotice', requestedBy: 'ept', noticeDate: '2025-03-15' });
  const returned = [...byEpt, ...(decideSequence([{ type: 'MarkDataReturned', doneOn: '2025-07-01' }], byEpt) as ConventionEvent[])];
  const byTown = withCommands('92012', { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2025-03-15' });
  const agreed = withCommands('92040', { type: 'TerminateByMutualAgreement', agreedOn: '2025-09-01', effectiveDate: '2025-10-01' });

  type Row = readonly [label: string, asOf: string, events: readonly ConventionEvent[], expected: readonly (readonly string[])[]];
  it.each<Row>([
    ['the eve of the EPT’s notice', '2025-03-14', byEpt, []],
    [
      'the EPT’s notice, 92 days before it takes effect',
      '2025-03-15',
      byEpt,
      [
        ['data-return-due', 'warning', '2025-06-15'],
        ['termination-pending', 'warning', '2025-06-15'],
      ],
    ],
    [
      '30 days before it takes effect',
      '2025-05-16',
      byEpt,
      [
        ['termination-pending', 'critical', '2025-06-15'],
        ['data-return-due', 'warning', '2025-06-15'],
      ],
    ],
    [
      'the day it takes effect: ended, data return due',
      '2025-06-15',
      byEpt,
      [
        ['convention-ended', 'critical', '2025-06-14'],
        ['data-return-due', 'critical', '2025-06-15'],
      ],
    ],
    ['the data return recorded', '2025-07-01', returned, [['convention-ended', 'critical', '2025-06-14']]],
    [
      '90 days after, the return still not recorded',
      '2025-09-12',
      byEpt,
      [
        ['convention-ended', 'critical', '2025-06-14'],
        ['data-return-due', 'critical', '2025-06-15'],
      ],
    ],
    ['a year after: the return stays due until recorded', '2026-06-15', byEpt, [['data-return-due', 'critical', '2025-06-15']]],
    ['the town’s notice: no data return', '2025-03-15', byTown, [['termination-pending', 'warning', '2025-06-15']]],
    ['a mutual agreement', '2025-09-01', agreed, [['termination-pending', 'critical', '2025-10-01']]],
    ['after the mutual agreement took effect', '2025-10-01', agreed, [['convention-ended', 'critical', '2025-09-30']]],
  ])('R-CON-4, R-CON-5: %s (%s)', (_label, asOf, events, expected) => {
    expect(summary(events, asOf)).toEqual(expected);
  });

  it('R-CON-4, R-CON-5, R-CON-6: each alert says what follows the termination, in French', () => {
    const [dataReturn, pending] = alertsOn(byEpt, '2025-03-15');
    expect(pending?.message).toBe(
      'Vanves : préavis de résiliation du 15/03/2025 (à la demande de l’EPT) : la convention prend fin le 14/06/2025, la résiliation prend effet le 15/06/2025, ' +
        'dans 92 jours ; préparez la restitution à la ville de toutes ses données, au format en vigueur (R-CON-5).',
    );
    expect(dataReturn?.message).toContain('la DIGIT devra alors restituer à la ville toutes ses données');
    expect(alertsOn(byTown, '2025-03-15')[0]?.message).toContain(
      'quote-part d’amortissement des investissements que la ville doit (R-CON-6)',
    );
    expect(alertsOn(byEpt, '2025-06-15')[1]?.message).toContain(
      'est due depuis le 15/06/2025 (résiliation par l’EPT) et n’est pas enregistrée',
    );
    expect(alertsOn(byEpt, '2025-06-15')[0]).toMatchObject({
      rule: 'R-CON-4',
      message: expect.stringContaining('Vanves : la convention est résiliée'),
    });
  });

  it('R-CON-4: Chaville’s notice of 07/12/2026 ends nothing: its last term’s end stays the alert', () => {
    const notice = withCommands('92022', { type: 'GiveTerminationNotice', requestedBy: 'town', noticeDate: '2026-12-07' });
    expect(summary(notice, '2026-12-07')).toEqual([['convention-ending', 'critical', '2026-12-31']]);
  });
});
