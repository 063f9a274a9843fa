import { sql, type ColumnType, type Kysely, type Selectable } from 'kysely';
import { parisDateOf } from '@digit/calendar';
import type { ErrorDetail, Insee, OrderLink, StoredEvent, VoirieOrderKind } from '@digit/contracts';
import { migrateSchema, schemaDb, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';

type Json<T> = ColumnType<T, string, string>;
/** int8 comes back from PostgreSQL as text: positions stay exact. */
type Int8 = ColumnType<string, string, string>;

export type OrderStatus = 'accepted' | 'rejected';

/** The dashboard's own read model, in the gateway's schema `dashboard`. */
export interface DashboardTables {
  /** Every road order the registry decided (R-DX-2), one row per order, in history order (`position`). */
  voirie_orders: {
    position: Int8;
    insee: string;
    order_id: string;
    reference: string;
    kind: VoirieOrderKind;
    status: OrderStatus;
    reasons: Json<readonly ErrorDetail[]>;
    road_id: string;
    /** The instant DIGIT received the order, as recorded (ISO with offset). */
    received_at: string;
    /** Its Paris day, `YYYY-MM-DD`: what the chart counts by and `asOf` cuts at. */
    received_day: string;
    signed_at: string;
    effective_at: string;
  };
}

export interface VoirieOrderRow {
  readonly position: string;
  readonly insee: Insee;
  readonly orderId: string;
  readonly reference: string;
  readonly kind: VoirieOrderKind;
  readonly status: OrderStatus;
  readonly reasons: readonly ErrorDetail[];
  readonly roadId: string;
  readonly receivedAt: string;
  readonly signedAt: string;
  readonly effectiveAt: string;
}

export const DASHBOARD_MIGRATIONS = {
  '0001_voirie_orders': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('voirie_orders')
        .ifNotExists()
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addColumn('insee', 'text', (column) => column.notNull())
        .addColumn('order_id', 'text', (column) => column.notNull())
        .addColumn('reference', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('reasons', 'jsonb', (column) => column.notNull())
        .addColumn('road_id', 'text', (column) => column.notNull())
        .addColumn('received_at', 'text', (column) => column.notNull())
        .addColumn('received_day', 'text', (column) => column.notNull())
        .addColumn('signed_at', 'text', (column) => column.notNull())
        .addColumn('effective_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('voirie_orders_pkey', ['insee', 'order_id'])
        .execute();
      await db.schema.createIndex('voirie_orders_position').ifNotExists().on('voirie_orders').column('position').execute();
      await db.schema.createIndex('voirie_orders_town_position').ifNotExists().on('voirie_orders').columns(['insee', 'position']).execute();
      await db.schema
        .createIndex('voirie_orders_day')
        .ifNotExists()
        .on('voirie_orders')
        .columns(['received_day', 'insee', 'status'])
        .execute();
    },
  },
};

export const migrateDashboard = (db: Database, schema: string): Promise<void> => migrateSchema(db, schema, DASHBOARD_MIGRATIONS);

const ROAD_REGISTRY_PREFIX = 'road-registry-';

/** What every road registry event carries (data-exchange's events, read as the history holds them). */
interface RegistryEventData {
  readonly order: OrderLink;
  readonly roadId: string;
  readonly reasons?: readonly ErrorDetail[];
}

/**
 * The registry's decisions from the history: `VoirieOrderRejected` is a refusal with its reasons,
 * any other registry event an accepted order (one event per order; a repeat keeps the first).
 */
export const voirieOrdersProjection = (schema: string): Projection => ({
  name: 'gateway:dashboard_voirie_orders',
  streamPrefixes: [ROAD_REGISTRY_PREFIX],
  async apply(trx: DatabaseTransaction, event: StoredEvent) {
    const { order, roadId, reasons } = event.data as unknown as RegistryEventData;
    await schemaDb<DashboardTables>(trx, schema)
      .insertInto('voirie_orders')
      .values({
        position: event.position.toString(),
        insee: order.insee,
        order_id: order.orderId,
        reference: order.reference,
        kind: order.kind,
        status: event.type === 'VoirieOrderRejected' ? 'rejected' : 'accepted',
        reasons: JSON.stringify(reasons ?? []),
        road_id: roadId,
        received_at: order.receivedAt,
        received_day: parisDateOf(order.receivedAt),
        signed_at: order.signedAt,
        effective_at: order.effectiveAt,
      })
      .onConflict((conflict) => conflict.columns(['insee', 'order_id']).doNothing())
      .execute();
  },
});

export interface OrdersFilter {
  readonly towns: readonly Insee[];
  readonly kind?: VoirieOrderKind;
  readonly status?: OrderStatus;
  /** Orders received on or before this Paris day. */
  readonly upTo: string;
}

export interface DayCount {
  readonly day: string;
  readonly insee: Insee;
  readonly status: OrderStatus;
  readonly count: number;
}

/** Reads of the dashboard's road orders: the latest first, by day for the chart, after a position for the live feed. */
export class VoirieOrders {
  private readonly db: Kysely<DashboardTables>;

  constructor(db: Database, schema: string) {
    this.db = schemaDb<DashboardTables>(db, schema);
  }

  async latest(filter: OrdersFilter, limit: number): Promise<VoirieOrderRow[]> {
    if (filter.towns.length === 0) return [];
    let query = this.db
      .selectFrom('voirie_orders')
      .selectAll()
      .where('insee', 'in', [...filter.towns])
      .where('received_day', '<=', filter.upTo);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    if (filter.status) query = query.where('status', '=', filter.status);
    return (await query.orderBy('position', 'desc').limit(limit).execute()).map(rowOf);
  }

  async perDay(towns: readonly Insee[], from: string, to: string): Promise<DayCount[]> {
    if (towns.length === 0) return [];
    const rows = await this.db
      .selectFrom('voirie_orders')
      .select(['received_day', 'insee', 'status', (eb) => eb.fn.countAll<string>().as('count')])
      .where('received_day', '>=', from)
      .where('received_day', '<=', to)
      .where('insee', 'in', [...towns])
      .groupBy(['received_day', 'insee', 'status'])
      .orderBy('received_day')
      .execute();
    return rows.map((row) => ({ day: row.received_day, insee: row.insee as Insee, status: row.status, count: Number(row.count) }));
  }

  async after(position: string, limit: number): Promise<VoirieOrderRow[]> {
    const rows = await this.db
      .selectFrom('voirie_orders')
      .selectAll()
      .where('position', '>', position)
      .orderBy('position')
      .limit(limit)
      .execute();
    return rows.map(rowOf);
  }

  async lastPosition(): Promise<string> {
    const row = await this.db
      .selectFrom('voirie_orders')
      .select(sql<string>`coalesce(max(position), 0)`.as('position'))
      .executeTakeFirstOrThrow();
    return row.position;
  }
}

const rowOf = (row: Selectable<DashboardTables['voirie_orders']>): VoirieOrderRow => ({
  position: row.position,
  insee: row.insee as Insee,
  orderId: row.order_id,
  reference: row.reference,
  kind: row.kind,
  status: row.status,
  reasons: row.reasons,
  roadId: row.road_id,
  receivedAt: row.received_at,
  signedAt: row.signed_at,
  effectiveAt: row.effective_at,
});
