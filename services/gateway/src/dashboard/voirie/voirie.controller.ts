import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addDays } from '@digit/calendar';
import { VOIRIE_ORDER_KINDS, TOWNS, type Caller, type Insee } from '@digit/contracts';
import { CurrentCaller, RoutePolicy } from '../../auth/route-policy.js';
import { filterOf, pageFrame, PAGES, townAllowed, townsOf, type PageQuery } from '../dashboard-page.js';
import { csvHref, PageExceptionFilter, queryString, sendPage } from '../dashboard-response.js';
import { fr, renderView } from '../dashboard-views.js';
import { chartOf, KIND_LABELS, ordersTable, STATUS_LABELS, totalsOf, totalsTable } from './voirie-tables.js';
import { VoirieOrdersService } from './voirie-orders.service.js';
import type { OrderStatus, VoirieOrderRow } from './voirie-orders.read-model.js';

const PERIODS = ['7', '30', '90', '365'] as const;
const STATUSES: readonly OrderStatus[] = ['accepted', 'rejected'];
const PAGE_ROWS = 100;
const CSV_ROWS = 10_000;
const HEARTBEAT_MS = 15_000;

interface VoirieFilters {
  readonly towns: readonly Insee[];
  readonly insee?: Insee;
  readonly kind?: (typeof VOIRIE_ORDER_KINDS)[number];
  readonly status?: OrderStatus;
}

const filtersOf = (caller: Caller, query: PageQuery): VoirieFilters => {
  const insee = townAllowed(PAGES.voirie.policy, caller, query.insee);
  return {
    towns: insee ? [insee] : townsOf(caller),
    insee,
    kind: filterOf(query, 'kind', VOIRIE_ORDER_KINDS),
    status: filterOf(query, 'status', STATUSES),
  };
};

const matches = (filters: VoirieFilters, order: VoirieOrderRow): boolean =>
  filters.towns.includes(order.insee) &&
  (!filters.kind || order.kind === filters.kind) &&
  (!filters.status || order.status === filters.status);

/** One SSE event: the row's HTML on as many `data:` lines as it has lines. */
const sseEvent = (name: string, html: string): string =>
  `event: ${name}\n${html
    .split('\n')
    .map((line) => `data: ${line}`)
    .join('\n')}\n\n`;

/**
 * Arrêtés de voirie: the orders the registry decided across the towns the person may see, filtered
 * by town, kind and outcome, a chart of the orders per day per town (accepted and refused), and
 * the live feed (server-sent events) that adds each new decision to the table without a reload.
 */
@RoutePolicy(PAGES.voirie.policy)
@UseFilters(PageExceptionFilter)
@Controller('voirie')
export class VoirieController {
  constructor(private readonly voirie: VoirieOrdersService) {}

  @Get()
  async page(@CurrentCaller() caller: Caller, @Query() query: PageQuery, @Res() response: ServerResponse): Promise<void> {
    const filters = filtersOf(caller, query);
    const period = filterOf(query, 'jours', PERIODS) ?? '30';
    const frame = pageFrame(caller, 'voirie', 'Arrêtés de voirie', '/voirie', query, {
      insee: filters.insee,
      kind: filters.kind,
      status: filters.status,
      jours: period,
    });
    const from = addDays(frame.asOf, 1 - Number(period));
    const days = Array.from({ length: Number(period) }, (_, index) => addDays(from, index));
    const [orders, counts] = await Promise.all([
      this.voirie.orders.latest(
        { towns: filters.towns, kind: filters.kind, status: filters.status, upTo: frame.asOf },
        query.csv ? CSV_ROWS : PAGE_ROWS,
      ),
      this.voirie.orders.perDay(filters.towns, from, frame.asOf),
    ]);
    const live = frame.asOf === frame.today;
    const tables = {
      arretes: ordersTable(
        'arretes',
        'Derniers arrêtés reçus',
        orders,
        `Les ${PAGE_ROWS} derniers reçus au plus tard le ${fr.date(frame.asOf)}${live ? ', puis chaque nouvel arrêté dès sa décision' : ''} ; l’export en donne jusqu’à ${fr.count(CSV_ROWS)}.`,
      ),
      totaux: totalsTable(`Arrêtés sur ${period} jours, par commune`, totalsOf(filters.towns, counts)),
    };
    sendPage(
      response,
      'pages/voirie',
      {
        frame,
        tables,
        csv: { arretes: csvHref(frame, 'arretes'), totaux: csvHref(frame, 'totaux') },
        live,
        feedUrl: `/voirie/flux?${queryString({ insee: filters.insee, kind: filters.kind, status: filters.status })}`,
        chart: chartOf(days, filters.towns, counts),
        period,
        periods: PERIODS,
        towns: TOWNS.filter((town) => townsOf(caller).includes(town.insee)),
        kinds: Object.entries(KIND_LABELS),
        statuses: Object.entries(STATUS_LABELS),
        filters,
      },
      query,
    );
  }

  /** The live feed (`text/event-stream`): each order decided from now on that the person may see and the filters keep. */
  @Get('flux')
  feed(@CurrentCaller() caller: Caller, @Query() query: PageQuery, @Req() request: IncomingMessage, @Res() response: ServerResponse): void {
    const filters = filtersOf(caller, query);
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.write('retry: 2000\n\n');
    const stop = this.voirie.listen((order) => {
      if (!matches(filters, order)) return;
      const row = ordersTable('flux', '', [order]).rows[0]!;
      response.write(sseEvent('order', renderView('partials/table-row', { row, fresh: true }).trim()));
    });
    const heartbeat = setInterval(() => response.write(': toujours là\n\n'), HEARTBEAT_MS);
    request.on('close', () => {
      clearInterval(heartbeat);
      stop();
    });
  }
}
