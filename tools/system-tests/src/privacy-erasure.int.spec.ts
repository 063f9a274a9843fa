import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { conventionsMessages, DOMAIN_EVENTS_STREAM } from '@digit/contracts';
import { catchUp, verifyHistory } from '@digit/event-store';
import { sendMessage } from '@digit/messaging';
import { ERASED, SubjectErasedError } from '@digit/personal-data';
import { createDatabase, openServiceInfra, type ServiceInfra } from '@digit/runtime';
import { createTestNats, testDatabaseUrl, type TestNats } from '@digit/testing';
import {
  conventionStatesProjection,
  loadConventionState,
  migrateConventionStates,
} from '../../../services/conventions/src/read-model/convention-states.read-model.js';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { migratePrivacyReadModels, privacyReadModels } from '../../../services/privacy/src/read-model/privacy-read-models.js';
import { loadAgent } from '../../../services/privacy/src/read-model/training.read-model.js';
import { startPrivacyService } from '../../../services/privacy/src/privacy.app.js';
import { startTestGateway, type RunningService, type TestGateway } from './system-under-test.js';

const run = promisify(execFile);

/**
 * R-GDPR-1 erasure in the immutable store, end to end, in a database of its own so that the
 * whole database can be dumped and searched. The runtime gives every service a store with the
 * personal-data hook.
 */
const token = randomBytes(4).toString('hex');
const contact = {
  personId: `c-${token}`,
  name: `Octave Villebrumier${token}`,
  email: `octave.villebrumier.${token}@example.fr`,
  phone: '01 46 99 12 34',
};
const agent = { agentId: `a-${token}`, fullName: `Hortense Quillebeuf${token}` };
const PLAINTEXTS = [`Villebrumier${token}`, `octave.villebrumier.${token}`, `Quillebeuf${token}`];

const databaseName = `t${token}_erasure`;
const databaseUrl = (() => {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const admin = createDatabase(testDatabaseUrl());
let nats: TestNats;
let infra: ServiceInfra;
let gateway: TestGateway;
const services: RunningService[] = [];

beforeAll(async () => {
  await sql`create database ${sql.id(databaseName)}`.execute(admin);
  nats = await createTestNats();
  infra = await openServiceInfra(
    { databaseUrl, natsUrl: nats.url, natsNamespace: nats.namespace, schemaPrefix: token, port: 0 },
    'erasure-test',
  );
  for (const start of [startConventionsService, startPrivacyService]) services.push(await start(infra));
  gateway = await startTestGateway(infra);
  // R-GDPR-5: contacts are read in clear for a validated processing of the town's register.
  const fiche = {
    name: 'Contacts de la convention',
    purposes: ['Joindre les contacts'],
    legalBases: ['public-interest-mission'],
    dataSubjects: ['Agents de la ville'],
    dataCategories: ['identity', 'email', 'phone'],
    recipients: ['DIGIT'],
    retentionPeriods: ['Un an'],
    securityMeasures: ['Traçabilité'],
  };
  const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await gateway.fetch('/api/v1/privacy/92012/register', json({ reference: 'TRT-CONTACTS', fiche }))).status).toBe(201);
  expect(
    (
      await gateway.fetch('/api/v1/privacy/92012/register/TRT-CONTACTS/validation', json({}), {
        sub: 'dpo.boulogne',
        roles: ['town-dpo'],
        insee: '92012',
      })
    ).status,
  ).toBe(200);
});
afterAll(async () => {
  await gateway?.close();
  for (const service of services.reverse()) await service.stop();
  await infra?.close();
  await nats?.close();
  await sql`drop database if exists ${sql.id(databaseName)} with (force)`.execute(admin);
  await admin.destroy();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
  const response = await gateway.fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};
const gisContacts = async () =>
  (await call('GET', '/api/v1/conventions/92012?asOf=2024-06-01&purpose=TRT-CONTACTS')).body.contacts.gis as {
    personId: string;
    name: string;
  }[];
const contactView = async () => (await gisContacts()).find((holder) => holder.personId === contact.personId);

/** The whole database as pg_dump writes it: every schema, every table, every row. */
const dumpDatabase = async (): Promise<string> =>
  (await run('pg_dump', ['-h', '127.0.0.1', '-U', 'postgres', databaseName], { maxBuffer: 512 * 1024 * 1024 })).stdout;

const audit = (...args: string[]) =>
  run(process.execPath, ['tools/audit/dist/main.js', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DIGIT_SCHEMA_PREFIX: token },
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );

const waitFor = async (condition: () => Promise<boolean>, what: string): Promise<void> => {
  for (const deadline = Date.now() + 15_000; !(await condition()); await sleep(50)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
};

describe('erasure of a person in the immutable store (R-GDPR-1, RGPD art. 17)', () => {
  it('R-GDPR-1: personal data enters sealed, is readable while the key lives, and only read models hold it in clear', async () => {
    const assigned = await sendMessage(
      infra.bus,
      conventionsMessages.assignContact,
      { insee: '92012', role: 'gis', person: contact, from: '2024-02-01' },
      { sub: 'ops:erasure-test', roles: ['ops'] },
    );
    expect(assigned).toMatchObject({ ok: true });
    expect((await call('POST', '/api/v1/privacy/agents', { ...agent, joinedOn: '2023-09-01' })).status).toBe(201);

    expect(await contactView()).toEqual({ ...contact, since: '2024-02-01' });
    expect((await call('GET', '/api/v1/privacy/agents?purpose=DIGIT-FORMATION-RGPD')).body.agents).toEqual([
      expect.objectContaining({ fullName: agent.fullName }),
    ]);

    const events = await sql<{ data: unknown }>`select data from ${sql.table(`${infra.store.schema}.events`)}`.execute(infra.db);
    const history = JSON.stringify(events.rows);
    for (const plaintext of PLAINTEXTS) expect(history).not.toContain(plaintext);
    // The dump search below finds what it looks for: the read models still hold both people.
    const dump = await dumpDatabase();
    for (const plaintext of PLAINTEXTS) expect(dump).toContain(plaintext);
  });

  it("R-GDPR-1: personal data leaves the store sealed: on the bus (JetStream keeps messages) and in the auditors' history", async () => {
    const stream = infra.bus.streamName(DOMAIN_EVENTS_STREAM);
    await waitFor(async () => {
      const info = await infra.bus.jsm.streams.info(stream);
      const last = await infra.bus.jsm.streams.getMessage(stream, { seq: info.state.last_seq });
      return info.state.messages > 0 && (last?.string() ?? '').length > 0 && (await infra.store.headPosition()) > 0n;
    }, 'the relays');
    const info = await infra.bus.jsm.streams.info(stream);
    const published: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++)
      published.push((await infra.bus.jsm.streams.getMessage(stream, { seq }))?.string() ?? '');
    const onTheBus = published.join('\n');
    expect(onTheBus).toContain('ContactAssigned');
    for (const plaintext of PLAINTEXTS) expect(onTheBus).not.toContain(plaintext);
    const audit = (await call('GET', '/api/v1/audit/events?limit=1000')).body.events as unknown[];
    const history = JSON.stringify(audit);
    expect(history).toContain('ContactAssigned');
    for (const plaintext of PLAINTEXTS) expect(history).not.toContain(plaintext);
  });

  it('R-GDPR-1: an erasure destroys the key, is recorded, and every read model drops what it derived', async () => {
    const before = await infra.store.headPosition();
    const erased = await call('POST', '/api/v1/privacy/erasures', {
      subjectId: contact.personId,
      reason: 'Demande de la personne (art. 17 du RGPD), transmise par le DPD de la ville',
    });
    expect(erased).toEqual({
      status: 201,
      body: expect.objectContaining({ subjectId: contact.personId, keyDestroyed: true, alreadyErased: false }),
    });
    const agentErased = await call('POST', '/api/v1/privacy/erasures', {
      subjectId: agent.agentId,
      reason: "Départ de l'agent, fin de la durée de conservation",
    });
    expect(agentErased.body).toMatchObject({ keyDestroyed: true });

    const [erasure] = await infra.store.readAll({ after: before, limit: 1 });
    // R-SEC-1, R-SEC-4: the erasure names the DIGIT ops person who executed it, from the token.
    expect(erasure).toMatchObject({
      type: 'PersonalDataErased',
      streamId: `privacy-erasure-${contact.personId}`,
      data: { subjectId: contact.personId, requestedBy: 'test-ops' },
      metadata: { actor: 'test-ops' },
    });

    await waitFor(async () => (await contactView())?.name === ERASED, 'the conventions read model to drop the contact');
    expect(await contactView()).toEqual({ personId: contact.personId, name: ERASED, email: ERASED, phone: ERASED, since: '2024-02-01' });
    expect((await call('GET', '/api/v1/privacy/agents?purpose=DIGIT-FORMATION-RGPD')).body.agents).toEqual([
      expect.objectContaining({ agentId: agent.agentId, fullName: ERASED }),
    ]);
  });

  it('R-GDPR-1: asking again changes nothing; the erased person can never be sealed again', async () => {
    const before = await infra.store.headPosition();
    const again = await call('POST', '/api/v1/privacy/erasures', { subjectId: contact.personId, reason: 'Relance' });
    expect(again.body).toMatchObject({ alreadyErased: true, keyDestroyed: true });
    await expect(
      infra.store.append('convention-92012', 'any', [
        { type: 'ContactAssigned', data: { role: 'dsi', person: contact, from: '2024-03-01' } },
      ]),
    ).rejects.toBeInstanceOf(SubjectErasedError);
    const reassigned = await call('POST', '/api/v1/conventions/92012/contacts', { role: 'dsi', person: contact, from: '2024-03-01' });
    expect(reassigned).toEqual({
      status: 409,
      body: { error: 'person_erased', message: expect.any(String), details: [{ path: 'person.personId', message: 'identifiant effacé' }] },
    });
    expect(await infra.store.headPosition()).toBe(before);
  });

  it('issue 18 (found by the HTTP fuzz suite): an agent registered under an erased id is refused with 409, nothing stored, privacy keeps serving', async () => {
    const erasedId = `a-erased-${token}`;
    expect(
      (await call('POST', '/api/v1/privacy/erasures', { subjectId: erasedId, reason: 'Effacement demandé avant tout enregistrement' }))
        .status,
    ).toBe(201);
    const before = await infra.store.headPosition();
    const registered = await call('POST', '/api/v1/privacy/agents', {
      agentId: erasedId,
      fullName: 'Agent réenregistré',
      joinedOn: '2025-01-06',
    });
    expect(registered).toEqual({ status: 409, body: { error: 'subject_erased', message: expect.stringContaining(erasedId), details: [] } });
    expect(await infra.store.headPosition()).toBe(before);
    expect((await call('GET', '/api/v1/privacy/agents')).status).toBe(200);
  });

  it.each([
    ['a reason naming the person', { subjectId: 'c-other', reason: 'Demande de Mme Dupont' }, 'invalid_erasure_request'],
    ['a subject id that names no key', { subjectId: 'Octave Villebrumier', reason: 'Demande' }, 'invalid_request'],
    ['a missing reason', { subjectId: 'c-other' }, 'invalid_request'],
    [
      'a body naming who asks (R-SEC-1: that is the caller)',
      { subjectId: 'c-other', requestedBy: 'dpd:92012:mlefevre', reason: 'Demande' },
      'invalid_request',
    ],
  ])('R-GDPR-1: refuses %s with 400, destroys nothing and stores nothing', async (_, body, error) => {
    const before = await infra.store.headPosition();
    const reply = await call('POST', '/api/v1/privacy/erasures', body);
    expect(reply).toEqual({ status: 400, body: { error, message: expect.any(String), details: expect.any(Array) } });
    expect(await infra.store.headPosition()).toBe(before);
    const tombstones =
      await sql`select 1 from ${sql.table(`${infra.schema('personal_data')}.subject_keys`)} where subject_id = 'c-other'`.execute(infra.db);
    expect(tombstones.rows).toEqual([]);
  });

  it("R-GDPR-1: after erasure the history verifies, in process and with the auditors' real command", async () => {
    expect(await verifyHistory(infra.store)).toMatchObject({ ok: true });
    const result = await audit('verify');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Historique intègre');
  });

  it('R-GDPR-1: a replay from scratch runs without error, the erased fields reading as erased', async () => {
    const replaySchema = infra.schema('replay_conventions');
    await migrateConventionStates(infra.db, replaySchema);
    await catchUp(infra.store, conventionStatesProjection(replaySchema, 'replay:convention_states'));
    const replayed = await loadConventionState(infra.db, replaySchema, '92012');
    const live = await loadConventionState(infra.db, infra.schema('conventions'), '92012');
    const replayedContact = replayed!.contacts.find((tenure) => tenure.person.personId === contact.personId);
    expect(replayedContact!.person).toEqual({ personId: contact.personId, name: ERASED, email: ERASED, phone: ERASED });
    // The live read model, blanked on the erasure event, now equals a rebuild from the history.
    expect(live!.contacts).toEqual(replayed!.contacts);

    const privacyReplay = infra.schema('replay_privacy');
    await migratePrivacyReadModels(infra.db, privacyReplay);
    await catchUp(infra.store, { ...privacyReadModels(privacyReplay), name: 'replay:privacy' });
    expect(await loadAgent(infra.db, privacyReplay, agent.agentId)).toMatchObject({ fullName: ERASED });

    const replay = await audit('replay', '--as-of', new Date().toISOString());
    expect(replay.code).toBe(0);
    for (const plaintext of PLAINTEXTS) expect(replay.stdout).not.toContain(plaintext);
  });

  it('R-GDPR-1: no plaintext of the erased people remains anywhere in the database', async () => {
    const dump = await dumpDatabase();
    expect(dump).toContain('PersonalDataErased');
    for (const plaintext of PLAINTEXTS) expect(dump).not.toContain(plaintext);
  });
});
