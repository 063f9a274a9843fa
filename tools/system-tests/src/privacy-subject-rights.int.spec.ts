import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { PersonalDataReadsView, SubjectAccessView } from '@digit/contracts';
import { verifyHistory } from '@digit/event-store';
import { ERASED } from '@digit/personal-data';
import type { TestTokenClaims } from '@digit/testing';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startPrivacyService } from '../../../services/privacy/src/privacy.app.js';
import { startSupportService } from '../../../services/support/src/support.app.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

const run = promisify(execFile);

/**
 * A person's rights (RGPD art. 15, 17; issue 15): the town's DPD finds every piece of data about a
 * person by e-mail, phone or name across services, exports it (what, where, why, since when), and
 * erases it in one act; both are recorded, the export is a traced read, and the history still verifies.
 */
let system: SystemUnderTest;

const ROLES = {
  ops: { sub: 'ops.digit', roles: ['ops'] },
  'town-dpo': { sub: 'dpo.boulogne', roles: ['town-dpo'], insee: '92012' },
  'town-dsi': { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' },
  'other-town-dpo': { sub: 'dpo.issy', roles: ['town-dpo'], insee: '92040' },
  auditor: { sub: 'auditor.crc', roles: ['auditor'] },
} as const satisfies Record<string, TestTokenClaims>;
const DPO: TestCaller = ROLES['town-dpo'];

const person = { personId: 'c-rights-1', name: 'Séraphine Doucelin', email: 'seraphine.doucelin@example.fr', phone: '01 46 21 43 65' };
const other = { personId: 'c-rights-2', name: 'Anatole Verquin', email: 'anatole.verquin@example.fr' };
const FICHE = {
  name: 'Annuaire des contacts de la convention',
  purposes: ['Joindre les contacts nommés par la ville'],
  legalBases: ['public-interest-mission'],
  dataSubjects: ['Agents de la ville'],
  dataCategories: ['identity', 'email', 'phone'],
  recipients: ['DIGIT'],
  retentionPeriods: ['Un an après la fin de la désignation'],
  securityMeasures: ["Contrôle d'accès"],
};

const call = async (
  method: string,
  path: string,
  body?: unknown,
  as: TestCaller = ROLES.ops,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
): Promise<{ status: number; body: any; text: string; type: string | null }> => {
  const response = await system.fetch(
    path,
    {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    as,
  );
  const text = await response.text();
  const type = response.headers.get('content-type');
  return { status: response.status, text, type, body: type?.includes('json') ? JSON.parse(text) : undefined };
};
const access = async (query: object, as: TestCaller = DPO) => call('POST', '/api/v1/privacy/92012/subject-access', query, as);

beforeAll(async () => {
  system = await startSystem([startConventionsService, (infra) => startSupportService(infra), startPrivacyService]);
  for (const one of [person, other])
    expect((await call('POST', '/api/v1/conventions/92012/contacts', { role: 'gis', person: one, from: '2024-02-01' })).status).toBe(201);
  expect((await call('POST', '/api/v1/privacy/92012/register', { reference: 'TRT-CONTACTS', fiche: FICHE })).status).toBe(201);
  expect((await call('POST', '/api/v1/privacy/92012/register/TRT-CONTACTS/validation', {}, DPO)).status).toBe(200);
  expect(
    (await call('PUT', '/api/v1/privacy/92012/register/TRT-CONTACTS/retention', { days: 365, appliesTo: ['convention-contacts'] }, DPO))
      .status,
  ).toBe(200);
  const ticket = await call('POST', '/api/v1/support/tickets', {
    insee: '92012',
    need: `Donner à ${person.name} l’accès à la carte des travaux.`,
    targetUsers: 'Service voirie',
    context: `Joindre ${person.email}, copie à ${other.email}.`,
    deadline: '2026-12-31',
  });
  expect(ticket.status).toBe(201);
}, 60_000);
afterAll(() => system?.stop());

describe('subject access and erasure requests (RGPD art. 15, 17)', () => {
  it('art. 15: the export lists everything the fixtures stored about the person, across services: what, where, why, since when, in clear', async () => {
    const { status, body } = await access({ email: person.email.toUpperCase() });
    expect(status).toBe(200);
    const view = body as SubjectAccessView;
    expect(view.subjects).toEqual([expect.objectContaining({ subjectId: person.personId, foundBy: expect.arrayContaining(['courriel']) })]);
    const values = view.items.map((item) => item.value);
    // The contact (conventions): name, e-mail, phone, each sealed field opened.
    for (const value of [person.name, person.email, person.phone]) expect(values).toContain(value);
    expect(view.items).toContainEqual(
      expect.objectContaining({
        what: 'ContactAssigned — champ person.email',
        where: expect.stringMatching(/^Conventions — convention-92012/),
        why: 'TRT-CONTACTS (Annuaire des contacts de la convention)',
        since: expect.stringMatching(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/),
      }),
    );
    // The support request (support): her spans in the texts, the other person's hidden.
    const support = view.items.filter((item) => item.where.startsWith('Assistance'));
    expect(support.map((item) => item.value).join(' ')).toContain(person.name);
    expect(support.map((item) => item.value).join(' ')).toContain(person.email);
    expect(support.map((item) => item.value).join(' ')).toContain('[autre personne]');
    expect(JSON.stringify(view)).not.toContain(other.name);
    expect(JSON.stringify(view)).not.toContain(other.email);
    // The same person by phone or name; nobody for an unknown e-mail; an empty question refused.
    expect(((await access({ name: 'doucelin séraphine' })).body as SubjectAccessView).subjects.map((one) => one.subjectId)).toEqual([
      person.personId,
    ]);
    expect(((await access({ email: 'personne@example.fr' })).body as SubjectAccessView).items).toEqual([]);
    expect((await access({})).status).toBe(400);
  });

  it('art. 15: the CSV export is readable in a spreadsheet, in French', async () => {
    const { status, text, type } = await call('POST', '/api/v1/privacy/92012/subject-access.csv', { email: person.email }, DPO);
    expect(status).toBe(200);
    expect(type).toContain('text/csv');
    // fetch's text() drops the byte-order mark the file starts with.
    expect(text.startsWith('Personne (identifiant);Quoi;Où;Pourquoi (finalité);Depuis le;Donnée\r\n')).toBe(true);
    expect(text).toContain(`${person.personId};ContactAssigned — champ person.name;`);
    expect(text).toContain(person.phone);
  });

  it('R-GDPR-5: each export is recorded and is a read in the town’s trace, without the identifiers searched', async () => {
    const trace = (await call('GET', '/api/v1/privacy/92012/reads', undefined, DPO)).body as PersonalDataReadsView;
    expect(trace.reads).toContainEqual(
      expect.objectContaining({
        reader: 'dpo.boulogne',
        route: 'POST /api/v1/privacy/:insee/subject-access',
        purpose: 'RGPD-ART-15',
        subjectIds: [person.personId],
      }),
    );
    expect(trace.reads).toContainEqual(expect.objectContaining({ route: 'POST /api/v1/privacy/:insee/subject-access.csv' }));
    const recorded = await system.infra.db
      .selectFrom(`${system.infra.store.schema}.events` as never)
      .select(['type', 'data'] as never)
      .execute();
    const exports = (recorded as { type: string; data: unknown }[]).filter((event) => event.type === 'SubjectAccessExported');
    expect(exports.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(exports)).not.toContain(person.email);
  });

  it.each([
    ['ops', 200],
    ['town-dpo', 200],
    ['town-dsi', 403],
    ['other-town-dpo', 403],
    ['auditor', 403],
  ] as const)('R-SEC-2, R-SEC-4: %s asks for a person’s data of Boulogne → %i', async (role, status) => {
    expect((await access({ email: person.email }, ROLES[role])).status).toBe(status);
    expect(
      (
        await call(
          'POST',
          '/api/v1/privacy/92012/subject-erasures',
          { email: 'nobody@example.fr', reason: 'Demande de la personne (art. 17)' },
          ROLES[role],
        )
      ).status,
    ).toBe(status === 200 ? 201 : status);
  });

  it('art. 17: one act erases the person everywhere; every copy reads as erased, the other person stays, and the history verifies', async () => {
    const erasure = await call(
      'POST',
      '/api/v1/privacy/92012/subject-erasures',
      { phone: person.phone, reason: 'Demande de la personne (art. 17 du RGPD)' },
      DPO,
    );
    expect(erasure.status).toBe(201);
    expect(erasure.body.erased).toEqual([
      expect.objectContaining({ subjectId: person.personId, keyDestroyed: true, alreadyErased: false }),
    ]);

    const after = (await access({ email: person.email })).body as SubjectAccessView;
    expect(after.subjects).toEqual([expect.objectContaining({ subjectId: person.personId })]);
    for (const item of after.items) expect(item.value === ERASED || !item.value.includes('Doucelin')).toBe(true);
    expect(JSON.stringify(after)).not.toContain(person.email);

    const names = async () => {
      const convention = await call('GET', '/api/v1/conventions/92012?asOf=2024-06-01&purpose=TRT-CONTACTS');
      return Object.fromEntries(
        (convention.body.contacts.gis as { personId: string; name: string }[]).map((holder) => [holder.personId, holder.name]),
      );
    };
    for (let attempt = 0; attempt < 100 && (await names())[person.personId] !== ERASED; attempt++) await sleep(50);
    expect(await names()).toEqual({ [person.personId]: ERASED, [other.personId]: other.name });

    const tickets = await call('GET', '/api/v1/support/tickets?insee=92012');
    expect(tickets.text).not.toContain(person.email);
    expect(tickets.text).not.toContain('Doucelin');

    expect(await verifyHistory(system.infra.store)).toMatchObject({ ok: true });
    const audit = await run(process.execPath, ['tools/audit/dist/main.js', 'verify'], {
      env: { ...process.env, DATABASE_URL: system.database.url, DIGIT_SCHEMA_PREFIX: system.database.prefix },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(audit.stdout).toContain('Historique intègre');
  });
});
