import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { isOnOrBefore, parisDateOf } from '@digit/calendar';
import { supportMessages, TOWNS, type Caller } from '@digit/contracts';
import { CurrentCaller, RoutePolicy } from '../auth/route-policy.js';
import { filterOf, pageFrame, PAGES, townAllowed, townsOf, type PageQuery } from './dashboard-page.js';
import { sectionPart, tablesOf } from './dashboard-parts.js';
import { PageExceptionFilter, sendPage } from './dashboard-response.js';
import { DashboardServices } from './dashboard-services.js';
import { projectsTable, ticketsTable } from './section-tables.js';

/**
 * Support: the requests with their service-hours clocks (R-SUP-3) and the projects with the time
 * spent waiting on the town (R-SUP-2), filtered by town, state and breach. The support service
 * narrows a town's people to their own town; the lists show today's state of each request.
 */
@RoutePolicy(PAGES.support.policy)
@UseFilters(PageExceptionFilter)
@Controller('support')
export class SupportController {
  constructor(private readonly services: DashboardServices) {}

  @Get()
  async page(@CurrentCaller() caller: Caller, @Query() query: PageQuery, @Res() response: ServerResponse): Promise<void> {
    const insee = townAllowed(PAGES.support.policy, caller, query.insee);
    const status = filterOf(query, 'status', ['open', 'closed'] as const);
    const breached = filterOf(query, 'breached', ['true'] as const);
    const frame = pageFrame(caller, 'support', 'Support', '/support', query, { insee, status, breached });
    const town = insee ? { insee } : {};
    const [tickets, projects, knownAt] = await Promise.all([
      this.services.read(
        supportMessages.tickets,
        { ...town, ...(status ? { status } : {}), ...(breached ? { breached: true } : {}), limit: 100 },
        caller,
      ),
      this.services.read(supportMessages.projects, { ...town, limit: 100 }, caller),
      frame.knownAt ? this.services.replayAsKnownAt(frame.knownAt) : undefined,
    ]);
    const parts = [
      sectionPart(frame, 'Demandes d’assistance', tickets, (page) =>
        ticketsTable(
          page.items.filter((ticket) => isOnOrBefore(parisDateOf(ticket.receivedAt), frame.asOf)),
          page.next !== null,
        ),
      ),
      sectionPart(frame, 'Projets SIG et Open Data', projects, (page) =>
        projectsTable(page.items.filter((project) => isOnOrBefore(parisDateOf(project.openedAt), frame.asOf))),
      ),
    ];
    sendPage(
      response,
      'pages/support',
      {
        frame,
        tables: tablesOf(parts),
        parts,
        subtitle:
          'Les demandes et projets reçus jusqu’à la date choisie, dans leur état d’aujourd’hui (le support ne sert pas de vue à une date passée).',
        towns: TOWNS.filter((candidate) => townsOf(caller).includes(candidate.insee)),
        filters: { insee, status, breached },
        knownAt,
      },
      query,
    );
  }
}
