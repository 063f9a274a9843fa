import { DIGIT_OWN_PROCESSINGS, MASKED, type PersonalDataReadsView } from '@digit/contracts';
import type { TestTokenClaims } from '@digit/testing';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startPrivacyService } from '../../../services/privacy/src/privacy.app.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * R-GDPR-5 (issue 15): a read of persons' data in clear states its purpose, a validated processing
 * of the register, and is recorded (who, when, which route, why, whom); the town's DPD reads the
 * trace of its town. Without a purpose, the persons' fields are masked.
 */
let system: SystemUnderTest;

const ROLES = {
  ops: { sub: 'ops.digit', roles: ['ops'] },
  finance: { sub: 'finance.gpso', roles: ['finance'] },
  auditor: { sub: 'auditor.crc', roles: ['auditor'] },
  'town-dsi': { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' },
  'town-dpo': { sub: 'dpo.boulogne', roles: ['town-dpo'], insee: '92012' },
  'town-referent': { sub: 'referent.boulogne', roles: ['town-referent'], insee: '92012' },
  'other-town-dpo': { sub: 'dpo.issy', roles: ['town-dpo'], insee: '92040' },
} as const satisfies Record<string, TestTokenClaims>;
const OPS: TestCaller = ROLES.ops;
const BOULOGNE_DPO: TestCaller = ROLES['town-dpo'];

const FICHE = {
  name: 'Annuaire des contacts de la convention',
  purposes: ['Joindre les contacts nommés par la ville'],
  legalBases: ['public-interest-mission'],
  dataSubjects: ['Agents de la ville'],
  dataCategories: ['identity', 'email', 'phone'],
  recipients: ['DIGIT'],
  retentionPeriods: ['Un an après la fin de la désignation'],
  securityMeasures: ["Contrôle d'accès", 'Traçabilité des lectures'],
};
const contact = { personId: 'c-reads-1', name: 'Gaspard Lenormand', email: 'gaspard.lenormand@example.fr', phone: '01 46 00 00 01' };

const send = (path: string, method: string, body: unknown, as: TestCaller = OPS) =>
  system.fetch(
    path,
    { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) },
    as,
  );
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
const get = async (path: string, as: TestCaller = OPS): Promise<{ status: number; body: any }> => {
  const response = await system.fetch(path, {}, as);
  return { status: response.status, body: await response.json() };
};
const gis = async (query: string, as: TestCaller = OPS) => {
  const { status, body } = await get(`/api/v1/conventions/92012?asOf=2024-06-01${query}`, as);
  return {
    status,
    body,
    holder:
      status === 200
        ? (body.contacts.gis as { personId: string; name: string; email: string }[]).find((one) => one.personId === contact.personId)
        : undefined,
  };
};
const reads = async (insee = '92012'): Promise<PersonalDataReadsView> => (await get(`/api/v1/privacy/${insee}/reads`, BOULOGNE_DPO)).body;

beforeAll(async () => {
  system = await startSystem([startConventionsService, startPrivacyService]);
  expect((await send('/api/v1/conventions/92012/contacts', 'POST', { role: 'gis', person: contact, from: '2024-02-01' })).status).toBe(201);
  expect((await send('/api/v1/privacy/92012/register', 'POST', { reference: 'TRT-CONTACTS', fiche: FICHE })).status).toBe(201);
  expect((await send('/api/v1/privacy/92012/register', 'POST', { reference: 'TRT-BROUILLON', fiche: FICHE })).status).toBe(201);
  expect((await send('/api/v1/privacy/92012/register/TRT-CONTACTS/validation', 'POST', {}, BOULOGNE_DPO)).status).toBe(200);
  expect(
    (await send('/api/v1/privacy/agents', 'POST', { agentId: 'a-reads', fullName: 'Irène Castagnol', joinedOn: '2022-01-03' })).status,
  ).toBe(201);
}, 60_000);
afterAll(() => system?.stop());

describe('reads in clear are traced (R-GDPR-5)', () => {
  it('R-GDPR-5: without a purpose, the contacts are masked and nothing is recorded (minimisation)', async () => {
    const { status, holder } = await gis('');
    expect(status).toBe(200);
    expect(holder).toMatchObject({ personId: contact.personId, name: MASKED, email: MASKED, phone: MASKED });
    expect((await reads()).reads).toEqual([]);
  });

  it('R-GDPR-5: a purpose that is not a validated processing of the town is refused, naming the accepted ones', async () => {
    for (const purpose of ['TRT-INCONNU', 'TRT-BROUILLON']) {
      const { status, body } = await gis(`&purpose=${purpose}`);
      expect(status).toBe(400);
      expect(body.message).toContain('Finalités acceptées : TRT-CONTACTS (Annuaire des contacts de la convention)');
    }
    expect((await reads()).reads).toEqual([]);
  });

  it('R-GDPR-5: with a purpose of the register, the data are in clear and the read is in the town’s trace: who, when, which route, why, whom', async () => {
    const { status, holder } = await gis('&purpose=TRT-CONTACTS', ROLES['town-referent']);
    expect(status).toBe(200);
    expect(holder).toMatchObject({ name: contact.name, email: contact.email, phone: contact.phone });
    const trace = await reads();
    expect(trace.reads).toEqual([
      expect.objectContaining({
        insee: '92012',
        reader: 'referent.boulogne',
        route: 'GET /api/v1/conventions/:insee',
        purpose: 'TRT-CONTACTS',
        purposeName: 'Annuaire des contacts de la convention',
        subjectIds: expect.arrayContaining([contact.personId]),
      }),
    ]);
    expect(trace.reads[0]!.readAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/);
    // The trace names whom by subject id only: it holds no one's data.
    expect(JSON.stringify(trace)).not.toContain('Lenormand');
    expect((await reads('92040')).reads ?? []).toEqual([]);
  });

  it('R-GDPR-5: DIGIT agents’ records are read for DIGIT’s own processing, traced apart for DIGIT', async () => {
    const masked = await get('/api/v1/privacy/agents');
    expect(masked.body.agents).toEqual([expect.objectContaining({ agentId: 'a-reads', fullName: MASKED })]);
    const refused = await get('/api/v1/privacy/agents?purpose=TRT-CONTACTS');
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain(DIGIT_OWN_PROCESSINGS[0].reference);
    const clear = await get(`/api/v1/privacy/agents?purpose=${DIGIT_OWN_PROCESSINGS[0].reference}`);
    expect(clear.body.agents).toEqual([expect.objectContaining({ fullName: 'Irène Castagnol' })]);
    const trace = (await get('/api/v1/privacy/reads')).body as PersonalDataReadsView;
    expect(trace.reads).toEqual([
      expect.objectContaining({ insee: null, reader: 'ops.digit', route: 'GET /api/v1/privacy/agents', subjectIds: ['a-reads'] }),
    ]);
  });

  it.each([
    ['ops', 403, 200],
    ['finance', 403, 403],
    ['auditor', 200, 200],
    ['town-dsi', 403, 403],
    ['town-dpo', 200, 403],
    ['town-referent', 403, 403],
    ['other-town-dpo', 403, 403],
  ] as const)('R-GDPR-5, R-SEC-2: %s reads the town’s trace → %i, DIGIT’s trace → %i', async (role, town, digit) => {
    expect((await system.fetch('/api/v1/privacy/92012/reads', {}, ROLES[role])).status).toBe(town);
    expect((await system.fetch('/api/v1/privacy/reads', {}, ROLES[role])).status).toBe(digit);
  });
});
