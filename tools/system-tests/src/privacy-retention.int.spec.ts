import { setTimeout as sleep } from 'node:timers/promises';
import type { Alert } from '@digit/contracts';
import { ERASED } from '@digit/personal-data';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startPrivacyService, type PrivacyService } from '../../../services/privacy/src/privacy.app.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * Retention (RGPD art. 5(1)(e), issue 15): a processing's retention period counts from the end of a
 * person's last tenure; at the due date, not before, the system erases the person by itself through
 * the one erasure path and records which rule did it; the DPD sees what falls due, and so do the alerts.
 * The scheduler's clock is the test's.
 */
let system: SystemUnderTest;
let privacy: PrivacyService;
let clock = '2025-05-15T10:00:00+02:00';

const OPS: TestCaller = { sub: 'ops.digit', roles: ['ops'] };
const BOULOGNE_DPO: TestCaller = { sub: 'dpo.boulogne', roles: ['town-dpo'], insee: '92012' };
const FICHE = {
  name: 'Annuaire des contacts de la convention',
  purposes: ['Joindre les contacts nommés par la ville'],
  legalBases: ['public-interest-mission'],
  dataSubjects: ['Agents de la ville'],
  dataCategories: ['identity', 'email'],
  recipients: ['DIGIT'],
  retentionPeriods: ['Un an après la fin de la désignation'],
  securityMeasures: ["Contrôle d'accès"],
};
const leaver = { personId: 'c-ret-leaver', name: 'Philémon Brasseur', email: 'philemon.brasseur@example.fr' };
const stayer = { personId: 'c-ret-stayer', name: 'Ondine Falguière', email: 'ondine.falguiere@example.fr' };

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
const contactNames = async () => {
  const { body } = await get('/api/v1/conventions/92012?asOf=2024-03-01&purpose=TRT-CONTACTS');
  return Object.fromEntries((body.contacts.gis as { personId: string; name: string }[]).map((holder) => [holder.personId, holder.name]));
};

beforeAll(async () => {
  system = await startSystem([
    startConventionsService,
    async (infra) => (privacy = await startPrivacyService(infra, { retention: { intervalMs: 3_600_000, now: () => clock } })),
  ]);
  for (const person of [leaver, stayer])
    expect((await send('/api/v1/conventions/92012/contacts', 'POST', { role: 'gis', person, from: '2024-01-15' })).status).toBe(201);
  expect(
    (await send('/api/v1/conventions/92012/contact-releases', 'POST', { role: 'gis', personId: leaver.personId, releasedOn: '2024-06-01' }))
      .status,
  ).toBe(201);
  expect((await send('/api/v1/privacy/92012/register', 'POST', { reference: 'TRT-CONTACTS', fiche: FICHE })).status).toBe(201);
  expect((await send('/api/v1/privacy/92012/register/TRT-CONTACTS/validation', 'POST', {}, BOULOGNE_DPO)).status).toBe(200);
}, 60_000);
afterAll(() => system?.stop());

describe('retention periods kept by the system (RGPD art. 5(1)(e))', () => {
  it('R-SEC-4: only the town’s DPD sets a retention period; it is on the processing', async () => {
    const rule = { days: 365, appliesTo: ['convention-contacts'] };
    expect((await send('/api/v1/privacy/92012/register/TRT-CONTACTS/retention', 'PUT', rule, OPS)).status).toBe(403);
    expect(
      (await send('/api/v1/privacy/92012/register/TRT-CONTACTS/retention', 'PUT', { days: 0, appliesTo: [] }, BOULOGNE_DPO)).status,
    ).toBe(400);
    const set = await send('/api/v1/privacy/92012/register/TRT-CONTACTS/retention', 'PUT', rule, BOULOGNE_DPO);
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      reference: 'TRT-CONTACTS',
      status: 'validated',
      retention: { days: 365, appliesTo: ['convention-contacts'], setBy: 'dpo.boulogne' },
    });
  });

  it('art. 5(1)(e): the DPD and the alerts show who falls due soon: a released contact, one year after the end of the designation', async () => {
    const due = await get('/api/v1/privacy/92012/retention/due?asOf=2025-05-15', BOULOGNE_DPO);
    expect(due.status).toBe(200);
    expect(due.body.due).toEqual([
      expect.objectContaining({
        reference: 'TRT-CONTACTS',
        subjectId: leaver.personId,
        holding: 'convention-contacts',
        until: '2024-06-01',
        dueOn: '2025-06-01',
        where: 'Contact SIG de la convention de Boulogne-Billancourt',
      }),
    ]);
    expect((await get('/api/v1/privacy/92012/retention/due?asOf=2025-04-01', BOULOGNE_DPO)).body.due).toEqual([]);
    const alerts = (await get('/api/v1/privacy/alerts?asOf=2025-05-15&insee=92012')).body.alerts as Alert[];
    expect(alerts).toContainEqual(
      expect.objectContaining({ kind: 'retention-due', insee: '92012', subject: 'TRT-CONTACTS', date: '2025-06-01' }),
    );
    expect((await get('/api/v1/privacy/92012/retention/due', { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' })).status).toBe(
      403,
    );
  });

  it('art. 5(1)(e): the day before the due date nothing is erased; on the due date the leaver is erased by the system, the stayer kept, and it is recorded', async () => {
    clock = '2025-05-31T23:59:00+02:00';
    expect(await privacy.workers.retention!.runOnce()).toEqual({ erased: 0 });
    expect(await contactNames()).toMatchObject({ [leaver.personId]: leaver.name, [stayer.personId]: stayer.name });

    clock = '2025-06-01T00:05:00+02:00';
    expect(await privacy.workers.retention!.runOnce()).toEqual({ erased: 1 });
    expect(await system.infra.keyStore.get(leaver.personId)).toBeUndefined();
    for (let attempt = 0; attempt < 100 && (await contactNames())[leaver.personId] !== ERASED; attempt++) await sleep(50);
    expect(await contactNames()).toMatchObject({ [leaver.personId]: ERASED, [stayer.personId]: stayer.name });

    const erasure = await system.infra.store.readStream(`privacy-erasure-${leaver.personId}`);
    expect(erasure).toEqual([
      expect.objectContaining({
        type: 'PersonalDataErased',
        data: expect.objectContaining({ requestedBy: 'system:retention', keyDestroyed: true }),
      }),
    ]);
    const applied = await system.infra.store.readStream('privacy-retention-92012');
    expect(applied).toEqual([
      expect.objectContaining({
        type: 'RetentionApplied',
        data: expect.objectContaining({
          reference: 'TRT-CONTACTS',
          days: 365,
          appliedOn: '2025-06-01',
          erased: [expect.objectContaining({ subjectId: leaver.personId, dueOn: '2025-06-01' })],
        }),
      }),
    ]);
    // Run again (another copy, the next hour): nothing more, nothing twice.
    expect(await privacy.workers.retention!.runOnce()).toEqual({ erased: 0 });
    expect((await get('/api/v1/privacy/92012/retention/due?asOf=2025-06-01', BOULOGNE_DPO)).body.due).toEqual([]);
  });
});
