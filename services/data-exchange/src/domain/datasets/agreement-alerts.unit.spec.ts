import { agreementAlerts } from './agreement-alerts.js';
import { ANNEX_4_AGREEMENTS, ANNEX_4_CONTRACTS, ANNEX_4_LICENCES, withDemoEnd } from './third-party-licences.js';

const mos = ANNEX_4_LICENCES.find((agreement) => agreement.id === 'mos-institut-paris-region')!;
const naomis = ANNEX_4_CONTRACTS[0]!;

describe('alerts on annex 4 contracts and licences (R-SEC-6, R-DX-7)', () => {
  it.each([
    ['long before the end', '2024-08-24', []],
    ['90 days before the contracts end', '2024-08-25', ['contract-ending', 'contract-ending', 'contract-ending', 'contract-ending']],
    ['on their last day', '2024-11-23', ['contract-ending', 'contract-ending', 'contract-ending', 'contract-ending']],
    ['the day after', '2024-11-24', ['contract-ended', 'contract-ended', 'contract-ended', 'contract-ended']],
    ['years later', '2026-12-07', ['contract-ended', 'contract-ended', 'contract-ended', 'contract-ended']],
  ])('R-SEC-6: %s (%s), the four public contracts ending 23/11/2024 raise %j', (_case, today, kinds) => {
    expect(agreementAlerts(ANNEX_4_AGREEMENTS, today).map((alert) => alert.kind)).toEqual(kinds);
  });

  it('R-SEC-6: an ended contract is critical and says what to do, in French', () => {
    expect(agreementAlerts([naomis], '2026-12-07')).toEqual([
      {
        kind: 'contract-ended',
        rule: 'R-SEC-6',
        severity: 'critical',
        subject: 'marche-2020033',
        insee: null,
        date: '2024-11-23',
        message:
          'Marché n° 2020033 – Assistance à Maîtrise d’ouvrage - Systèmes d’information géographique (NAOMIS) : terminé depuis le 23/11/2024 ; aucune prestation ne peut plus être commandée sur ce marché : constatez son remplacement.',
        demo: false,
      },
    ]);
  });

  it.each([
    ['2027-03-31', '2027-01-01', 'licence-ending', 'warning', 'prend fin le 31/03/2027, dans 89 jours'],
    ['2027-01-02', '2027-01-01', 'licence-ending', 'warning', 'prend fin le 02/01/2027, demain'],
    ['2026-12-31', '2027-01-01', 'licence-ended', 'critical', 'terminée depuis le 31/12/2026'],
  ])('R-SEC-6: a licence ending %s, seen on %s, raises %s (%s): "%s"', (end, today, kind, severity, when) => {
    const [alert] = agreementAlerts([withDemoEnd(mos, end)], today);
    expect(alert).toMatchObject({ kind, severity, subject: 'mos-institut-paris-region', date: end, demo: true });
    expect(alert?.message).toContain(when);
    expect(alert?.message).toContain('date de fin de démonstration');
  });

  it('R-SEC-6: a licence ending beyond 90 days, without end or with an end annex 4 does not give raises nothing', () => {
    expect(agreementAlerts([withDemoEnd(mos, '2027-04-02')], '2027-01-01')).toEqual([]);
    expect(agreementAlerts(ANNEX_4_LICENCES, '2027-01-01')).toEqual([]);
  });

  it('R-SEC-6: ended agreements come first, then the soonest', () => {
    const alerts = agreementAlerts([withDemoEnd(mos, '2025-01-10'), naomis], '2024-12-01');
    expect(alerts.map((alert) => [alert.kind, alert.date])).toEqual([
      ['contract-ended', '2024-11-23'],
      ['licence-ending', '2025-01-10'],
    ]);
  });

  it('refuses a malformed date', () => {
    expect(() => agreementAlerts(ANNEX_4_AGREEMENTS, '01/01/2027')).toThrow(RangeError);
  });
});
