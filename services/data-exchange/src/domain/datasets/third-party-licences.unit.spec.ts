import { Temporal } from 'temporal-polyfill';
import {
  ANNEX_4_AGREEMENTS,
  ANNEX_4_CONTRACTS,
  ANNEX_4_LICENCES,
  describeAgreementEnd,
  licencesEndingWithin,
  licencesWithUnknownEnd,
  withDemoEnd,
} from './third-party-licences.js';

const byId = (id: string) => ANNEX_4_AGREEMENTS.find((a) => a.id === id)!;

describe('third-party data agreements of annex 4 (R-DX-7)', () => {
  it('R-DX-7: annex 4 lists the cadastral plan, MIG 92, Smart Plateforme 2030, SIPPEREC, the pipelines data and the MOS licence', () => {
    expect(ANNEX_4_LICENCES.map((a) => a.id)).toEqual([
      'pci-cd92',
      'mig92',
      'smart-plateforme-2030',
      'sipperec-bouquet-7',
      'canalisations-udea92',
      'mos-institut-paris-region',
    ]);
  });

  it.each([
    ['smart-plateforme-2030', { kind: 'seed', date: '2020-10-14' }, { kind: 'no_end' }],
    ['canalisations-udea92', { kind: 'seed', date: '2020-09-17' }, { kind: 'no_end' }],
    ['pci-cd92', { kind: 'unknown' }, { kind: 'unknown' }],
    ['mig92', { kind: 'unknown' }, { kind: 'unknown' }],
    ['sipperec-bouquet-7', { kind: 'unknown' }, { kind: 'unknown' }],
    ['mos-institut-paris-region', { kind: 'unknown' }, { kind: 'unknown' }],
  ])('R-DX-7: %s has the dates the seed gives, and unknown where it gives none', (id, signedOn, endsOn) => {
    expect(byId(id)).toMatchObject({ signedOn, endsOn });
  });

  it('R-DX-7: no date of annex 4 is a demonstration value', () => {
    const kinds = ANNEX_4_AGREEMENTS.flatMap((a) => [a.signedOn.kind, a.endsOn.kind, a.startsOn?.kind]);
    expect(kinds).not.toContain('demo');
  });

  it('R-DX-7: the four contracts tabled under SIPPEREC run from 24/11/2020 to 23/11/2024 at the latest', () => {
    expect(ANNEX_4_CONTRACTS.map((c) => [c.contract?.number, c.contract?.holder, c.startsOn, c.endsOn])).toEqual([
      ['2020033', 'NAOMIS', { kind: 'seed', date: '2020-11-24' }, { kind: 'seed', date: '2024-11-23' }],
      ['2020036', 'GÉOFIT', { kind: 'seed', date: '2020-11-24' }, { kind: 'seed', date: '2024-11-23' }],
      ['2020037', 'GÉOFIT', { kind: 'seed', date: '2020-11-24' }, { kind: 'seed', date: '2024-11-23' }],
      ['2020038', 'GÉOFIT', { kind: 'seed', date: '2020-11-24' }, { kind: 'seed', date: '2024-11-23' }],
    ]);
  });

  it('R-DX-7: the limits of use are those the seed gives (the cadastral plan is for the communes and EPCIs of the Département)', () => {
    expect(byId('pci-cd92').limitsOfUse).toEqual({
      kind: 'seed',
      text: 'mise à disposition aux communes et EPCI du Département des Hauts-de-Seine',
    });
    expect(byId('sipperec-bouquet-7').renewal).toBe('renouvellement annuel de l’adhésion');
  });

  it.each([
    ['smart-plateforme-2030', 'sans limite de durée'],
    ['mos-institut-paris-region', 'date de fin inconnue (l’annexe 4 ne donne pas cette date)'],
    ['marche-2020033', 'fin le 23/11/2024'],
  ])('R-DX-7: the end of %s reads "%s"', (id, text) => {
    expect(describeAgreementEnd(byId(id))).toBe(text);
  });

  it('R-DX-7: a demonstration end date is labelled as such', () => {
    expect(describeAgreementEnd(withDemoEnd(byId('mos-institut-paris-region'), '2025-03-31'))).toBe(
      'fin le 31/03/2025 (date de démonstration, non issue de l’annexe 4)',
    );
  });
});

describe('licences ending within 90 days (R-DX-7)', () => {
  it.each([
    ['2024-08-25', 90, 4, 90],
    ['2024-08-24', 90, 0, undefined],
    ['2024-11-23', 90, 4, 0],
    ['2024-11-24', 90, 0, undefined],
    ['2024-10-24', 30, 4, 30],
    ['2024-10-23', 30, 0, undefined],
  ])('R-DX-7: on %s, within %i days, %i agreements of annex 4 end (days left %s)', (today, days, count, daysLeft) => {
    const ending = licencesEndingWithin(ANNEX_4_AGREEMENTS, today, days);
    expect(ending).toHaveLength(count);
    if (daysLeft !== undefined) expect(ending.every((e) => e.daysLeft === daysLeft && e.endsOn === '2024-11-23' && !e.demo)).toBe(true);
  });

  it('R-DX-7: the window defaults to 90 days and accepts a Temporal.PlainDate', () => {
    expect(licencesEndingWithin(ANNEX_4_AGREEMENTS, Temporal.PlainDate.from('2024-09-01'))).toHaveLength(4);
  });

  it('R-DX-7: licences without end or with an unknown end are never listed as ending', () => {
    expect(licencesEndingWithin(ANNEX_4_LICENCES, '2024-09-01', 100_000)).toEqual([]);
  });

  it('R-DX-7: results come soonest first, with a French label; a demo date stays labelled demo', () => {
    const licences = [withDemoEnd(byId('mos-institut-paris-region'), '2025-03-31'), withDemoEnd(byId('mig92'), '2025-02-15')];
    const ending = licencesEndingWithin(licences, '2025-01-31');
    expect(ending.map((e) => [e.agreement.id, e.endsOn, e.daysLeft, e.demo])).toEqual([
      ['mig92', '2025-02-15', 15, true],
      ['mos-institut-paris-region', '2025-03-31', 59, true],
    ]);
    expect(ending[0]?.label).toBe(
      'Convention MIG 92 avec le département des Hauts-de-Seine (Conseil Départemental des Hauts-de-Seine) : fin le 15/02/2025 (date de démonstration, non issue de l’annexe 4), dans 15 jours',
    );
  });

  it('R-DX-7: the licences whose end annex 4 does not give are listed to be chased', () => {
    expect(licencesWithUnknownEnd(ANNEX_4_AGREEMENTS).map((a) => a.id)).toEqual([
      'pci-cd92',
      'mig92',
      'sipperec-bouquet-7',
      'mos-institut-paris-region',
    ]);
  });

  it.each([
    ['a malformed date', '23/11/2024', 90],
    ['a negative window', '2024-11-01', -1],
  ])('R-DX-7: %s is refused with a French message', (_case, today, days) => {
    expect(() => licencesEndingWithin(ANNEX_4_AGREEMENTS, today, days)).toThrow(/invalide/);
  });
});
