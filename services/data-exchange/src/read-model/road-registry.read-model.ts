import { Map as PersistentMap } from 'immutable';
import { sql } from 'kysely';
import type { ErrorDetail, Insee, StoredEvent } from '@digit/contracts';
import { jsonText, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import type {
  DirectionChange,
  NameChange,
  NumberChange,
  OrderDecision,
  OrderLink,
  RoadHistory,
  RoadRegistryEvent,
  RoadRegistryState,
} from '../domain/voirie/index.js';

export const ROAD_REGISTRY_STREAM_PREFIX = 'road-registry-';

/**
 * Read model of the territorial road registry (R-DX-1, R-DX-2), in rows:
 * - `road_orders`: every order the registry decided, accepted or rejected with its reasons;
 * - `road_changes`: each name, number and direction a road took, with the order that made it,
 *   in recording order (`position`, then `seq` inside an event).
 * Loading a town gives back the decider's own state, so "as of", BAL and GeoJSON are the domain's
 * functions over it. Dropping the tables and replaying from position 0 gives the same rows.
 */
export const migrateRoadRegistry = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.road_orders`)} (
    insee text not null,
    order_id text not null,
    status text not null,
    reasons jsonb not null,
    link jsonb not null,
    road_id text not null,
    position bigint not null,
    primary key (insee, order_id)
  )`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.road_changes`)} (
    insee text not null,
    road_id text not null,
    position bigint not null,
    seq integer not null,
    kind text not null,
    order_id text not null,
    change jsonb not null,
    primary key (position, seq)
  )`.execute(db);
  await sql`create index if not exists road_changes_by_town on ${sql.table(`${schema}.road_changes`)} (insee, position, seq)`.execute(db);
};

const inseeOf = (event: StoredEvent): string => event.streamId.slice(ROAD_REGISTRY_STREAM_PREFIX.length);

type ChangeKind = 'created' | 'renamed' | 'number' | 'direction';

export const roadRegistryProjection = (schema: string, name = 'data-exchange:road_registry'): Projection => {
  const orders = sql.table(`${schema}.road_orders`);
  const changes = sql.table(`${schema}.road_changes`);
  return {
    name,
    streamPrefixes: [ROAD_REGISTRY_STREAM_PREFIX],
    async apply(trx: DatabaseTransaction, stored: StoredEvent) {
      const event = stored as unknown as RoadRegistryEvent & StoredEvent;
      const insee = inseeOf(stored);
      const { order, roadId } = event.data;
      const decided = (status: OrderDecision['status'], reasons: readonly ErrorDetail[]) =>
        sql`insert into ${orders} (insee, order_id, status, reasons, link, road_id, position)
          values (${insee}, ${order.orderId}, ${status}, ${jsonText(reasons)}, ${jsonText(order)}, ${roadId}, ${stored.position.toString()})
          on conflict (insee, order_id) do nothing`.execute(trx);
      const change = async (kind: ChangeKind, data: readonly unknown[]) => {
        if (data.length === 0) return;
        await sql`insert into ${changes} (insee, road_id, position, seq, kind, order_id, change) values ${sql.join(
          data.map((item, seq) => sql`(${insee}, ${roadId}, ${stored.position.toString()}, ${seq}, ${kind}, ${order.orderId}, ${jsonText(item)})`),
        )}`.execute(trx);
      };
      switch (event.type) {
        case 'VoirieOrderRejected':
          await decided('rejected', event.data.reasons);
          return;
        case 'RoadCreated':
          await change('created', [{ name: event.data.name, roadType: event.data.roadType, previousName: null }]);
          break;
        case 'RoadRenamed':
          await change('renamed', [{ name: event.data.name, roadType: event.data.roadType, previousName: event.data.previousName }]);
          break;
        case 'RoadNumbered':
          await change('number', event.data.numbers);
          break;
        case 'TrafficDirectionSet':
          await change('direction', [{ direction: event.data.direction }]);
          break;
        default: {
          const unknown: never = event;
          return unknown;
        }
      }
      await decided('accepted', []);
    },
  };
};

interface ChangeRow {
  road_id: string;
  kind: ChangeKind;
  change: Record<string, unknown>;
  link: OrderLink;
}

interface Building {
  id: string;
  names: NameChange[];
  numbers: NumberChange[];
  directions: DirectionChange[];
}

/** A town's registry as the decider folds it (`roadRegistryDecider.evolve`), from the rows. */
export const loadRoadRegistry = async (db: Database, schema: string, insee: Insee): Promise<RoadRegistryState> => {
  const orderRows = await sql<{ order_id: string; status: OrderDecision['status']; reasons: ErrorDetail[]; link: OrderLink }>`
    select order_id, status, reasons, link from ${sql.table(`${schema}.road_orders`)} where insee = ${insee} order by position`.execute(db);
  const changeRows = await sql<ChangeRow>`
    select c.road_id, c.kind, c.change, o.link from ${sql.table(`${schema}.road_changes`)} c
    join ${sql.table(`${schema}.road_orders`)} o on o.insee = c.insee and o.order_id = c.order_id
    where c.insee = ${insee} order by c.position, c.seq`.execute(db);
  const roads = new Map<string, Building>();
  for (const { road_id: id, kind, change, link: order } of changeRows.rows) {
    if (kind === 'created') {
      roads.set(id, { id, names: [{ ...(change as Omit<NameChange, 'order'>), order }], numbers: [], directions: [] });
      continue;
    }
    const road = roads.get(id);
    if (!road) continue;
    if (kind === 'renamed') road.names.push({ ...(change as Omit<NameChange, 'order'>), order });
    else if (kind === 'number') road.numbers.push({ ...(change as Omit<NumberChange, 'order'>), order });
    else road.directions.push({ ...(change as Omit<DirectionChange, 'order'>), order });
  }
  return {
    insee: orderRows.rows.length > 0 ? insee : null,
    decidedOrders: PersistentMap(orderRows.rows.map((row) => [row.order_id, { status: row.status, order: row.link, reasons: row.reasons }])),
    roads: PersistentMap([...roads].map(([id, road]) => [id, road as unknown as RoadHistory])),
  };
};

/** What the registry decided on one order of the town, if it ever received it. */
export const loadOrderDecision = async (db: Database, schema: string, insee: Insee, orderId: string): Promise<OrderDecision | undefined> => {
  const rows = await sql<{ status: OrderDecision['status']; reasons: ErrorDetail[]; link: OrderLink }>`
    select status, reasons, link from ${sql.table(`${schema}.road_orders`)} where insee = ${insee} and order_id = ${orderId}`.execute(db);
  const row = rows.rows[0];
  return row ? { status: row.status, order: row.link, reasons: row.reasons } : undefined;
};
