import { deciderSpec } from '@digit/testing';
import type { ProcessingFiche } from './processing-fiche.js';
import { findProcessing, registerDecider } from './register.decider.js';
import type { RegisterCommand } from './register.events.js';
import { AT, BOULOGNE, cadastreFiche, declared, DPD, registerOf, validated, withdrawnEvent } from './register.test-fixtures.js';

const spec = deciderSpec(registerDecider);

const declare = (fiche: ProcessingFiche = cadastreFiche, reference = 'TRT-001'): RegisterCommand => ({
  type: 'DeclareProcessing',
  data: { insee: BOULOGNE, reference, fiche, declaredAt: AT, declaredBy: DPD },
});
const update = (fiche: ProcessingFiche, reference = 'TRT-001'): RegisterCommand => ({
  type: 'UpdateProcessing',
  data: { insee: BOULOGNE, reference, fiche, updatedAt: AT, updatedBy: DPD },
});
const validate = (reference = 'TRT-001'): RegisterCommand => ({
  type: 'ValidateProcessing',
  data: { insee: BOULOGNE, reference, validatedAt: AT, validatedBy: DPD },
});
const withdraw = (reason = 'Traitement abandonné', reference = 'TRT-001'): RegisterCommand => ({
  type: 'WithdrawProcessing',
  data: { insee: BOULOGNE, reference, withdrawnAt: AT, withdrawnBy: DPD, reason },
});

const draftFiche: ProcessingFiche = {
  ...cadastreFiche,
  purposes: [],
  legalBases: [],
  dataSubjects: [],
  dataCategories: [],
  recipients: [],
  retentionPeriods: [],
  securityMeasures: [],
  software: null,
};

describe('register decider: a town DPD register of processing activities', () => {
  it('R-GDPR-1: a DPD declares a processing; it starts as a draft', () => {
    spec
      .given([])
      .when(declare())
      .then([declared('TRT-001')]);
    const state = registerOf([declared('TRT-001')]);
    expect(state.insee).toBe('92012');
    expect(findProcessing(state, 'TRT-001')?.status).toBe('draft');
  });

  it('R-GDPR-1: a draft may be incomplete, but not malformed', () => {
    spec
      .given([])
      .when(declare(draftFiche))
      .then([declared('TRT-001', draftFiche)]);
  });

  it('R-GDPR-1: texts are trimmed in the recorded fiche', () => {
    const padded = { ...cadastreFiche, name: `  ${cadastreFiche.name} `, recipients: [' Service urbanisme', 'DIGIT (EPT GPSO) '] };
    spec
      .given([])
      .when(declare(padded))
      .then([declared('TRT-001', cadastreFiche)]);
  });

  it.each<[string, Partial<ProcessingFiche>, string]>([
    ['an empty name', { name: ' ' }, 'fiche.name'],
    ['an unknown legal basis', { legalBases: ['good-will' as never] }, 'fiche.legalBases.0'],
    ['a duplicated legal basis', { legalBases: ['consent', 'consent'] }, 'fiche.legalBases.1'],
    ['an unknown data category', { dataCategories: ['shoe-size' as never] }, 'fiche.dataCategories.0'],
    ['an empty purpose', { purposes: ['Instruction', ''] }, 'fiche.purposes.1'],
    [
      'a transfer without safeguards',
      { transfersOutsideEu: [{ country: 'États-Unis', safeguards: '' }] },
      'fiche.transfersOutsideEu.0.safeguards',
    ],
  ])('R-GDPR-1: a fiche with %s is refused with a French message at its path', (_, change, path) => {
    const error = spec
      .given([])
      .when(declare({ ...cadastreFiche, ...change }))
      .thenError('invalid_processing', 'contient des erreurs');
    expect(error.details.map((detail) => detail.path)).toContain(path);
  });

  it.each<[string, RegisterCommand, string]>([
    ['a malformed reference', declare(cadastreFiche, 'TRT 001'), 'reference'],
    [
      'an instant without offset',
      { ...declare(), data: { ...declare().data, declaredAt: '2024-03-04T10:15:00' } } as RegisterCommand,
      'declaredAt',
    ],
    ['no actor', { ...declare(), data: { ...declare().data, declaredBy: ' ' } } as RegisterCommand, 'declaredBy'],
    ['an unknown town', { ...declare(), data: { ...declare().data, insee: '75056' } } as unknown as RegisterCommand, 'insee'],
  ])('R-GDPR-1: a command with %s is refused', (_, command, path) => {
    const error = spec.given([]).when(command).thenError('invalid_register_command');
    expect(error.details.map((detail) => detail.path)).toContain(path);
  });

  it('R-GDPR-1: each town keeps its own register', () => {
    const command = { ...declare(), data: { ...declare().data, insee: '92040' } } as RegisterCommand;
    spec
      .given([declared('TRT-001')])
      .when(command)
      .thenError('wrong_town', 'Boulogne-Billancourt');
  });

  it('R-GDPR-1: a reference is declared once', () => {
    spec
      .given([declared('TRT-001')])
      .when(declare())
      .thenError('processing_already_declared', '« TRT-001 »');
  });

  it('R-GDPR-1: the DPD validates a complete draft', () => {
    spec
      .given([declared('TRT-001')])
      .when(validate())
      .then([validated('TRT-001')]);
    expect(findProcessing(registerOf([declared('TRT-001'), validated('TRT-001')]), 'TRT-001')).toMatchObject({
      status: 'validated',
      validatedBy: DPD,
    });
  });

  it('R-GDPR-1: an incomplete fiche cannot be validated; every gap is named (art. 30)', () => {
    const error = spec
      .given([declared('TRT-001', draftFiche)])
      .when(validate())
      .thenError('processing_incomplete', 'incomplète');
    expect(error.details.map((detail) => detail.path)).toEqual([
      'fiche.purposes',
      'fiche.legalBases',
      'fiche.dataSubjects',
      'fiche.dataCategories',
      'fiche.recipients',
      'fiche.retentionPeriods',
      'fiche.securityMeasures',
    ]);
  });

  it('R-GDPR-1: sensitive data (art. 9) needs the art. 9.2 exception before validation', () => {
    const health: ProcessingFiche = { ...cadastreFiche, dataCategories: ['identity', 'health'] };
    const error = spec
      .given([declared('TRT-001', health)])
      .when(validate())
      .thenError('processing_incomplete');
    expect(error.details).toEqual([
      expect.objectContaining({ path: 'fiche.sensitiveDataException', message: expect.stringContaining('données de santé') }),
    ]);
    const allowed = { ...health, sensitiveDataException: 'Art. 9.2.h : gestion des services de santé' };
    spec
      .given([declared('TRT-001', allowed)])
      .when(validate())
      .then([validated('TRT-001')]);
  });

  it('R-GDPR-1: validating twice changes nothing', () => {
    spec
      .given([declared('TRT-001'), validated('TRT-001')])
      .when(validate())
      .then([]);
  });

  it('R-GDPR-2: changing a validated fiche sends it back to draft until the DPD validates again', () => {
    const changed = { ...cadastreFiche, dataCategories: [...cadastreFiche.dataCategories, 'email' as const] };
    spec
      .given([declared('TRT-001'), validated('TRT-001')])
      .when(update(changed))
      .then([
        {
          type: 'ProcessingUpdated',
          data: { insee: BOULOGNE, reference: 'TRT-001', fiche: changed, updatedAt: AT, updatedBy: DPD, validationLapsed: true },
        },
      ]);
    const state = registerOf([
      declared('TRT-001'),
      validated('TRT-001'),
      {
        type: 'ProcessingUpdated',
        data: { insee: BOULOGNE, reference: 'TRT-001', fiche: changed, updatedAt: AT, updatedBy: DPD, validationLapsed: true },
      },
    ]);
    expect(findProcessing(state, 'TRT-001')).toMatchObject({ status: 'draft', validatedAt: null, fiche: changed });
  });

  it('R-GDPR-1: an update that changes nothing records nothing (re-import is harmless)', () => {
    spec
      .given([declared('TRT-001'), validated('TRT-001')])
      .when(update({ ...cadastreFiche, name: ` ${cadastreFiche.name}` }))
      .then([]);
  });

  it.each<[string, RegisterCommand]>([
    ['updated', update(cadastreFiche)],
    ['validated', validate()],
    ['withdrawn', withdraw()],
  ])('R-GDPR-1: an unknown processing cannot be %s', (_, command) => {
    spec.given([]).when(command).thenError('processing_unknown', 'registre de la commune');
  });

  it('R-GDPR-1: the DPD withdraws a processing, with a reason; withdrawing again changes nothing', () => {
    spec
      .given([declared('TRT-001'), validated('TRT-001')])
      .when(withdraw())
      .then([withdrawnEvent('TRT-001')]);
    spec
      .given([declared('TRT-001')])
      .when(withdraw(' '))
      .thenError('invalid_register_command');
    spec
      .given([declared('TRT-001'), withdrawnEvent('TRT-001')])
      .when(withdraw())
      .then([]);
    expect(findProcessing(registerOf([declared('TRT-001'), withdrawnEvent('TRT-001')]), 'TRT-001')?.status).toBe('withdrawn');
  });

  it.each<[string, RegisterCommand]>([
    ['updated', update({ ...cadastreFiche, name: 'Autre' })],
    ['validated', validate()],
  ])('R-GDPR-1: a withdrawn processing cannot be %s', (_, command) => {
    spec
      .given([declared('TRT-001'), withdrawnEvent('TRT-001')])
      .when(command)
      .thenError('processing_withdrawn', '04/03/2024 10:15');
  });

  it('R-GDPR-1: a reference like "constructor" is an ordinary key', () => {
    spec
      .given([])
      .when(declare(cadastreFiche, 'constructor'))
      .then([declared('constructor')]);
    spec.given([]).when(validate('constructor')).thenError('processing_unknown');
  });
});
