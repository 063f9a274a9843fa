import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createEventStore, migrateEventStore } from '@digit/event-store';
import { isDomainError } from '@digit/contracts';
import { allowHistoryRewrite, createTestDatabase, type TestDatabase } from '@digit/testing';
import { conventionDecider } from '@digit/conventions-service/domain';

const run = promisify(execFile);
let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
  await migrateEventStore(database.db, database.schema('event_store'));
  const store = createEventStore({ db: database.db, schema: database.schema('event_store') });
  for (const insee of ['92012', '92022']) {
    const drafted = conventionDecider.decide(
      { type: 'DraftConvention', insee, draftedOn: '2023-12-01', plannedEntryIntoForce: '2024-01-01', tacitRenewals: 3, sizing: { sigOption: 1, resourcesShare: '0.077', structureShare: '0.077' } },
      conventionDecider.initialState,
    );
    if (isDomainError(drafted)) throw new Error(drafted.message);
    await store.append(`convention-${insee}`, 'no_stream', drafted);
  }
});
afterEach(() => database.drop());

/** The real command, as an auditor types it (built by the jest global setup). */
const audit = (...args: string[]) =>
  run(process.execPath, ['tools/audit/dist/main.js', ...args], {
    env: { ...process.env, DATABASE_URL: database.url, DIGIT_SCHEMA_PREFIX: database.prefix },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );

describe('npm run audit -- verify (CONTRACT.md auditors)', () => {
  it('exits 0 on an intact history and prints the head seal', async () => {
    const result = await audit('verify');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Historique intègre : 2 événement(s) vérifié(s).');
    expect(result.stdout).toMatch(/--seal \d+:[0-9a-f]{64}/);
  });

  it('exits 1 naming the first bad position after a row is altered by hand in SQL', async () => {
    const first = await sql<{ position: string }>`select min(position) as position from ${sql.table(`${database.schema('event_store')}.events`)}`.execute(database.db);
    const position = first.rows[0]!.position;
    await allowHistoryRewrite(database.db, database.schema('event_store'));
    await sql`update ${sql.table(`${database.schema('event_store')}.events`)} set data = '{"insee":"92040"}' where position = ${position}`.execute(database.db);
    const result = await audit('verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`première position en défaut ${position}`);
  });

  it('refuses a malformed seal and an unknown command with usage (exit 2)', async () => {
    expect((await audit('verify', '--seal', 'nonsense')).code).toBe(2);
    expect((await audit('frobnicate')).code).toBe(2);
  });
});

describe('npm run audit -- replay --as-of (CONTRACT.md auditors)', () => {
  it('rebuilds the read models from the store alone, counting only what was recorded by then', async () => {
    const now = await audit('replay', '--as-of', new Date(Date.now() + 60_000).toISOString());
    expect(now.code).toBe(0);
    const report = JSON.parse(now.stdout);
    expect(report.eventsConsidered).toBe(2);
    expect(Object.keys(report.readModels.conventions)).toEqual(['convention-92012', 'convention-92022']);
    expect(report.readModels.conventions['convention-92012']).toMatchObject({ insee: '92012', status: 'draft', sigOption: 1 });
    const before = await audit('replay', '--as-of', '2020-01-01');
    expect(JSON.parse(before.stdout.split('\nAucun')[0]!)).toMatchObject({ eventsConsidered: 0, readModels: {} });
  });

  it('refuses a missing or impossible date (exit 2)', async () => {
    expect((await audit('replay')).code).toBe(2);
    expect((await audit('replay', '--as-of', '2024-02-30')).code).toBe(2);
  });
});
