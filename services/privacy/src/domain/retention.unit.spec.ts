import type { HeldPersonalDataView } from '@digit/contracts';
import { recordPersonalDataRead } from './personal-data-reads.js';
import type { RegisteredProcessing } from './register.decider.js';
import { registerDecider } from './register.decider.js';
import { AT, BOULOGNE, cadastreFiche, declared, DPD, registerOf, withdrawnEvent } from './register.test-fixtures.js';
import { retentionAlerts, retentionDue } from './retention.js';

const processing = (
  reference: string,
  days: number | null,
  status: RegisteredProcessing['status'] = 'validated',
): RegisteredProcessing => ({
  reference,
  fiche: cadastreFiche,
  status,
  declaredAt: AT,
  lastChangedAt: AT,
  validatedAt: AT,
  validatedBy: DPD,
  withdrawnAt: null,
  retention: days === null ? null : { days, appliesTo: ['convention-contacts'], setAt: AT, setBy: DPD },
});
const held = (subjectId: string, until: string | null): HeldPersonalDataView => ({
  subjectId,
  holding: 'convention-contacts',
  insee: '92012',
  where: 'Contact SIG',
  since: '2024-01-01',
  until,
});

describe('retention due dates (RGPD art. 5(1)(e))', () => {
  it('art. 5(1)(e): due the end of the last tenure plus the longest period of the validated processings covering it', () => {
    const rules = [processing('TRT-A', 365), processing('TRT-B', 730), processing('TRT-DRAFT', 1, 'draft'), processing('TRT-NONE', null)];
    expect(retentionDue('92012', rules, [held('c-1', '2024-06-01')], '2026-06-01', 0)).toEqual([
      expect.objectContaining({ subjectId: 'c-1', reference: 'TRT-B', dueOn: '2026-06-01' }),
    ]);
    expect(retentionDue('92012', rules, [held('c-1', '2024-06-01')], '2026-05-31', 0)).toEqual([]);
    expect(retentionDue('92012', rules, [held('c-1', '2024-06-01')], '2026-05-31', 1)).toHaveLength(1);
  });

  it('art. 5(1)(e): a person still in a role, or data no validated rule covers, is never due', () => {
    expect(retentionDue('92012', [processing('TRT-A', 1)], [held('c-1', null)], '2099-01-01', 0)).toEqual([]);
    expect(retentionDue('92012', [processing('TRT-DRAFT', 1, 'draft')], [held('c-1', '2024-01-01')], '2099-01-01', 0)).toEqual([]);
  });

  it('R-SEC-6: one warning per processing, dated by its first erasure', () => {
    const due = retentionDue('92012', [processing('TRT-A', 10)], [held('c-1', '2024-01-10'), held('c-2', '2024-01-05')], '2024-02-01', 30);
    expect(retentionAlerts(due)).toEqual([
      expect.objectContaining({ kind: 'retention-due', severity: 'warning', subject: 'TRT-A', date: '2024-01-15', insee: '92012' }),
    ]);
  });
});

describe('a read in clear states a purpose of the register (R-GDPR-5)', () => {
  const read = {
    readId: 'r-1',
    insee: '92012' as const,
    readAt: AT,
    reader: 'ops.digit',
    route: 'GET /api/v1/conventions/:insee',
    purpose: 'TRT-A',
    subjectIds: ['c-2', 'c-1', 'c-2'],
  };
  const accepted = [{ reference: 'TRT-A', name: 'Annuaire' }];

  it('R-GDPR-5: recorded with the purpose’s name and each person once', () => {
    expect(recordPersonalDataRead(read, accepted)).toEqual([
      { type: 'PersonalDataRead', data: { ...read, subjectIds: ['c-1', 'c-2'], purposeName: 'Annuaire' } },
    ]);
  });

  it('R-GDPR-5: a purpose outside the register is refused, naming the accepted ones; a read of nobody is not recorded', () => {
    expect(recordPersonalDataRead({ ...read, purpose: 'TRT-X' }, accepted)).toMatchObject({
      kind: 'invalid',
      code: 'unknown_purpose',
      message: expect.stringContaining('TRT-A (Annuaire)'),
    });
    expect(recordPersonalDataRead({ ...read, subjectIds: [] }, accepted)).toEqual([]);
  });
});

describe('a processing’s retention period on the register (RGPD art. 5(1)(e))', () => {
  const set = (reference: string, days = 365, appliesTo: readonly string[] = ['convention-contacts']) =>
    ({ type: 'SetRetention', data: { insee: BOULOGNE, reference, days, appliesTo, setAt: AT, setBy: DPD } }) as const;

  it('art. 5(1)(e): set on a processing of the register, once; an unknown or withdrawn one is refused', () => {
    const register = registerOf([declared('TRT-A')]);
    const decided = registerDecider.decide(set('TRT-A') as never, register);
    expect(decided).toEqual([
      { type: 'RetentionPeriodSet', data: expect.objectContaining({ reference: 'TRT-A', days: 365, appliesTo: ['convention-contacts'] }) },
    ]);
    const after = (decided as never[]).reduce(registerDecider.evolve, register);
    expect(after.processings.get('TRT-A')?.retention).toMatchObject({ days: 365, setBy: DPD });
    expect(registerDecider.decide(set('TRT-A') as never, after)).toEqual([]);
    expect(registerDecider.decide(set('TRT-X') as never, register)).toMatchObject({ kind: 'not_found' });
    expect(registerDecider.decide(set('TRT-A') as never, registerOf([declared('TRT-A'), withdrawnEvent('TRT-A')]))).toMatchObject({
      code: 'processing_withdrawn',
    });
  });

  it('art. 5(1)(e): a period of whole days from 1 to 36500, on data the system knows', () => {
    const register = registerOf([declared('TRT-A')]);
    expect(registerDecider.decide(set('TRT-A', 0) as never, register)).toMatchObject({
      kind: 'invalid',
      details: [expect.objectContaining({ path: 'days' })],
    });
    expect(registerDecider.decide(set('TRT-A', 30, ['annuaire']) as never, register)).toMatchObject({
      kind: 'invalid',
      details: [expect.objectContaining({ path: 'appliesTo' })],
    });
  });
});
