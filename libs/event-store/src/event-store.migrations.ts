import { sql } from 'kysely';
import type { Database } from './database.js';
import { Migrator, type Migration } from 'kysely/migration';

const quoted = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** A text as an SQL string literal. */
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * The append in one statement (see `append-batch.ts`). Under the append lock, with a fresh
 * snapshot per statement (a volatile function's own, as READ COMMITTED gives): checks the heads the
 * writer hashed its events on, and when one is not what the stream holds, returns the heads as
 * they are and writes nothing; else chains the events to the head of the store (with the chain
 * hashes the writer computed when it guessed that head right), reserves as many positions in a
 * row, inserts the events at them in order, notifies the last one and returns the first, with
 * the new head of the chain.
 */
const appendFunction = (schema: string, positionSequence: string): string => {
  const events = `${quoted(schema)}.events`;
  const positions = literal(positionSequence);
  return `create function ${quoted(schema)}.append_events(
    lock_key text, channel text,
    guessed_streams text[], guessed_versions integer[], guessed_hashes text[],
    event_ids uuid[], stream_ids text[], stream_versions integer[], types text[], schema_versions integer[],
    data_list jsonb, metadata_list jsonb, batch_recorded_at timestamptz, hashes text[],
    guessed_chain text, guessed_chain_hashes text[]
  ) returns table (first_position bigint, chain_head text, stale_stream_id text, actual_version integer, actual_hash text)
  language plpgsql as $append$
  declare
    genesis constant text := repeat('0', 64);
    chain text;
    chain_hashes text[] := '{}';
    first bigint;
  begin
    perform pg_advisory_xact_lock(hashtext(lock_key));
    return query
      select null::bigint, null::text, guess.stream_id, coalesce(head.stream_version, 0), coalesce(head.hash, genesis)
      from unnest(guessed_streams, guessed_versions, guessed_hashes) as guess(stream_id, version, hash)
      left join lateral (
        select e.stream_version, e.hash from ${events} e where e.stream_id = guess.stream_id order by e.stream_version desc limit 1
      ) as head on true
      where (coalesce(head.stream_version, 0), coalesce(head.hash, genesis)) is distinct from (guess.version, guess.hash);
    if found or cardinality(hashes) = 0 then return; end if;
    select e.chain_hash into chain from ${events} e order by e.position desc limit 1;
    chain := coalesce(chain, genesis);
    if chain = guessed_chain and cardinality(guessed_chain_hashes) = cardinality(hashes) then
      chain_hashes := guessed_chain_hashes;
    else
      for i in 1 .. cardinality(hashes) loop
        chain := encode(sha256(convert_to(chain || ':' || hashes[i], 'UTF8')), 'hex');
        chain_hashes[i] := chain;
      end loop;
    end if;
    -- Appends alone draw positions, one at a time under the lock: the range is this one's.
    first := nextval(${positions});
    perform setval(${positions}, first + cardinality(hashes) - 1);
    insert into ${events} (position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash, chain_hash)
    select first + r.n - 1, r.event_id, r.stream_id, r.stream_version, r.type, r.schema_version,
      data_list -> (r.n - 1)::integer, metadata_list -> (r.n - 1)::integer, batch_recorded_at, r.hash, r.chain_hash
    from unnest(event_ids, stream_ids, stream_versions, types, schema_versions, hashes, chain_hashes) with ordinality
      as r(event_id, stream_id, stream_version, type, schema_version, hash, chain_hash, n);
    perform pg_notify(channel, (first + cardinality(hashes) - 1)::text);
    return query select first, chain_hashes[cardinality(hashes)], null::text, null::integer, null::text;
  end
  $append$`;
};

/** Takes the append lock and reads the heads of some streams under it, in one round trip. */
const lockedHeadsFunction = (schema: string): string => `create function ${quoted(schema)}.locked_heads(lock_key text, streams text[])
  returns table (head_stream_id text, head_version integer, head_hash text)
  language plpgsql as $heads$
  begin
    perform pg_advisory_xact_lock(hashtext(lock_key));
    return query
      select s.stream_id, coalesce(head.stream_version, 0), coalesce(head.hash, repeat('0', 64))
      from unnest(streams) as s(stream_id)
      left join lateral (
        select e.stream_version, e.hash from ${quoted(schema)}.events e where e.stream_id = s.stream_id order by e.stream_version desc limit 1
      ) as head on true;
  end
  $heads$`;

/**
 * The history cannot be rewritten, not even by a superuser's mistaken script: UPDATE, DELETE and
 * TRUNCATE statements on the events table fail, whatever they match. (Services' roles cannot issue
 * them anyway: see ensureDatabaseRoles in libs/runtime.) Only a deliberate act by the owner or a
 * superuser (disabling the trigger, `session_replication_role = replica`) gets past it, and the
 * hash chain and the anchored seals are there for that.
 */
const appendOnlyTriggers = (schema: string): string[] => {
  const events = `${quoted(schema)}.events`;
  const refuse = `${quoted(schema)}.refuse_events_change`;
  return [
    `create function ${refuse}() returns trigger language plpgsql as $refuse$
    begin
      raise exception 'the events table % is append-only: % refused', tg_table_schema || '.' || tg_table_name, tg_op
        using detail = 'Stored events are never changed nor removed; record a new event instead. / La table des événements n''accepte que des ajouts : un événement enregistré n''est jamais modifié ni supprimé.',
              errcode = 'restrict_violation';
    end
    $refuse$`,
    `create trigger events_append_only before update or delete on ${events} for each statement execute function ${refuse}()`,
    `create trigger events_never_truncated before truncate on ${events} for each statement execute function ${refuse}()`,
  ];
};

/**
 * `readStreamMatching` needs an index per data path it filters on, and only the events table's
 * owner may create one: this function creates it on a service's behalf, for a path given as
 * plain keys (it runs with the owner's rights, so it takes nothing else). Not public.
 */
const dataIndexFunction = (schema: string): string[] => {
  const name = `${quoted(schema)}.ensure_data_index`;
  const lock = literal(`${schema}.data_indexes`);
  return [
    `create function ${name}(index_name text, path text[]) returns void
    language plpgsql security definer set search_path = pg_catalog, pg_temp as $index$
    begin
      if index_name !~ '^[a-z_][a-z0-9_]{0,62}$' then raise exception 'invalid index name %', index_name; end if;
      if coalesce(cardinality(path), 0) not between 1 and 8 or exists (select 1 from unnest(path) as key where key !~ '^[A-Za-z_][A-Za-z0-9_]*$') then
        raise exception 'invalid data path %', path;
      end if;
      perform pg_advisory_xact_lock(hashtext(${lock}));
      execute format('create index if not exists %I on %I.events (stream_id, (data #>> %L)) where data ? %L', index_name, ${literal(schema)}, path::text, path[1]);
    end
    $index$`,
    `revoke all on function ${name}(text, text[]) from public`,
  ];
};

/** Migrations live in code so that a build carries them; names sort in order of application. */
const migrationsOf = (schema: string): Record<string, Migration> => ({
  '0001_events_and_checkpoints': {
    async up(db: Database) {
      await db.schema
        .createTable('events')
        .addColumn('position', 'bigserial', (col) => col.primaryKey())
        .addColumn('event_id', 'uuid', (col) => col.notNull().unique())
        .addColumn('stream_id', 'text', (col) => col.notNull())
        .addColumn('stream_version', 'integer', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('schema_version', 'integer', (col) => col.notNull())
        .addColumn('data', 'jsonb', (col) => col.notNull())
        .addColumn('metadata', 'jsonb', (col) => col.notNull())
        .addColumn('recorded_at', 'timestamptz', (col) => col.notNull())
        .addColumn('hash', 'text', (col) => col.notNull())
        .addColumn('chain_hash', 'text', (col) => col.notNull())
        // The optimistic-concurrency guard of last resort (the append lock is the first).
        .addUniqueConstraint('events_stream_version_unique', ['stream_id', 'stream_version'])
        .execute();
      await db.schema
        .createTable('checkpoints')
        .addColumn('subscriber', 'text', (col) => col.primaryKey())
        .addColumn('position', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
  '0002_append_functions': {
    async up(db: Database) {
      const { rows } = await sql<{
        sequence: string;
      }>`select pg_get_serial_sequence(${`${quoted(schema)}.events`}, 'position') as sequence`.execute(db);
      await sql.raw(appendFunction(schema, rows[0]!.sequence)).execute(db);
      await sql.raw(lockedHeadsFunction(schema)).execute(db);
    },
  },
  '0003_append_only_events': {
    async up(db: Database) {
      for (const statement of [...appendOnlyTriggers(schema), ...dataIndexFunction(schema)]) await sql.raw(statement).execute(db);
    },
  },
});

/**
 * Kysely's migrator looks for its tables by listing every table of the database; a schema that
 * another process drops meanwhile (tests drop theirs) fails that listing. Such a failure is
 * worth another try; one about our own schema is not.
 */
const isConcurrentDrop = (error: unknown, schema: string): boolean => {
  const match = /schema "([^"]+)" does not exist/.exec(String(error));
  return match !== null && match[1] !== schema;
};

/** Whether a schema exists: `create schema if not exists` needs the right to create one even when it does. */
export const schemaExists = async (db: Database, schema: string): Promise<boolean> =>
  (await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db)).rows.length > 0;

const OWNER_HINT =
  'the event store is migrated by its owner: run ensureDatabaseRoles (libs/runtime; npm start does) or migrate as the owner, then start the services';

/**
 * Creates the schema if needed and applies pending migrations; safe to call from every service at
 * start. Up to date, it changes nothing, so a service's role needs no right to change the schema.
 */
export const migrateEventStore = async (db: Database, schema: string): Promise<void> => {
  if (!(await schemaExists(db, schema))) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const migrator = new Migrator({
    db: db.withSchema(schema),
    provider: { getMigrations: async () => migrationsOf(schema) },
    migrationTableSchema: schema,
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((result) => result.status === 'Error');
    if (!error && !failed) return;
    if (attempt < 5 && !failed && isConcurrentDrop(error, schema)) continue;
    const hint = (error as { code?: unknown } | undefined)?.code === '42501' ? ` (${OWNER_HINT})` : '';
    throw new Error(`event store migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}${hint}`);
  }
};
