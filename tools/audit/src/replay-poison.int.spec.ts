import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isDomainError } from '@digit/contracts';
import { canonicalJson, createEventStore, migrateEventStore, type EventStore } from '@digit/event-store';
import { openPersonalDataProtection, PERSONAL_DATA_FIELDS } from '@digit/personal-data';
import { resolveKeyEncryptionKey } from '@digit/runtime';
import { createTestDatabase, deepArray, deepObject, type TestDatabase } from '@digit/testing';
import { conventionDecider } from '@digit/conventions-service/domain';

/**
 * Issue 18: a 3,000-deep object under `person` in a stored ContactAssigned made
 * `npm run audit -- replay --as-of` fail for any date with "Maximum call stack size exceeded".
 * The replay now reads, projects, answers and writes any depth the store holds.
 */
const run = promisify(execFile);
let database: TestDatabase;
let dataDir: string;
let store: EventStore;

const decided = (command: Parameters<typeof conventionDecider.decide>[0], state = conventionDecider.initialState) => {
  const events = conventionDecider.decide(command, state);
  if (isDomainError(events)) throw new Error(events.message);
  return events;
};

const deepPerson = () => ({
  personId: 'c-poison',
  name: 'Octave Villebrumier',
  email: 'octave@example.fr',
  extra: deepObject(10_000, deepArray(3_000, 'fond')),
});

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'digit-replay-'));
  await migrateEventStore(database.db, database.schema('event_store'));
  const protection = await openPersonalDataProtection({
    db: database.db,
    schema: database.schema('personal_data'),
    catalogue: PERSONAL_DATA_FIELDS,
    keyEncryptionKey: await resolveKeyEncryptionKey({ dataDir }),
  });
  store = createEventStore({ db: database.db, schema: database.schema('event_store'), personalData: protection.hook });
  const drafted = decided({
    type: 'DraftConvention',
    insee: '92012',
    draftedOn: '2023-12-01',
    plannedEntryIntoForce: '2024-01-01',
    tacitRenewals: 3,
    sizing: { sigOption: 1, resourcesShare: '0.077', structureShare: '0.077' },
  });
  await store.append('convention-92012', 'no_stream', drafted);
  // As the contacts route stored it: the person as sent, whatever its depth.
  await store.append('convention-92012', 1, [{ type: 'ContactAssigned', data: { role: 'gis', person: deepPerson(), from: '2024-01-15' } }]);
});
afterAll(async () => {
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const audit = (...args: string[]) =>
  run(process.execPath, ['tools/audit/dist/main.js', ...args], {
    env: { ...process.env, DATABASE_URL: database.url, DIGIT_SCHEMA_PREFIX: database.prefix, DIGIT_DATA_DIR: dataDir },
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: `${error.stdout}${error.stderr}` }),
  );

describe('npm run audit -- replay --as-of over a poison history (issue 18)', () => {
  it('CONTRACT.md auditors: replays a history holding a 13,000-deep person, on stdout and to a file', async () => {
    const now = await audit('replay', '--as-of', new Date(Date.now() + 60_000).toISOString());
    expect(now.stdout).not.toContain('Maximum call stack');
    expect(now.code).toBe(0);
    const lines = now.stdout
      .trimEnd()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { message?: string; request?: { insee?: string }; answer?: unknown; history?: { events: number } },
      );
    expect(lines[0]!.history!.events).toBe(2);
    const convention = lines.find((line) => line.message === 'convention' && line.request?.insee === '92012');
    expect(canonicalJson(convention!.answer)).toContain('Octave Villebrumier');
    expect(lines.at(-1)).toEqual({ end: { answers: expect.any(Number), refusals: expect.any(Number), failures: 0 } });
    const out = join(dataDir, 'replay.jsonl');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await audit('replay', '--as-of', tomorrow, '--out', out)).code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('Octave Villebrumier');
  }, 60_000);
});
