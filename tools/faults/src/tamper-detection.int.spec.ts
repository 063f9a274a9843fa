/**
 * Every single-byte alteration of a sample of stored events is detected by the auditors'
 * verification (issue 8, fault suite; CONTRACT.md `npm run audit -- verify`). Each byte of each
 * column's stored text is changed in turn, inside a transaction that is rolled back: what
 * PostgreSQL refuses to store or stores unchanged is counted apart, everything else must be
 * reported (at or before the altered position, but for a moved one). One alteration per column also goes through the
 * real command line. The machine's PostgreSQL, own schema.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createEventStore, migrateEventStore, verifyHistory, type Database, type EventStore, type Seal } from '@digit/event-store';
import { allowHistoryRewrite, createTestDatabase, type TestDatabase } from '@digit/testing';
import { reportFigures } from './fault-figures.js';
import { sized } from './fault-size.js';

const HISTORY = sized(24, 200);
const SAMPLE = sized(3, 20);
/** The bit flips tried on each byte: one in CI, three in the full form. */
const FLIPS = sized([0x01], [0x01, 0x02, 0x20]);
const COLUMNS = [
  'position',
  'event_id',
  'stream_id',
  'stream_version',
  'type',
  'schema_version',
  'data',
  'metadata',
  'recorded_at',
  'hash',
  'chain_hash',
] as const;
type Column = (typeof COLUMNS)[number];

let database: TestDatabase;
let store: EventStore;
let table: string;
let seal: Seal;

beforeAll(async () => {
  database = await createTestDatabase();
  const schema = database.schema('event_store');
  table = `${schema}.events`;
  await migrateEventStore(database.db, schema);
  // The attacker has the superuser's rights: past the append-only triggers, the chain must catch it.
  await allowHistoryRewrite(database.db, schema);
  store = createEventStore({ db: database.db, schema });
  for (let i = 0; i < HISTORY; i++) {
    const streamId = `convention-920${10 + (i % 4)}`;
    await store.append(
      streamId,
      'any',
      [
        {
          type: i % 2 ? 'ContactAssigned' : 'ConventionSigned',
          data: { insee: streamId.slice(-5), n: i, name: 'Élodie Martin', amountCents: 3_296_500 + i },
        },
      ],
      {
        metadata: { correlationId: `c-${i}`, actor: 'ops:alice' },
      },
    );
  }
  const report = await verifyHistory(store);
  if (!report.ok) throw new Error('the history should verify before any alteration');
  seal = report.head;
});
afterAll(() => database?.drop());

/** Single-byte variants of a text: each byte XOR each flip, kept when still UTF-8. */
const alterations = (text: string, flips: readonly number[] = FLIPS): string[] => {
  const bytes = Buffer.from(text, 'utf8');
  const variants: string[] = [];
  for (let i = 0; i < bytes.length; i++) {
    for (const flip of flips) {
      const altered = Buffer.from(bytes);
      altered[i] = altered[i]! ^ flip;
      const decoded = altered.toString('utf8');
      if (Buffer.from(decoded, 'utf8').equals(altered)) variants.push(decoded);
    }
  }
  return variants;
};

const RolledBack = Symbol('rolled back');

/** Stores the altered value in a transaction, verifies through it, and rolls it back. */
const tryAlteration = async (
  position: string,
  column: Column,
  original: string,
  altered: string,
): Promise<'refused' | 'unchanged' | 'detected' | 'missed'> => {
  let outcome: 'refused' | 'unchanged' | 'detected' | 'missed' = 'refused';
  await database.db
    .transaction()
    .execute(async (trx) => {
      await sql`savepoint alteration`.execute(trx);
      try {
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${altered}::text::${sql.raw(columnType(column))} where position = ${position}`.execute(
          trx,
        );
      } catch {
        await sql`rollback to savepoint alteration`.execute(trx);
        throw RolledBack;
      }
      const stored = await sql<{
        text: string;
      }>`select ${sql.ref(column)}::text as text from ${sql.table(table)} where position = ${column === 'position' ? altered : position}`.execute(
        trx,
      );
      if (stored.rows[0]?.text === original) outcome = 'unchanged';
      else {
        const report = await verifyHistory(createEventStore({ db: trx as Database, schema: store.schema }), { expectedSeals: [seal] });
        // A moved event is missed at its old place or found out of chain at the next one.
        outcome = !report.ok && (column === 'position' || report.position <= BigInt(position)) ? 'detected' : 'missed';
      }
      throw RolledBack;
    })
    .catch((error: unknown) => {
      if (error !== RolledBack) throw error;
    });
  return outcome;
};

const columnType = (column: Column): string =>
  ({
    position: 'bigint',
    event_id: 'uuid',
    stream_version: 'integer',
    schema_version: 'integer',
    data: 'jsonb',
    metadata: 'jsonb',
    recorded_at: 'timestamptz',
  })[column as string] ?? 'text';

const audit = (): Promise<{ code: number; stdout: string }> =>
  promisify(execFile)(process.execPath, ['tools/audit/dist/main.js', 'verify', '--seal', `${seal.position}:${seal.chainHash}`], {
    env: { ...process.env, DATABASE_URL: database.url, DIGIT_SCHEMA_PREFIX: database.prefix },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );

describe('fault: single-byte alterations of stored events', () => {
  it(
    'CONTRACT.md auditors: verification reports every alteration that changes a stored event, at or before its position',
    async () => {
      const rows = await sql<{ position: string }>`select position::text as position from ${sql.table(table)} order by position`.execute(
        database.db,
      );
      const step = Math.max(1, Math.floor(rows.rows.length / SAMPLE));
      const sample = rows.rows.filter((_, i) => i % step === 0).slice(0, SAMPLE);
      const counts = { tried: 0, refused: 0, unchanged: 0, detected: 0, missed: 0 };
      const missed: string[] = [];
      for (const { position } of sample) {
        for (const column of COLUMNS) {
          const original = (
            await sql<{
              text: string;
            }>`select ${sql.ref(column)}::text as text from ${sql.table(table)} where position = ${position}`.execute(database.db)
          ).rows[0]!.text;
          for (const altered of alterations(original)) {
            const outcome = await tryAlteration(position, column, original, altered);
            counts.tried += 1;
            counts[outcome] += 1;
            if (outcome === 'missed') missed.push(`${position} ${column}: ${original} -> ${altered}`);
          }
        }
      }
      reportFigures('single-byte alterations of stored events', {
        sent: counts.tried,
        acknowledged: counts.tried - counts.refused - counts.unchanged,
        applied: counts.detected,
        duplicated: 0,
        lost: counts.missed,
        sampledEvents: sample.length,
        refusedByPostgres: counts.refused,
        storedUnchanged: counts.unchanged,
      });
      expect(missed).toEqual([]);
      expect(counts.detected).toBeGreaterThan(sample.length * 100);
    },
    sized(120_000, 3_600_000),
  );

  it.each(COLUMNS.filter((column) => column !== 'position'))(
    'CONTRACT.md auditors: `npm run audit -- verify` exits 1 when %s of one event is altered by one byte',
    async (column) => {
      const rows = await sql<{ position: string }>`select position::text as position from ${sql.table(table)} order by position`.execute(
        database.db,
      );
      // The first single-byte alteration PostgreSQL stores as a different value, from the middle
      // of the history on (a version may only move to one its stream does not have yet).
      let stored: { position: string; original: string } | undefined;
      for (const { position } of rows.rows.slice(Math.floor(rows.rows.length / 2))) {
        const original = (
          await sql<{
            text: string;
          }>`select ${sql.ref(column)}::text as text from ${sql.table(table)} where position = ${position}`.execute(database.db)
        ).rows[0]!.text;
        for (const altered of alterations(original, [0x01, 0x02, 0x04, 0x08])) {
          const updated = await sql<{
            text: string;
          }>`update ${sql.table(table)} set ${sql.ref(column)} = ${altered}::text::${sql.raw(columnType(column))}
          where position = ${position} returning ${sql.ref(column)}::text as text`
            .execute(database.db)
            .catch(() => undefined);
          if (updated && updated.rows[0]?.text !== original) stored = { position, original };
          if (stored) break;
        }
        if (stored) break;
      }
      if (!stored) throw new Error(`no single-byte alteration of ${column} could be stored`);
      const { position, original } = stored;
      try {
        const result = await audit();
        expect(result.code).toBe(1);
        expect(result.stdout).toContain('Historique altéré');
      } finally {
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${original}::text::${sql.raw(columnType(column))} where position = ${position}`.execute(
          database.db,
        );
      }
      expect((await audit()).code).toBe(0);
    },
    30_000,
  );
});
