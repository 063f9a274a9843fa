import { isDomainError } from '@digit/contracts';
import type { DeclaredCategories } from './cross-check.js';
import type { ContentSample } from './personal-data-detection.js';
import { processingLogCsv } from './processing-log-csv.js';
import {
  checkPersonalData,
  contentSha256,
  logEntriesInPeriod,
  processingLogStreamId,
  type PersonalDataChecked,
  type PersonalDataCheckedData,
  type PersonalDataCheckRequest,
} from './processing-log.js';
import { BOULOGNE, declared, registerOf, validated } from './register.test-fixtures.js';

const register = registerOf([declared('TRT-VALID'), validated('TRT-VALID'), declared('TRT-DRAFT')]);

const CSV_WITH_EMAILS = 'nom;courriel\nDupont;jeanne.dupont@example.fr\nHaddad;lina.haddad@example.fr\n';
const ownersSample: ContentSample = {
  records: [{ idpar: '92012000AB0123', proprietaire: 'DUPONT JEANNE', adresse_proprietaire: '12 rue de Sèvres' }],
};
const emailsSample: ContentSample = {
  records: [
    { nom: 'Dupont', courriel: 'jeanne.dupont@example.fr' },
    { nom: 'Haddad', courriel: 'lina.haddad@example.fr' },
  ],
};
const roadsSample: ContentSample = { records: [{ nom_voie: 'Allée Marie Curie', numero: 12 }] };

const request = (
  checkId: string,
  sample: ContentSample,
  declaredProcessing: string | null,
  declaredCategories: DeclaredCategories,
  checkedAt = '2023-12-07T14:05:00+01:00',
): PersonalDataCheckRequest => ({
  checkId,
  insee: BOULOGNE,
  checkedAt,
  checkedBy: 'digit:agent:cmoreau',
  item: { kind: 'dataset', id: `dataset-${checkId}`, sha256: contentSha256(CSV_WITH_EMAILS) },
  declaredProcessing,
  declaredCategories,
  sample,
});

const logged = (value: ReturnType<typeof checkPersonalData>): PersonalDataChecked => {
  if (isDomainError(value)) throw new Error(`${value.code}: ${JSON.stringify(value.details)}`);
  return value;
};

describe('GDPR processing log (R-GDPR-2)', () => {
  it.each<[string, PersonalDataCheckRequest, 'allowed' | 'refused', string[]]>([
    [
      'owners under the validated cadastre processing',
      request('c1', ownersSample, 'TRT-VALID', ['identity', 'postal-address', 'cadastral-owner']),
      'allowed',
      [],
    ],
    [
      'owners with no processing',
      request('c2', ownersSample, null, ['cadastral-owner', 'postal-address']),
      'refused',
      ['NO_PROCESSING_DECLARED'],
    ],
    [
      'owners under a draft processing',
      request('c3', ownersSample, 'TRT-DRAFT', ['cadastral-owner', 'postal-address']),
      'refused',
      ['PROCESSING_NOT_VALIDATED'],
    ],
    [
      'names and e-mails the processing does not cover',
      request('c4', emailsSample, 'TRT-VALID', ['identity', 'email']),
      'refused',
      ['CATEGORIES_NOT_COVERED'],
    ],
    [
      'a dataset declared "no personal data" holding e-mails',
      request('c5', emailsSample, null, 'none'),
      'refused',
      ['PERSONAL_DATA_DECLARED_ABSENT', 'NO_PROCESSING_DECLARED'],
    ],
    ['a road dataset with no personal data', request('c6', roadsSample, null, 'none'), 'allowed', []],
  ])('R-GDPR-2: every check is logged with its inputs and outcome: %s', (_, checkRequest, outcome, reasons) => {
    const event = logged(checkPersonalData(checkRequest, register));
    expect(event.type).toBe('PersonalDataChecked');
    expect(event.data).toMatchObject({
      checkId: checkRequest.checkId,
      insee: '92012',
      item: checkRequest.item,
      declaredProcessing: checkRequest.declaredProcessing,
      declaredCategories: checkRequest.declaredCategories,
      outcome,
    });
    expect(event.data.reasons.map((reason) => reason.code)).toEqual(reasons);
  });

  it('R-GDPR-2: the log keeps categories found and their evidence, never the personal values', () => {
    const event = logged(checkPersonalData(request('c5', emailsSample, null, 'none'), register));
    expect(event.data.detectedCategories).toEqual(['identity', 'email']);
    expect(event.data.evidence).toEqual([
      { category: 'identity', column: 'nom', by: 'column-name', count: 2 },
      { category: 'email', column: 'courriel', by: 'column-name', count: 2 },
      { category: 'email', column: 'courriel', by: 'value-pattern', count: 2 },
    ]);
    const serialised = JSON.stringify(event);
    for (const value of ['Dupont', 'Haddad', 'jeanne.dupont', 'example.fr']) expect(serialised).not.toContain(value);
  });

  it('R-GDPR-2: the data is identified by id and SHA-256 of its content', () => {
    expect(contentSha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(processingLogStreamId('92012')).toBe('privacy-log-92012');
  });

  it.each<[string, Partial<PersonalDataCheckRequest>, string]>([
    ['the register of another town', { insee: '92040' }, 'insee'],
    ['an instant without offset', { checkedAt: '2023-12-07T14:05' }, 'checkedAt'],
    ['a bad hash', { item: { kind: 'dataset', id: 'd', sha256: 'abc' } }, 'item.sha256'],
    ['an unknown category', { declaredCategories: ['shoe-size' as never] }, 'declaredCategories'],
  ])('R-GDPR-2: a check request with %s is refused before anything is logged', (_, change, path) => {
    const result = checkPersonalData({ ...request('bad', emailsSample, null, 'none'), ...change }, register);
    if (!isDomainError(result)) throw new Error('expected an error');
    expect(result.code).toBe('invalid_personal_data_check');
    expect(result.details.map((detail) => detail.path)).toContain(path);
  });

  const entries: PersonalDataCheckedData[] = [
    logged(checkPersonalData(request('late', emailsSample, null, 'none', '2023-12-31T23:30:00+01:00'), register)).data,
    logged(checkPersonalData(request('first', ownersSample, 'TRT-VALID', ['identity', 'postal-address', 'cadastral-owner']), register))
      .data,
    logged(checkPersonalData(request('utc-new-year', roadsSample, null, 'none', '2023-12-31T23:30:00Z'), register)).data,
  ];

  it('R-GDPR-2: the log is queried by period in Paris calendar days, both ends included', () => {
    expect(logEntriesInPeriod(entries, { from: '2023-12-07', to: '2023-12-31' }).map((entry) => entry.checkId)).toEqual(['late', 'first']);
    expect(logEntriesInPeriod(entries, { from: '2024-01-01' }).map((entry) => entry.checkId)).toEqual(['utc-new-year']);
    expect(() => logEntriesInPeriod(entries, { from: '07/12/2023' })).toThrow(RangeError);
  });

  it('R-GDPR-2: the DPD export is a French CSV, oldest first, dates as 07/12/2023 14:05 Paris time', () => {
    const csv = processingLogCsv(entries);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'Date de la vérification;Code INSEE;Commune;Nature de la donnée;Identifiant de la donnée;Empreinte SHA-256;Traitement déclaré;Statut du traitement;Catégories déclarées;Catégories détectées;Indices (colonne, méthode : nombre de valeurs);Résultat;Motifs;Vérifié par;Identifiant de la vérification',
    );
    expect(lines[1]).toMatch(
      /^07\/12\/2023 14:05;92012;Boulogne-Billancourt;jeu de données;dataset-first;[0-9a-f]{64};TRT-VALID;validé;identité \(nom, prénom\), adresse postale, propriétaire cadastral;.*;autorisé;;digit:agent:cmoreau;first$/,
    );
    expect(lines[2]).toMatch(
      /^31\/12\/2023 23:30;.*;aucune donnée personnelle;identité \(nom, prénom\), adresse électronique;nom \(intitulé\) : 2 \| courriel \(intitulé\) : 2 \| courriel \(valeurs\) : 2;refusé;Les données sont déclarées sans données personnelles/,
    );
    expect(lines[3]).toMatch(/^01\/01\/2024 00:30;.*;aucune donnée personnelle;aucune;;autorisé;/);
    for (const value of ['Dupont', 'jeanne.dupont']) expect(csv).not.toContain(value);
  });

  it('R-GDPR-2 (issue 18): a text that a spreadsheet would run as a formula is exported neutralised', () => {
    const hostile = {
      ...entries[1]!,
      item: { ...entries[1]!.item, id: '=HYPERLINK("http://example.org/x","ouvrir")' },
      checkedBy: '@SUM(1+1)',
    };
    const line = processingLogCsv([hostile]).slice(1).split('\r\n')[1]!;
    expect(line).toContain(';"\'=HYPERLINK(""http://example.org/x"",""ouvrir"")";');
    expect(line).toContain(";'@SUM(1+1);");
  });
});
