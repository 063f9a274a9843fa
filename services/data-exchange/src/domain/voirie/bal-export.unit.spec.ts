import { validate, type ValidateType } from '@ban-team/validateur-bal';
import { parse } from 'csv-parse/sync';
import { BAL_COLUMNS, cleInterop } from '@digit/contracts';
import { BAL_VERSION, balExport } from './bal-export.js';
import type { RoadRegistryState } from './road-registry.state.js';
import { BOULOGNE_ORDER_SEQUENCE, BOULOGNE_RECEIVED_AT, registryOf } from './voirie.fixtures.js';

/** Pinned: the validator package version (package.json, exact) and its profile. */
const BAL_PROFILE = '1.4';

/**
 * The validator asks the BAN API for the commune's BAN id (utils/ban.js). A unit test does no I/O:
 * answer "unknown", which the validator handles as when the API is unreachable.
 */
const offlineFetch = (async () => new Response(JSON.stringify({ status: 'error' }), { status: 200 })) as typeof fetch;

const validateBal = async (csv: string): Promise<ValidateType> => {
  const realFetch = globalThis.fetch;
  globalThis.fetch = offlineFetch;
  try {
    const report = await validate(Buffer.from(csv, 'utf8'), { profile: BAL_PROFILE });
    if (!('profilesValidation' in report)) throw new Error('the validator could not parse the file');
    return report;
  } finally {
    globalThis.fetch = realFetch;
  }
};

const blockingErrors = (report: ValidateType): string[] => [
  ...report.profilErrors.filter((e) => e.level === 'E').map((e) => e.code),
  ...report.notFoundFields.filter((f) => f.level === 'E').map((f) => `field.${f.schemaName}.missing`),
  ...report.rows.flatMap((row) => row.errors.filter((e) => e.level === 'E').map((e) => `line ${row.line}: ${e.code}`)),
];

let boulogne: RoadRegistryState;
beforeAll(async () => {
  boulogne = await registryOf(BOULOGNE_ORDER_SEQUENCE, BOULOGNE_RECEIVED_AT);
});

const rowsOf = (csv: string): Record<string, string>[] => parse(csv, { delimiter: ';', columns: true });

describe(`BAL ${BAL_VERSION} export of the road registry`, () => {
  it('R-DX-1: cle_interop is {insee}_{code voie}_{numero on 5 digits}[_{suffixe}], in lower case', () => {
    expect(cleInterop('92012', '0042', 2, 'bis')).toBe('92012_0042_00002_bis');
    expect(cleInterop('92012', 'B001', 12, null)).toBe('92012_b001_00012');
    expect(cleInterop('92012', '0108', 99999, null)).toBe('92012_0108_99999');
  });

  it('R-DX-1: the header is the BAL 1.4 column list, separated by semicolons, UTF-8 without BOM', () => {
    const csv = balExport(boulogne, '92012', '2024-12-31');
    expect(csv.split('\n')[0]).toBe(BAL_COLUMNS.join(';'));
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('R-DX-1: one line per number, one 99999 line per road without numbers, with the name in force', () => {
    const rows = rowsOf(balExport(boulogne, '92012', '2024-12-31'));
    expect(rows.map((r) => [r.cle_interop, r.numero, r.suffixe, r.voie_nom])).toEqual([
      ['92012_0042_00001', '1', '', 'Allée Marie et Pierre Curie'],
      ['92012_0042_00002', '2', '', 'Allée Marie et Pierre Curie'],
      ['92012_0042_00002_bis', '2', 'bis', 'Allée Marie et Pierre Curie'],
      ['92012_0042_00003', '3', '', 'Allée Marie et Pierre Curie'],
      ['92012_0042_00004', '4', '', 'Allée Marie et Pierre Curie'],
      ['92012_0108_99999', '99999', '', 'Place des Tilleuls'],
    ]);
    expect(rows[0]).toMatchObject({
      commune_insee: '92012',
      commune_nom: 'Boulogne-Billancourt',
      position: 'entrée',
      x: '644221.25',
      y: '6859729.14',
      long: '2.2401',
      lat: '48.8352',
      source: 'Ville de Boulogne-Billancourt',
      date_der_maj: '2024-10-01',
      certification_commune: '1',
    });
    expect(rows[5]).toMatchObject({ position: '', x: '', long: '', date_der_maj: '2024-10-15' });
  });

  it('R-DX-1: as of before the rename the file carries the old name', () => {
    const rows = rowsOf(balExport(boulogne, '92012', '2024-09-30'));
    expect(new Set(rows.map((r) => r.voie_nom))).toEqual(new Set(['Allée Marie Curie']));
    expect(rows[0]?.date_der_maj).toBe('2024-05-01');
  });

  it.each(['2024-04-01', '2024-09-30', '2024-12-31'])(
    'R-DX-1: the export as of %s passes the official validator (profile 1.4)',
    async (asOf) => {
      const report = await validateBal(balExport(boulogne, '92012', asOf));
      expect(report.profile).toBe(BAL_PROFILE);
      expect(blockingErrors(report)).toEqual([]);
      expect(report.profilesValidation[BAL_PROFILE]?.isValid).toBe(true);
      expect(report.rows.every((row) => row.isValid)).toBe(true);
    },
  );

  it('R-DX-1: x/y agree with long/lat for the validator (no longlat_xy_incoherents)', async () => {
    const report = await validateBal(balExport(boulogne, '92012', '2024-12-31'));
    const codes = report.rows.flatMap((row) => row.errors.map((e) => e.code));
    expect(codes).not.toContain('row.longlat_xy_incoherents');
    expect(codes).not.toContain('row.commune_nom_invalide');
  });

  it.each<[string, (csv: string) => string]>([
    ['a numero that disagrees with cle_interop', (csv) => csv.replace('92012_0042_00003;', '92012_0042_00033;')],
    ['commas instead of semicolons', (csv) => csv.replaceAll(';', ',')],
    ['a missing voie_nom column', (csv) => csv.replace('voie_nom;', 'nom_voie;')],
    ['an empty file', (csv) => csv.split('\n')[0]!],
  ])('R-DX-1: the validator catches a broken file: %s', async (_, breakIt) => {
    const report = await validateBal(breakIt(balExport(boulogne, '92012', '2024-12-31')));
    expect(blockingErrors(report).length).toBeGreaterThan(0);
    expect(report.profilesValidation[BAL_PROFILE]?.isValid).toBe(false);
  });
});
