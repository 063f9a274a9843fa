import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Database } from '@digit/event-store';

/**
 * The road registry's rows (data-exchange's `road_orders` and `road_changes`) and the dashboard's
 * (`voirie_orders`) in set-based SQL, event for event what the services' projections write:
 * used to complete the read models past where the timed rebuild stopped, after checking that
 * both give the same rows over what the projections did build.
 */
const registryEvents = (store: string, range: string, join = '') =>
  sql.raw(`"${store}".events e ${join} where e.stream_id like 'road-registry-%' and ${range}`);

const roadOrdersSelect = (store: string, range: string) => sql`
  select substr(e.stream_id, 15) as insee, e.data->'order'->>'orderId' as order_id,
    case when e.type = 'VoirieOrderRejected' then 'rejected' else 'accepted' end as status,
    case when e.type = 'VoirieOrderRejected' then e.data->'reasons' else '[]'::jsonb end as reasons,
    e.data->'order' as link, e.data->>'roadId' as road_id, e.position
  from ${registryEvents(store, range)}`;

const roadChangesSelect = (store: string, range: string) => sql`
  select substr(e.stream_id, 15) as insee, e.data->>'roadId' as road_id, e.position, 0 as seq, 'created' as kind, e.data->'order'->>'orderId' as order_id,
    jsonb_build_object('name', e.data->'name', 'roadType', e.data->'roadType', 'previousName', null) as change
  from ${registryEvents(store, `${range} and e.type = 'RoadCreated'`)}
  union all
  select substr(e.stream_id, 15), e.data->>'roadId', e.position, 0, 'renamed', e.data->'order'->>'orderId',
    jsonb_build_object('name', e.data->'name', 'roadType', e.data->'roadType', 'previousName', e.data->'previousName')
  from ${registryEvents(store, `${range} and e.type = 'RoadRenamed'`)}
  union all
  select substr(e.stream_id, 15), e.data->>'roadId', e.position, (n.ordinality - 1)::integer, 'number', e.data->'order'->>'orderId', n.value
  from ${registryEvents(store, `${range} and e.type = 'RoadNumbered'`, `cross join lateral jsonb_array_elements(e.data->'numbers') with ordinality as n(value, ordinality)`)}
  union all
  select substr(e.stream_id, 15), e.data->>'roadId', e.position, 0, 'direction', e.data->'order'->>'orderId', jsonb_build_object('direction', e.data->'direction')
  from ${registryEvents(store, `${range} and e.type = 'TrafficDirectionSet'`)}`;

const voirieOrdersSelect = (store: string, range: string) => sql`
  select e.position, e.data->'order'->>'insee' as insee, e.data->'order'->>'orderId' as order_id, e.data->'order'->>'reference' as reference,
    e.data->'order'->>'kind' as kind, case when e.type = 'VoirieOrderRejected' then 'rejected' else 'accepted' end as status,
    coalesce(e.data->'reasons', '[]'::jsonb) as reasons, e.data->>'roadId' as road_id, e.data->'order'->>'receivedAt' as received_at,
    to_char((e.data->'order'->>'receivedAt')::timestamptz at time zone 'Europe/Paris', 'YYYY-MM-DD') as received_day,
    e.data->'order'->>'signedAt' as signed_at, e.data->'order'->>'effectiveAt' as effective_at
  from ${registryEvents(store, range)}`;

interface ReadModelTable {
  readonly table: string;
  readonly columns: string;
  readonly select: (store: string, range: string) => ReturnType<typeof sql>;
}

const TABLES = {
  roadOrders: { table: 'road_orders', columns: 'insee, order_id, status, reasons, link, road_id, position', select: roadOrdersSelect },
  roadChanges: { table: 'road_changes', columns: 'insee, road_id, position, seq, kind, order_id, change', select: roadChangesSelect },
  voirieOrders: {
    table: 'voirie_orders',
    columns: 'position, insee, order_id, reference, kind, status, reasons, road_id, received_at, received_day, signed_at, effective_at',
    select: voirieOrdersSelect,
  },
} satisfies Record<string, ReadModelTable>;

/** Rows that one side has and the other has not, over the events up to `upTo`. */
const differences = async (db: Database, store: string, schema: string, model: ReadModelTable, upTo: bigint): Promise<number> => {
  const projected = sql.raw(`select ${model.columns} from "${schema}".${model.table} where position <= ${upTo}`);
  const bulk = sql`select ${sql.raw(model.columns)} from (${model.select(store, `e.position <= ${upTo}`)}) b`;
  const { rows } = await sql<{
    count: string;
  }>`select count(*) as count from ((${projected} except all ${bulk}) union all (${bulk} except all ${projected})) d`.execute(db);
  return Number(rows[0]!.count);
};

/** Fills a table with the rows of the events after `after`, as its projection would. */
const complete = async (db: Database, store: string, schema: string, model: ReadModelTable, after: bigint): Promise<void> => {
  await sql`insert into ${sql.raw(`"${schema}".${model.table} (${model.columns})`)} select ${sql.raw(model.columns)} from (${model.select(store, `e.position > ${after}`)}) b`.execute(
    db,
  );
};

export interface CompletedReadModels {
  /** Rows differing between the projections' and the SQL's, over what the projections built (0 expected). */
  readonly differences: number;
  readonly seconds: number;
}

/**
 * Checks the SQL against the projections' rows up to their checkpoints, then completes the
 * registry's and the dashboard's tables to the head and moves both checkpoints there.
 */
export const completeRegistryReadModels = async (
  db: Database,
  stores: { readonly store: string; readonly dataExchange: string; readonly dashboard: string },
  checkpoints: { readonly registry: bigint; readonly dashboard: bigint },
  head: bigint,
): Promise<CompletedReadModels> => {
  const { store, dataExchange, dashboard } = stores;
  let different = 0;
  for (const model of [TABLES.roadOrders, TABLES.roadChanges])
    different += await differences(db, store, dataExchange, model, checkpoints.registry);
  different += await differences(db, store, dashboard, TABLES.voirieOrders, checkpoints.dashboard);
  const started = performance.now();
  for (const model of [TABLES.roadOrders, TABLES.roadChanges]) await complete(db, store, dataExchange, model, checkpoints.registry);
  await complete(db, store, dashboard, TABLES.voirieOrders, checkpoints.dashboard);
  for (const [schema, model] of [
    [dataExchange, TABLES.roadOrders],
    [dataExchange, TABLES.roadChanges],
    [dashboard, TABLES.voirieOrders],
  ] as const) {
    await sql`analyze ${sql.table(`${schema}.${model.table}`)}`.execute(db);
  }
  for (const subscriber of ['data-exchange:road_registry', 'gateway:dashboard_voirie_orders']) {
    await sql`insert into ${sql.table(`${store}.checkpoints`)} (subscriber, position) values (${subscriber}, ${head.toString()})
      on conflict (subscriber) do update set position = excluded.position`.execute(db);
  }
  return { differences: different, seconds: (performance.now() - started) / 1000 };
};
