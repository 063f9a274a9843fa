import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createEventStore, migrateEventStore, readHistoryRecords, startHistoryCheck, type Database } from '@digit/event-store';
import { historyLines, type HistoryFigures, type HistoryPlan } from './metropolis-history.js';

/** What the schema's comment says of the history it holds: a rerun with the same plan reuses it. */
const LABEL = 'digit metropolis history v1';

export interface LoadedHistory {
  readonly figures: HistoryFigures;
  readonly firstDay: string;
  readonly days: number;
  /** Undefined when an earlier run's history was reused. */
  readonly loadSeconds: number | undefined;
  readonly tableMiB: number;
}

const planKey = (plan: HistoryPlan) => `${plan.towns.length} towns, ${plan.days} days, ${plan.targetEvents} events aimed at`;

const storedHistory = async (
  db: Database,
  schema: string,
  plan: HistoryPlan,
): Promise<{ figures: HistoryFigures; firstDay: string } | undefined> => {
  const { rows } = await sql<{
    comment: string | null;
  }>`select obj_description(oid, 'pg_namespace') as comment from pg_namespace where nspname = ${schema}`.execute(db);
  const comment = rows[0]?.comment;
  if (!comment?.startsWith(`${LABEL}: ${planKey(plan)}\n`)) return undefined;
  return JSON.parse(comment.slice(comment.indexOf('\n') + 1)) as { figures: HistoryFigures; firstDay: string };
};

const tableMiB = async (db: Database, schema: string): Promise<number> =>
  Number((await sql<{ bytes: string }>`select pg_total_relation_size(${`"${schema}".events`}) as bytes`.execute(db)).rows[0]!.bytes) /
  2 ** 20;

/**
 * The history in the store's own events table (migrated by `migrateEventStore`, triggers and
 * all), bulk-loaded as PostgreSQL's documentation advises for a large load: its unique
 * constraints dropped, one COPY, the constraints built again (one sort each instead of ten
 * million index insertions), the position sequence moved to the head, ANALYZE. A history of the
 * same plan already there is reused.
 */
export const loadHistory = async (
  db: Database,
  url: string,
  schema: string,
  plan: HistoryPlan,
  log: (line: string) => void,
): Promise<LoadedHistory> => {
  const stored = await storedHistory(db, schema, plan);
  if (stored) {
    log(`metropolis: reusing the history of ${stored.figures.events.toLocaleString('en')} events in ${schema}`);
    return {
      figures: stored.figures,
      firstDay: stored.firstDay,
      days: plan.days,
      loadSeconds: undefined,
      tableMiB: await tableMiB(db, schema),
    };
  }
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
  await migrateEventStore(db, schema);
  const figures: HistoryFigures = { events: 0, roadOrders: 0, tickets: 0, statements: 0, streams: 0, chainHead: '' };
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const events = `"${schema}".events`;
    const { rows: constraints } = await client.query<{ name: string; definition: string }>(
      `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = $1::regclass and contype = 'u'`,
      [events],
    );
    for (const constraint of constraints) await client.query(`alter table ${events} drop constraint "${constraint.name}"`);
    let reported = 0;
    const progress = setInterval(() => {
      if (figures.streams === reported) return;
      reported = figures.streams;
      log(
        `metropolis: ${Math.round((performance.now() - started) / 1000)} s, ${figures.roadOrders.toLocaleString('en')} road orders so far`,
      );
    }, 30_000);
    try {
      await pipeline(
        Readable.from(historyLines(plan, figures)),
        client.query(
          copyFrom(
            `copy ${events} (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash, chain_hash) from stdin`,
          ),
        ),
      );
    } finally {
      clearInterval(progress);
    }
    log(
      `metropolis: ${figures.events.toLocaleString('en')} events copied in ${((performance.now() - started) / 1000).toFixed(0)} s; building the unique constraints…`,
    );
    await client.query(`set maintenance_work_mem = '512MB'`);
    for (const constraint of constraints)
      await client.query(`alter table ${events} add constraint "${constraint.name}" ${constraint.definition}`);
    await client.query(`select setval(pg_get_serial_sequence($1, 'position'), $2)`, [events, figures.events]);
    await client.query(`analyze ${events}`);
  } finally {
    await client.end();
  }
  const loadSeconds = (performance.now() - started) / 1000;
  const comment = `${LABEL}: ${planKey(plan)}\n${JSON.stringify({ figures, firstDay: plan.firstDay })}`;
  await sql`comment on schema ${sql.id(schema)} is ${sql.lit(comment)}`.execute(db);
  return { figures, firstDay: plan.firstDay, days: plan.days, loadSeconds, tableMiB: await tableMiB(db, schema) };
};

/**
 * The store's own check of the first `limit` events by position (every stream hash recomputed,
 * the chain followed link by link): what `verifyHistory` does, stopped there at full size.
 */
export const verifyPrefix = async (
  db: Database,
  schema: string,
  limit: number,
): Promise<{ events: number; seconds: number; failure: string | undefined }> => {
  const started = performance.now();
  const store = createEventStore({ db, schema });
  const check = startHistoryCheck({});
  let events = 0;
  for (let after = 0n; events < limit;) {
    const records = await readHistoryRecords(store, { after, limit: Math.min(2_000, limit - events) });
    if (records.length === 0) break;
    for (const record of records) {
      const failure = check.next(record);
      if (failure) return { events, seconds: (performance.now() - started) / 1000, failure: `${failure.position}: ${failure.reason}` };
      events += 1;
    }
    after = records.at(-1)!.position;
  }
  return { events, seconds: (performance.now() - started) / 1000, failure: undefined };
};
