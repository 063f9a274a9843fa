import { crossCheck, type CrossCheckReasonCode, type DeclaredCategories } from './cross-check.js';
import type { PersonalDataCategory } from './personal-data-category.js';
import { cadastreFiche, declared, registerOf, validated, withdrawnEvent } from './register.test-fixtures.js';

/** Boulogne's register: TRT-VALID validated (identity, postal address, cadastral owner), TRT-DRAFT not yet. */
const register = registerOf([
  declared('TRT-VALID'),
  validated('TRT-VALID'),
  declared('TRT-DRAFT'),
  declared('TRT-GONE'),
  withdrawnEvent('TRT-GONE'),
]);

type Case = [
  description: string,
  declaredProcessing: string | null,
  declaredCategories: DeclaredCategories,
  detected: PersonalDataCategory[],
  outcome: 'allowed' | 'refused',
  reasons: CrossCheckReasonCode[],
];

describe('cross-check of content against the town DPD register (R-GDPR-2)', () => {
  it.each<Case>([
    [
      'personal data under a validated processing that covers it',
      'TRT-VALID',
      ['identity', 'cadastral-owner'],
      ['identity', 'cadastral-owner'],
      'allowed',
      [],
    ],
    ['no personal data at all, declared and found', null, 'none', [], 'allowed', []],
    ['personal data with no processing named', null, ['identity'], ['identity'], 'refused', ['NO_PROCESSING_DECLARED']],
    ['personal data under a processing unknown to the register', 'TRT-404', ['identity'], ['identity'], 'refused', ['PROCESSING_UNKNOWN']],
    ['personal data under a draft processing', 'TRT-DRAFT', ['identity'], ['identity'], 'refused', ['PROCESSING_NOT_VALIDATED']],
    ['personal data under a withdrawn processing', 'TRT-GONE', ['identity'], ['identity'], 'refused', ['PROCESSING_WITHDRAWN']],
    [
      'categories present that the processing does not cover',
      'TRT-VALID',
      ['identity', 'email'],
      ['identity', 'email'],
      'refused',
      ['CATEGORIES_NOT_COVERED'],
    ],
    [
      'content declared "no personal data" holding e-mail addresses',
      'TRT-VALID',
      'none',
      ['email'],
      'refused',
      ['PERSONAL_DATA_DECLARED_ABSENT', 'CATEGORIES_NOT_COVERED'],
    ],
    [
      'content declared "no personal data" holding names a processing covers',
      'TRT-VALID',
      'none',
      ['identity'],
      'refused',
      ['PERSONAL_DATA_DECLARED_ABSENT'],
    ],
    [
      'content declared "no personal data", with e-mails and no processing',
      null,
      'none',
      ['email'],
      'refused',
      ['PERSONAL_DATA_DECLARED_ABSENT', 'NO_PROCESSING_DECLARED'],
    ],
    [
      'content holding more than declared',
      'TRT-VALID',
      ['identity'],
      ['identity', 'postal-address'],
      'refused',
      ['CATEGORIES_NOT_DECLARED'],
    ],
    ['declared categories nothing detected (declaration counts)', 'TRT-VALID', ['identity'], [], 'allowed', []],
    ['declared categories not covered even if undetected', 'TRT-VALID', ['health'], [], 'refused', ['CATEGORIES_NOT_COVERED']],
    [
      'a draft processing that also misses a category',
      'TRT-DRAFT',
      ['phone'],
      ['phone'],
      'refused',
      ['PROCESSING_NOT_VALIDATED', 'CATEGORIES_NOT_COVERED'],
    ],
    ['categories unstated, what is detected is covered', 'TRT-VALID', 'unstated', ['identity', 'postal-address'], 'allowed', []],
    [
      'categories unstated, e-mails detected that the processing does not cover',
      'TRT-VALID',
      'unstated',
      ['email'],
      'refused',
      ['CATEGORIES_NOT_COVERED'],
    ],
    ['categories unstated and nothing detected', null, 'unstated', [], 'allowed', []],
    ['categories unstated, names detected, no processing named', null, 'unstated', ['identity'], 'refused', ['NO_PROCESSING_DECLARED']],
  ])('R-GDPR-2: %s', (_, declaredProcessing, declaredCategories, detectedCategories, outcome, reasons) => {
    const result = crossCheck({ register, declaredProcessing, declaredCategories, detectedCategories });
    expect(result.outcome).toBe(outcome);
    expect(result.reasons.map((reason) => reason.code)).toEqual(reasons);
  });

  it('R-GDPR-2: reasons are French sentences naming the processing, the town and the categories', () => {
    const result = crossCheck({ register, declaredProcessing: 'TRT-VALID', declaredCategories: 'none', detectedCategories: ['email'] });
    expect(result.reasons.map((reason) => reason.message)).toEqual([
      expect.stringContaining('déclarées sans données personnelles mais en contiennent : adresse électronique'),
      expect.stringContaining('« TRT-VALID » ne couvre pas : adresse électronique'),
    ]);
    expect(result.summary).toContain('non traitées');
    const unknown = crossCheck({ register, declaredProcessing: 'TRT-404', declaredCategories: ['identity'], detectedCategories: [] });
    expect(unknown.reasons[0]!.message).toContain('registre des activités de traitement de Boulogne-Billancourt');
  });

  it('R-GDPR-2: the result records what was taken as present and the processing status at check time', () => {
    expect(
      crossCheck({ register, declaredProcessing: 'TRT-DRAFT', declaredCategories: ['identity'], detectedCategories: ['email'] }),
    ).toMatchObject({
      personalDataPresent: true,
      categoriesPresent: ['identity', 'email'],
      processingStatus: 'draft',
    });
    expect(
      crossCheck({ register, declaredProcessing: 'TRT-404', declaredCategories: ['identity'], detectedCategories: [] }).processingStatus,
    ).toBe('unknown');
  });

  it('R-GDPR-2: an allowed check says which validated processing covers which categories', () => {
    const result = crossCheck({
      register,
      declaredProcessing: 'TRT-VALID',
      declaredCategories: cadastreFiche.dataCategories,
      detectedCategories: [],
    });
    expect(result.summary).toBe(
      'Traitement « TRT-VALID » validé au registre de Boulogne-Billancourt, couvrant identité (nom, prénom), adresse postale, propriétaire cadastral : traitement autorisé.',
    );
  });
});
