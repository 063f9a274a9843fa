import { Controller, Get, Inject, Query, Res, UseFilters } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { addDays } from '@digit/calendar';
import { conventionsMessages, townName, type Caller } from '@digit/contracts';
import type { Bus } from '@digit/messaging';
import { CurrentCaller, RoutePolicy } from '../auth/route-policy.js';
import { healthReport } from '../health/health.controller.js';
import { BUS } from '../http/service-client.js';
import { conventionStatusCell } from './convention-labels.js';
import { pageFrame, PAGES, townsOf, type PageQuery } from './dashboard-page.js';
import { csvHref, PageExceptionFilter, sendPage } from './dashboard-response.js';
import { DashboardServices } from './dashboard-services.js';
import { dashboardTable } from './dashboard-table.js';
import { fr } from './dashboard-views.js';
import { alertsTable } from './section-tables.js';
import { gatherAlerts } from './today/gather-alerts.js';
import { VoirieOrdersService } from './voirie/voirie-orders.service.js';

/**
 * Aujourd'hui (`/`): what must be acted on first (R-SEC-6), then the towns the person may see with
 * their convention's status, its end and the refused road orders of the last 30 days.
 */
@RoutePolicy(PAGES.today.policy)
@UseFilters(PageExceptionFilter)
@Controller()
export class DashboardController {
  constructor(
    private readonly services: DashboardServices,
    private readonly voirie: VoirieOrdersService,
    @Inject(BUS) private readonly bus: Bus,
  ) {}

  @Get()
  async today(@CurrentCaller() caller: Caller, @Query() query: PageQuery, @Res() response: ServerResponse): Promise<void> {
    const frame = pageFrame(caller, 'today', 'Aujourd’hui', '/', query);
    const towns = townsOf(caller);
    const health = await healthReport(this.bus);
    const [gathered, conventions, counts, knownAt] = await Promise.all([
      gatherAlerts(await this.services.busFor(caller, this.bus), caller, frame.asOf, health),
      Promise.all(towns.map((insee) => this.services.read(conventionsMessages.convention, { insee, asOf: frame.asOf }, caller))),
      this.voirie.orders.perDay(towns, addDays(frame.asOf, -29), frame.asOf),
      frame.knownAt ? this.services.replayAsKnownAt(frame.knownAt) : undefined,
    ]);
    const rows = towns.map((insee, index) => {
      const convention = conventions[index]!;
      const view = convention.ok ? convention.value : null;
      const orders = counts.filter((count) => count.insee === insee);
      return {
        insee,
        view,
        alerts: gathered.alerts.filter((alert) => alert.insee === insee).length,
        accepted: orders.filter((count) => count.status === 'accepted').reduce((sum, count) => sum + count.count, 0),
        rejected: orders.filter((count) => count.status === 'rejected').reduce((sum, count) => sum + count.count, 0),
      };
    });
    const tables = {
      alertes: alertsTable(gathered.alerts),
      communes: dashboardTable(
        'communes',
        'Les communes',
        [
          { header: 'Commune', cell: (row) => ({ text: townName(row.insee), href: `/communes/${row.insee}` }) },
          {
            header: 'Convention',
            cell: (row) => (row.view ? conventionStatusCell(row.view.status) : { text: 'indisponible', tone: 'secondary' }),
          },
          { header: 'Période en cours jusqu’au', cell: (row) => fr.date(row.view?.currentTermEnd) },
          { header: 'Fin au plus tard', cell: (row) => fr.date(row.view?.endsAtLatest) },
          {
            header: 'Alertes',
            cell: (row) => ({ text: String(row.alerts), tone: row.alerts > 0 ? 'warning' : 'success' }),
            csv: (row) => row.alerts,
            numeric: true,
          },
          { header: 'Arrêtés acceptés (30 j)', cell: (row) => fr.count(row.accepted), csv: (row) => row.accepted, numeric: true },
          { header: 'Arrêtés refusés (30 j)', cell: (row) => fr.count(row.rejected), csv: (row) => row.rejected, numeric: true },
          {
            header: 'Données',
            cell: (row) => (row.view?.demo ? { text: 'démonstration', tone: 'secondary' } : 'délibération'),
            csv: (row) => (row.view?.demo ? 'démonstration' : 'délibération'),
          },
        ],
        rows,
        { empty: 'Aucune commune.', note: 'Les chiffres des communes autres que Boulogne-Billancourt sont des données de démonstration.' },
      ),
    };
    sendPage(
      response,
      'pages/today',
      {
        frame,
        tables,
        csv: { alertes: csvHref(frame, 'alertes'), communes: csvHref(frame, 'communes') },
        critical: gathered.alerts.filter((alert) => alert.severity === 'critical').length,
        warnings: gathered.alerts.filter((alert) => alert.severity === 'warning').length,
        unavailable: gathered.unavailable,
        knownAt,
      },
      query,
    );
  }
}
