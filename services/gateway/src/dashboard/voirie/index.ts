// The dashboard's road-order read model, for the metropolis simulation (bench), which rebuilds it and asks its queries.
export { migrateDashboard, voirieOrdersProjection, VoirieOrders } from './voirie-orders.read-model.js';
export type { DayCount, OrdersFilter, OrderStatus, VoirieOrderRow } from './voirie-orders.read-model.js';
