import { sql } from 'kysely';
import type { StoredEvent } from '@digit/contracts';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import type { RequestEvent } from '../domain/index.js';
import { migrateSupportReadModels } from './support.migrations.js';
import { closed, firstBreach, received, replied, waiting } from './ticket.test-fixtures.js';
import { loadTicketsPage, TICKETS } from './tickets.read-model.js';
import { applyToViewTable } from './view-table.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** Folds a request's events into the tickets table as the projection does, the request named `id`. */
const project = async (schema: string, id: string, events: readonly RequestEvent[]) => {
  const renamed = events.map((event) => (event.type === 'RequestReceived' ? { ...event, data: { ...event.data, requestId: id } } : event));
  await database.db.transaction().execute(async (trx) => {
    for (const [index, event] of renamed.entries()) {
      const stored: StoredEvent = {
        ...event,
        eventId: `${id}-${index}`,
        position: BigInt(index + 1),
        streamId: `request-${id}`,
        streamVersion: index + 1,
        schemaVersion: 1,
        metadata: {},
        recordedAt: new Date(),
        hash: '',
      };
      await applyToViewTable(trx, schema, TICKETS, stored);
    }
  });
};

const breachedIds = async (schema: string, now: string, is: boolean) =>
  (await loadTicketsPage(database.db, schema, { breached: { is, now } }, { limit: 1000 })).items.map((ticket) => ticket.id);

describe('the ticket list’s breached filter, read in SQL (R-SUP-3)', () => {
  const CASES = [
    ['a new request before its first-response time', [received], '2026-03-10T15:00:00+01:00', false],
    ['a new request past its first-response time, not yet checked', [received], '2026-03-10T16:00:00+01:00', true],
    ['a request whose breach is recorded', [received, firstBreach], '2026-03-10T16:00:00+01:00', true],
    ['a request replied in time, before its resolution time', [received, replied], '2026-03-16T16:00:00+01:00', false],
    ['a request replied in time, past its resolution time', [received, replied], '2026-03-17T10:00:00+01:00', true],
    ['a request waited on the town, clocks stopped', [received, waiting], '2026-03-20T10:00:00+01:00', false],
    ['a request closed in time', [received, closed], '2026-04-01T10:00:00+01:00', false],
    ['a new request exactly at its first-response time', [received], '2026-03-10T15:30:00+01:00', false],
  ] as const;

  it.each(CASES.map(([name, events, now, breached], index) => [name, breached, { id: `case-${index}`, events, now }] as const))(
    'R-SUP-3: %s is breached: %p',
    async (_case, breached, { id, events, now }) => {
      const schema = database.schema(`support_${id.replace('-', '_')}`);
      await migrateSupportReadModels(database.db, schema);
      await project(schema, id, events);
      expect(await breachedIds(schema, now, true)).toEqual(breached ? [id] : []);
      expect(await breachedIds(schema, now, false)).toEqual(breached ? [] : [id]);
    },
  );
});

describe('the support read models’ migrations (issue 17: versioned, a later column reaches existing databases)', () => {
  it('tables created before migrations take the later ones: a ticket with a recorded breach is found breached at once', async () => {
    const schema = database.schema('support_before');
    const table = (name: string) => sql.table(`${schema}.${name}`);
    // As `create table if not exists` made them before migrations.
    await sql`create schema ${sql.id(schema)}`.execute(database.db);
    await sql`create table ${table('tickets')} (id text primary key, version integer not null, view jsonb not null, insee text not null, status text not null, received_at timestamptz not null, next_deadline_check_at timestamptz, privacy_check_pending boolean not null)`.execute(
      database.db,
    );
    await sql`create table ${table('disputes')} (id text primary key, version integer not null, view jsonb not null, insee text not null, status text not null, opened_on date not null)`.execute(
      database.db,
    );
    const breachedTicket = { request: { insee: '92012', status: 'open' }, breaches: [{ clock: 'firstResponse' }] };
    await sql`insert into ${table('tickets')} values ('old', 2, ${JSON.stringify(breachedTicket)}, '92012', 'open', '2026-03-10T09:30:00+01:00', null, false)`.execute(
      database.db,
    );

    await migrateSupportReadModels(database.db, schema);
    await migrateSupportReadModels(database.db, schema);

    const rows = await sql<{ id: string; breach_recorded: boolean }>`select id, breach_recorded from ${table('tickets')}`.execute(
      database.db,
    );
    expect(rows.rows).toEqual([{ id: 'old', breach_recorded: true }]);
  });
});
