import { Map as PersistentMap } from 'immutable';
import type { Kysely } from 'kysely';
import {
  DEFAULT_PAGE_SIZE,
  pageOf,
  type ErrorDetail,
  type Insee,
  type OrderLink,
  type Page,
  type RoadAsOf,
  type StoredEvent,
} from '@digit/contracts';
import { jsonText, schemaDb, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import {
  roadRegistryAsOf,
  type DirectionChange,
  type NameChange,
  type NumberChange,
  type OrderDecision,
  type RoadHistory,
  type RoadRegistryEvent,
  type RoadRegistryState,
} from '../domain/voirie/index.js';
import type { DataExchangeTables, RoadChangeKind } from './data-exchange.tables.js';

export const ROAD_REGISTRY_STREAM_PREFIX = 'road-registry-';

/**
 * Read model of the territorial road registry (R-DX-1, R-DX-2), in rows:
 * - `road_orders`: every order the registry decided, accepted or rejected with its reasons;
 * - `road_changes`: each name, number and direction a road took, with the order that made it,
 *   in recording order (`position`, then `seq` inside an event).
 * Loading a town gives back the decider's own state, so "as of", BAL and GeoJSON are the domain's
 * functions over it. Dropping the tables and replaying from position 0 gives the same rows.
 */
type Tables = Kysely<DataExchangeTables>;

const inseeOf = (event: StoredEvent): string => event.streamId.slice(ROAD_REGISTRY_STREAM_PREFIX.length);

export const roadRegistryProjection = (schema: string, name = 'data-exchange:road_registry'): Projection => ({
  name,
  streamPrefixes: [ROAD_REGISTRY_STREAM_PREFIX],
  async apply(trx: DatabaseTransaction, stored: StoredEvent) {
    const db = schemaDb<DataExchangeTables>(trx, schema);
    const event = stored as unknown as RoadRegistryEvent & StoredEvent;
    const insee = inseeOf(stored);
    const { order, roadId } = event.data;
    const position = stored.position.toString();
    const decided = (status: OrderDecision['status'], reasons: readonly ErrorDetail[]) =>
      db
        .insertInto('road_orders')
        .values({ insee, order_id: order.orderId, status, reasons: jsonText(reasons), link: jsonText(order), road_id: roadId, position })
        .onConflict((conflict) => conflict.columns(['insee', 'order_id']).doNothing())
        .execute();
    const change = async (kind: RoadChangeKind, data: readonly unknown[]) => {
      if (data.length === 0) return;
      await db
        .insertInto('road_changes')
        .values(data.map((item, seq) => ({ insee, road_id: roadId, position, seq, kind, order_id: order.orderId, change: jsonText(item) })))
        .execute();
    };
    switch (event.type) {
      case 'RoadRegistryBaselineImported':
        break;
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
});

interface ChangeRow {
  readonly road_id: string;
  readonly kind: RoadChangeKind;
  readonly change: Readonly<Record<string, unknown>>;
  readonly link: OrderLink;
}

interface Building {
  id: string;
  names: NameChange[];
  numbers: NumberChange[];
  directions: DirectionChange[];
}

/** The town's changes with their orders, in recording order; only those of `roadIds` when given. */
const changeRowsOf = (db: Tables, insee: Insee, roadIds?: readonly string[]): Promise<ChangeRow[]> => {
  let query = db
    .selectFrom('road_changes as c')
    .innerJoin('road_orders as o', (join) => join.onRef('o.insee', '=', 'c.insee').onRef('o.order_id', '=', 'c.order_id'))
    .select(['c.road_id', 'c.kind', 'c.change', 'o.link'])
    .where('c.insee', '=', insee)
    .orderBy('c.position')
    .orderBy('c.seq');
  if (roadIds !== undefined) query = query.where('c.road_id', 'in', roadIds);
  return query.execute();
};

/** Each road's history as the decider folds it (`roadRegistryDecider.evolve`), from its rows. */
const roadsOf = (rows: readonly ChangeRow[]): RoadRegistryState['roads'] => {
  const roads = new Map<string, Building>();
  for (const { road_id: id, kind, change, link: order } of rows) {
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
  return PersistentMap([...roads].map(([id, road]) => [id, road as unknown as RoadHistory]));
};

/** A town's whole registry as the decider folds it, from the rows (the exports hold every road). */
export const loadRoadRegistry = async (db: Database, schema: string, insee: Insee): Promise<RoadRegistryState> => {
  const tables = schemaDb<DataExchangeTables>(db, schema);
  const orderRows = await tables
    .selectFrom('road_orders')
    .select(['order_id', 'status', 'reasons', 'link'])
    .where('insee', '=', insee)
    .orderBy('position')
    .execute();
  return {
    insee: orderRows.length > 0 ? insee : null,
    decidedOrders: PersistentMap(orderRows.map((row) => [row.order_id, { status: row.status, order: row.link, reasons: row.reasons }])),
    roads: roadsOf(await changeRowsOf(tables, insee)),
  };
};

/**
 * One page of a town's roads in force on `asOf`, by road id after `after` (issue 18): the ids
 * come from the creations in force that day (`limit + 1` of them), then only those roads' changes
 * are read.
 */
export const loadRoadsPage = async (
  db: Database,
  schema: string,
  insee: Insee,
  asOf: string,
  request: { readonly limit?: number; readonly after?: string },
): Promise<Page<RoadAsOf>> => {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  const tables = schemaDb<DataExchangeTables>(db, schema);
  let created = tables
    .selectFrom('road_changes as c')
    .innerJoin('road_orders as o', (join) => join.onRef('o.insee', '=', 'c.insee').onRef('o.order_id', '=', 'c.order_id'))
    .select('c.road_id')
    .where('c.insee', '=', insee)
    .where('c.kind', '=', 'created')
    .where((eb) => eb(eb.ref('o.link', '->>').key('effectiveAt'), '<=', asOf))
    .orderBy('c.road_id')
    .limit(limit + 1);
  if (request.after !== undefined) created = created.where('c.road_id', '>', request.after);
  const roadIds = (await created.execute()).map((row) => row.road_id);
  const roads = roadIds.length === 0 ? PersistentMap<string, RoadHistory>() : roadsOf(await changeRowsOf(tables, insee, roadIds));
  return pageOf(roadRegistryAsOf({ insee, decidedOrders: PersistentMap(), roads }, asOf), limit, (road) => road.id);
};

/** What the registry decided on one order of the town, if it ever received it. */
export const loadOrderDecision = async (
  db: Database,
  schema: string,
  insee: Insee,
  orderId: string,
): Promise<OrderDecision | undefined> => {
  const row = await schemaDb<DataExchangeTables>(db, schema)
    .selectFrom('road_orders')
    .select(['status', 'reasons', 'link'])
    .where('insee', '=', insee)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return row ? { status: row.status, order: row.link, reasons: row.reasons } : undefined;
};
