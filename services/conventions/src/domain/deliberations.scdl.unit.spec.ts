import { isDomainError } from '@digit/contracts';
import { parse } from 'csv-parse/sync';
import { seedConventionEvents } from '../seed/index.js';
import {
  SCDL_DELIBERATIONS_COLUMNS,
  scdlDeliberationRows,
  toScdlDeliberationsCsv,
  type ScdlDeliberationRow,
} from './deliberations.scdl.js';

const histories = seedConventionEvents().map((stream) => stream.events);
const sirets = {
  '92012': '12345678901234',
  '92022': '22222222222222',
  '92040': '33333333333333',
  '92047': '44444444444444',
  '92048': '55555555555555',
  '92072': '66666666666666',
  '92075': '77777777777777',
  '92077': '88888888888888',
};

const rows = (includeDemo = false): readonly ScdlDeliberationRow[] => {
  const result = scdlDeliberationRows(histories, { siretByInsee: sirets, includeDemo });
  if (isDomainError(result)) throw new Error(result.message);
  return result;
};

describe('SCDL deliberations export', () => {
  it('R-CON-1: exports the 17 columns of schema scdl/deliberations 2.1.5, in order', () => {
    expect(toScdlDeliberationsCsv(rows()).split('\n')[0]).toBe(SCDL_DELIBERATIONS_COLUMNS.join(','));
    expect(SCDL_DELIBERATIONS_COLUMNS).toHaveLength(17);
  });

  it("R-CON-1: Boulogne's deliberation of 7 December 2023 is the only non-demo line", () => {
    const parsed = parse(toScdlDeliberationsCsv(rows()), { columns: true }) as Record<string, string>[];
    expect(parsed).toEqual([
      {
        COLL_NOM: 'Ville de Boulogne-Billancourt',
        COLL_SIRET: '12345678901234',
        DELIB_ID: '092-219200128-20231207-137171-DE',
        DELIB_DATE: '2023-12-07',
        DELIB_MATIERE_CODE: '5.7',
        DELIB_MATIERE_NOM: 'institutions et vie politique/intercommunalité',
        DELIB_OBJET: expect.stringContaining('avec la ville de Boulogne-Billancourt'),
        BUDGET_ANNEE: '',
        BUDGET_NOM: '',
        PREF_ID: '',
        PREF_DATE: '2023-12-13',
        VOTE_EFFECTIF: '',
        VOTE_REEL: '55',
        VOTE_POUR: '55',
        VOTE_CONTRE: '0',
        VOTE_ABSTENTION: '0',
        DELIB_URL: '',
      },
    ]);
  });

  it('demo deliberations come only when asked for, in date order', () => {
    const all = rows(true);
    expect(all).toHaveLength(8);
    expect(all.map((row) => row.DELIB_DATE)).toEqual([...all.map((row) => row.DELIB_DATE)].sort());
    expect(all.every((row) => /^\d{14}$/.test(row.COLL_SIRET) && /^\d\.\d{1,2}$/.test(row.DELIB_MATIERE_CODE))).toBe(true);
  });

  it('refuses to export without the town SIRET the schema requires', () => {
    const result = scdlDeliberationRows(histories, { siretByInsee: {} });
    expect(isDomainError(result) && result.code).toBe('scdl_siret_missing');
  });
});
