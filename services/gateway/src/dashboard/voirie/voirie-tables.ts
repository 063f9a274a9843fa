import { townName, type Insee, type VoirieOrderKind } from '@digit/contracts';
import { dashboardTable, type DashboardTable } from '../dashboard-table.js';
import { fr } from '../dashboard-views.js';
import type { DayCount, OrderStatus, VoirieOrderRow } from './voirie-orders.read-model.js';

export const KIND_LABELS: Readonly<Record<VoirieOrderKind, string>> = {
  ROAD_CREATED: 'Création de voie',
  ROAD_RENAMED: 'Renommage',
  NUMBERING: 'Numérotage',
  TRAFFIC_DIRECTION: 'Sens de circulation',
};

export const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = { accepted: 'accepté', rejected: 'refusé' };

const reasonsOf = (order: VoirieOrderRow): string => order.reasons.map((reason) => reason.message).join(' ; ');

/** The orders as the feed, the Commune page and their CSV show them (R-DX-2: outcome and reasons). */
export const ordersTable = (id: string, caption: string, orders: readonly VoirieOrderRow[], note?: string): DashboardTable =>
  dashboardTable(
    id,
    caption,
    [
      { header: 'Reçu le', cell: (order) => fr.instant(order.receivedAt), csv: (order) => order.receivedAt },
      { header: 'Commune', cell: (order) => ({ text: townName(order.insee), href: `/communes/${order.insee}` }) },
      { header: 'Référence', cell: (order) => ({ text: order.reference, code: true }) },
      { header: 'Nature', cell: (order) => KIND_LABELS[order.kind] },
      { header: 'Voie', cell: (order) => ({ text: order.roadId, code: true }) },
      {
        header: 'Issue',
        cell: (order) => ({ text: STATUS_LABELS[order.status], tone: order.status === 'accepted' ? 'success' : 'danger' }),
      },
      { header: 'Motifs', cell: (order) => reasonsOf(order) || '—', csv: reasonsOf },
      { header: 'Signé le', cell: (order) => fr.date(order.signedAt), csv: (order) => fr.date(order.signedAt) },
      { header: 'Effet le', cell: (order) => fr.date(order.effectiveAt), csv: (order) => fr.date(order.effectiveAt) },
    ],
    orders,
    { empty: 'Aucun arrêté reçu pour ces critères.', note },
  );

export interface TownTotals {
  readonly insee: Insee;
  readonly accepted: number;
  readonly rejected: number;
}

export const totalsOf = (towns: readonly Insee[], counts: readonly DayCount[]): TownTotals[] =>
  towns.map((insee) => ({
    insee,
    accepted: counts.filter((count) => count.insee === insee && count.status === 'accepted').reduce((sum, count) => sum + count.count, 0),
    rejected: counts.filter((count) => count.insee === insee && count.status === 'rejected').reduce((sum, count) => sum + count.count, 0),
  }));

export const totalsTable = (caption: string, totals: readonly TownTotals[]): DashboardTable =>
  dashboardTable(
    'totaux',
    caption,
    [
      { header: 'Commune', cell: (row) => ({ text: townName(row.insee), href: `/communes/${row.insee}` }) },
      { header: 'Acceptés', cell: (row) => fr.count(row.accepted), csv: (row) => row.accepted, numeric: true },
      { header: 'Refusés', cell: (row) => fr.count(row.rejected), csv: (row) => row.rejected, numeric: true },
      { header: 'Total', cell: (row) => fr.count(row.accepted + row.rejected), csv: (row) => row.accepted + row.rejected, numeric: true },
    ],
    totals,
    { empty: 'Aucune commune à montrer.' },
  );

/** The chart's data: each day of the period, one bar series per town and outcome (accepted and refused side by side). */
export const chartOf = (days: readonly string[], towns: readonly Insee[], counts: readonly DayCount[]) => {
  const index = new Map(counts.map((count) => [`${count.day}|${count.insee}|${count.status}`, count.count]));
  return {
    title: 'Arrêtés reçus par jour et par commune',
    days: days.map((day) => fr.date(day).slice(0, 5)),
    series: towns.flatMap((insee) =>
      (['accepted', 'rejected'] as const).map((status) => ({
        name: townName(insee),
        status: STATUS_LABELS[status],
        data: days.map((day) => index.get(`${day}|${insee}|${status}`) ?? 0),
      })),
    ),
  };
};
