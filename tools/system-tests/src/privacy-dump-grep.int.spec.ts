import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { verifyHistory } from '@digit/event-store';
import { ERASED_TEXT } from '@digit/personal-data';
import { createDatabase, openServiceInfra, type ServiceInfra } from '@digit/runtime';
import { createTestNats, testDatabaseUrl, type TestNats } from '@digit/testing';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startDataExchangeService } from '../../../services/data-exchange/src/data-exchange.app.js';
import { startPrivacyService } from '../../../services/privacy/src/privacy.app.js';
import { startSupportService } from '../../../services/support/src/support.app.js';
import { startTestGateway, type RunningService, type TestCaller, type TestGateway } from './system-under-test.js';

const run = promisify(execFile);

/**
 * Issue 15, "Done when" 1: the system's paths are run with persons' e-mails, phones and names
 * (support requests, contacts, committees, datasets), then the whole database (pg_dump) and an
 * auditors' archive (`npm run audit -- export`) are searched for them. The only rows that may
 * hold them in clear are those the DPD is shown to hold (HELD_IN_CLEAR).
 */
const token = randomBytes(4).toString('hex');
/** Names are letters only, as names are: the run's token spelled in letters. */
const suffix = [...token].map((digit) => 'abcdefghijklmnop'[parseInt(digit, 16)]).join('');
const octave = {
  personId: `c-${token}`,
  name: `Octave Villebrumier${suffix}`,
  email: `octave.villebrumier.${token}@example.fr`,
  phone: '01 46 99 12 34',
};
const hortense = { name: `Hortense Quillebeuf${suffix}`, email: `h.quillebeuf.${token}@example.fr`, phone: '06 12 34 56 78' };
const jeanne = { name: `Jeanne Martinval${suffix}`, email: `jeanne.martinval.${token}@example.fr` };
/** What is searched: each family name and e-mail, and the phones as typed and in E.164. */
const IDENTIFIERS = {
  'Villebrumier (contact)': `Villebrumier${suffix}`,
  'octave.villebrumier (contact)': `octave.villebrumier.${token}`,
  'Quillebeuf (support)': `Quillebeuf${suffix}`,
  'h.quillebeuf (support)': `h.quillebeuf.${token}`,
  'phone 06 (support)': '06 12 34 56 78',
  'phone +33 6 (support)': '+33612345678',
  'Martinval (committee, dataset)': `Martinval${suffix}`,
  'jeanne.martinval (committee, dataset)': `jeanne.martinval.${token}`,
};
/**
 * Rows the DPD is shown to hold in clear, by table: a convention's contacts as the conventions
 * service shows them (R-CON-8, the contacts the DPD's town names; the read model drops them on
 * erasure: privacy-erasure.int.spec.ts). A held dataset's content is not in the database (only its hash).
 */
const HELD_IN_CLEAR: Readonly<Record<string, readonly string[]>> = {
  'Villebrumier (contact)': ['conventions.convention_states'],
  'octave.villebrumier (contact)': ['conventions.convention_states'],
};

const databaseName = `t${token}_dumpgrep`;
const databaseUrl = (() => {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const admin = createDatabase(testDatabaseUrl());
let nats: TestNats;
let infra: ServiceInfra;
let gateway: TestGateway;
let archiveDir: string;
const services: RunningService[] = [];

beforeAll(async () => {
  await sql`create database ${sql.id(databaseName)}`.execute(admin);
  nats = await createTestNats();
  infra = await openServiceInfra(
    { databaseUrl, natsUrl: nats.url, natsNamespace: nats.namespace, schemaPrefix: token, port: 0 },
    'dump-grep-test',
  );
  services.push(await startConventionsService(infra));
  services.push(await startPrivacyService(infra));
  services.push(await startSupportService(infra));
  services.push(await startDataExchangeService(infra, { privacyTimeoutMs: 2000 }));
  gateway = await startTestGateway(infra);
  archiveDir = await mkdtemp(join(tmpdir(), 'digit-dump-grep-'));
}, 60_000);
afterAll(async () => {
  await gateway?.close();
  for (const service of services.reverse()) await service.stop();
  await infra?.close();
  await nats?.close();
  await sql`drop database if exists ${sql.id(databaseName)} with (force)`.execute(admin);
  await admin.destroy();
  if (archiveDir) await rm(archiveDir, { recursive: true, force: true });
});

const DIGIT: TestCaller = { sub: 'ops.digit', roles: ['ops'] };
const BOULOGNE: TestCaller = { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' };
const DPO: TestCaller = { sub: 'dpd:92012:mlefevre', roles: ['town-dpo'], insee: '92012' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
const call = async (method: string, path: string, body?: unknown, as: TestCaller = DIGIT): Promise<{ status: number; body: any }> => {
  const response = await gateway.fetch(
    path,
    { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) },
    as,
  );
  const text = await response.text();
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
};

/** The tables (schema.table, test prefix removed) whose dumped rows hold `text`. */
const tablesHolding = (dump: string, text: string): string[] => {
  const found = new Set<string>();
  for (const block of dump.split(/^COPY /m).slice(1)) {
    const [header = '', ...rows] = block.split('\n\\.\n')[0]!.split('\n');
    if (rows.some((row) => row.includes(text))) found.add(header.split(' ')[0]!.replace(/"/g, '').replace(`${token}_`, ''));
  }
  if (dump.split(/^COPY /m)[0]!.includes(text)) found.add('(schema)');
  return [...found].sort();
};

const audit = (...args: string[]) =>
  run(process.execPath, ['tools/audit/dist/main.js', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DIGIT_SCHEMA_PREFIX: token },
    maxBuffer: 64 * 1024 * 1024,
  });

describe("no person's identifiers in clear in a dump or an archive (issue 15, R-GDPR-1, R-GDPR-4)", () => {
  let supportRequestId: string;

  it('issue 15: the paths run: a contact, support requests held and passed per register, a committee, a dataset', async () => {
    const assigned = await call('POST', '/api/v1/conventions/92012/contacts', { role: 'gis', person: octave, from: '2024-02-01' });
    expect(assigned.status).toBe(201);

    // Nothing declared, no processing in the register: held, with the reasons the DPD sees.
    const held = await call('POST', '/api/v1/support/tickets', {
      insee: '92012',
      need: `Rappeler ${hortense.name} (${hortense.email}) au ${hortense.phone} au sujet de la carte.`,
      targetUsers: 'Service voirie',
      context: `Signalé par ${octave.name}, ${octave.email}.`,
      deadline: '2026-12-31',
    });
    expect(held.status).toBe(201);
    expect(held.body.privacyCheck).toMatchObject({
      status: 'not-registered',
      reasons: expect.arrayContaining([expect.objectContaining({ code: 'NO_PROCESSING_DECLARED' })]),
    });
    supportRequestId = held.body.id;
    const ticket = await call('GET', `/api/v1/support/tickets/${supportRequestId}`);
    expect(JSON.stringify(ticket.body)).toContain(hortense.email);

    // A processing of the register covers it: it proceeds, and the reply naming the person is sealed too.
    const fiche = {
      name: 'Relations avec les usagers du SIG',
      purposes: ['Répondre aux demandes'],
      legalBases: ['public-interest-mission'],
      dataSubjects: ['Agents et habitants'],
      dataCategories: ['identity', 'email', 'phone'],
      recipients: ['DIGIT'],
      retentionPeriods: ['Deux ans'],
      securityMeasures: ["Contrôle d'accès"],
    };
    expect((await call('POST', '/api/v1/privacy/92012/register', { reference: 'TRT-USAGERS', fiche })).status).toBe(201);
    expect((await call('POST', '/api/v1/privacy/92012/register/TRT-USAGERS/validation', {}, DPO)).status).toBe(200);
    const passed = await call('POST', '/api/v1/support/tickets', {
      insee: '92012',
      need: `Ajouter ${hortense.name} (${hortense.email}) aux destinataires.`,
      targetUsers: 'Service voirie',
      context: 'Liste de diffusion',
      deadline: '2026-12-31',
      containsPersonalData: true,
      declaredProcessing: 'TRT-USAGERS',
      declaredCategories: ['identity', 'email'],
    });
    expect(passed.body.privacyCheck).toMatchObject({ status: 'registered' });
    const replied = await call('POST', `/api/v1/support/tickets/${passed.body.id}/replies`, {
      message: `C'est fait, ${hortense.name} est ajoutée ; joignable au ${hortense.phone}.`,
    });
    expect(replied.status).toBe(201);

    const { body: committee } = await call('POST', '/api/v1/support/committees', { kind: 'follow-up', insee: '92012', date: '2026-06-15' });
    expect(
      (
        await call('POST', `/api/v1/support/committees/${committee.id}/meeting`, {
          heldOn: '2026-06-15',
          minutes: `Présents : ${jeanne.name} (${jeanne.email}).`,
        })
      ).status,
    ).toBeLessThan(300);

    const content = `nom;prenom;email\nMartinval${suffix};Jeanne;${jeanne.email}\n`;
    const dataset = await call(
      'POST',
      '/api/v1/datasets',
      {
        datasetId: `annuaire-${token}`,
        insee: '92012',
        title: 'Annuaire des référents',
        mentions: { source: 'Ville de Boulogne-Billancourt', copyright: '© Ville de Boulogne-Billancourt', year: 2024 },
        usageRights: { licence: 'Licence Ouverte 2.0' },
        personalData: { contains: true, processingReference: 'TRT-ANNUAIRE' },
        format: 'csv',
        content,
      },
      BOULOGNE,
    );
    // A processing the register does not hold: the dataset is held, the DPD sees it.
    expect(dataset).toMatchObject({ status: 201, body: { privacy: { status: 'held_by_privacy' } } });
  }, 60_000);

  it('issue 15: pg_dump of the whole database holds no identifier in clear but in the rows the DPD is shown', async () => {
    const dump = (await run('pg_dump', ['-h', '127.0.0.1', '-U', 'postgres', databaseName], { maxBuffer: 512 * 1024 * 1024 })).stdout;
    expect(dump).toContain('RequestReceived');
    const found = Object.fromEntries(Object.entries(IDENTIFIERS).map(([what, text]) => [what, tablesHolding(dump, text)]));
    expect(found).toEqual(Object.fromEntries(Object.keys(IDENTIFIERS).map((what) => [what, [...(HELD_IN_CLEAR[what] ?? [])]])));
  }, 60_000);

  it("issue 15: the auditors' archive of the history holds none of them in clear", async () => {
    const file = join(archiveDir, 'history.tar.gz');
    await audit('export', '--out', file);
    const archive = gunzipSync(await readFile(file)).toString('utf8');
    expect(archive).toContain('RequestReceived');
    for (const [what, text] of Object.entries(IDENTIFIERS)) expect([what, archive.includes(text)]).toEqual([what, false]);
  }, 60_000);

  it('issue 15: erasing the person makes every copy of the free text unreadable; the history still verifies', async () => {
    const [match] = await infra.personIndex.find({ email: hortense.email });
    expect(match).toBeDefined();
    const erased = await call('POST', '/api/v1/privacy/erasures', {
      subjectId: match!.subjectId,
      reason: 'Demande de la personne (art. 17 du RGPD)',
    });
    expect(erased.body).toMatchObject({ keyDestroyed: true });
    const ticket = await call('GET', `/api/v1/support/tickets/${supportRequestId}`);
    const text = JSON.stringify(ticket.body);
    expect(text).not.toContain(hortense.email);
    expect(text).not.toContain(`Quillebeuf${suffix}`);
    expect(text).toContain(ERASED_TEXT);
    expect(await verifyHistory(infra.store)).toMatchObject({ ok: true });
  }, 60_000);
});
