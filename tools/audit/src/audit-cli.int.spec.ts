import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createEventStore, migrateEventStore } from '@digit/event-store';
import { createTestDatabase, type TestDatabase } from '@digit/testing';

const run = promisify(execFile);
let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
  await migrateEventStore(database.db, database.schema('event_store'));
  const store = createEventStore({ db: database.db, schema: database.schema('event_store') });
  await store.append('convention-92012', 'no_stream', [{ type: 'DraftCreated', data: { insee: '92012' } }]);
  await store.append('convention-92022', 'no_stream', [{ type: 'DraftCreated', data: { insee: '92022' } }]);
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
