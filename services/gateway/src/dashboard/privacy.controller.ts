import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { privacyMessages, type Caller, type ProcessingLogView, type RegisterView } from '@digit/contracts';
import { CurrentCaller, RoutePolicy } from '../auth/route-policy.js';
import { mayOpen, pageFrame, PAGES, townsOf, type PageQuery } from './dashboard-page.js';
import { sectionPart, tablesOf, type PagePart } from './dashboard-parts.js';
import { PageExceptionFilter, sendPage } from './dashboard-response.js';
import { allOf, DashboardServices } from './dashboard-services.js';
import { dashboardTable } from './dashboard-table.js';
import { fr } from './dashboard-views.js';
import { processingLogTable } from './section-tables.js';

const registerTable = (registers: readonly RegisterView[]) =>
  dashboardTable(
    'registres',
    'Registres des traitements des DPD',
    [
      { header: 'Commune', cell: (register: RegisterView) => ({ text: register.town, href: `/communes/${register.insee}` }) },
      {
        header: 'Fiches',
        cell: (register) => fr.count(register.processings.length),
        csv: (register) => register.processings.length,
        numeric: true,
      },
      {
        header: 'Validées',
        cell: (register) => fr.count(register.processings.filter((p) => p.status === 'validated').length),
        csv: (register) => register.processings.filter((p) => p.status === 'validated').length,
        numeric: true,
      },
      {
        header: 'En projet',
        cell: (register) => fr.count(register.processings.filter((p) => p.status === 'draft').length),
        csv: (register) => register.processings.filter((p) => p.status === 'draft').length,
        numeric: true,
      },
      {
        header: 'Retirées',
        cell: (register) => fr.count(register.processings.filter((p) => p.status === 'withdrawn').length),
        csv: (register) => register.processings.filter((p) => p.status === 'withdrawn').length,
        numeric: true,
      },
    ],
    registers,
    { empty: 'Aucun registre.', note: 'R-GDPR-1 : chaque commune tient son registre ; seul son DPD valide une fiche (R-SEC-4).' },
  );

/** The towns' logs as one list, the latest check first. */
const newestFirst = (logs: readonly ProcessingLogView[]) =>
  logs.flatMap((log) => log.entries.map((entry) => ({ ...entry, town: log.town }))).sort((a, b) => b.checkedAt.localeCompare(a.checkedAt));

/**
 * RGPD: each town's register of processing activities, and the GDPR processing log up to the date
 * shown (R-GDPR-2): every check of nominative data, its outcome, and the data held when refused.
 * The log is read by ops, auditors and the town's DPD; a town's other people see the register only.
 */
@RoutePolicy(PAGES.privacy.policy)
@UseFilters(PageExceptionFilter)
@Controller('rgpd')
export class PrivacyController {
  constructor(private readonly services: DashboardServices) {}

  @Get()
  async page(@CurrentCaller() caller: Caller, @Query() query: PageQuery, @Res() response: ServerResponse): Promise<void> {
    const frame = pageFrame(caller, 'privacy', 'RGPD', '/rgpd', query);
    const towns = townsOf(caller);
    const mayReadLog = mayOpen(privacyMessages.processingLog.policy, caller);
    const [registers, logs, knownAt] = await Promise.all([
      Promise.all(towns.map((insee) => this.services.read(privacyMessages.register, { insee, limit: 1000 }, caller))),
      mayReadLog
        ? Promise.all(towns.map((insee) => this.services.read(privacyMessages.processingLog, { insee, to: frame.asOf, limit: 50 }, caller)))
        : [],
      frame.knownAt ? this.services.replayAsKnownAt(frame.knownAt) : undefined,
    ]);
    const parts: PagePart[] = [
      sectionPart(frame, 'Registres des traitements', allOf(registers), registerTable),
      mayReadLog
        ? sectionPart(frame, 'Journal des vérifications', allOf(logs), (views) => processingLogTable(newestFirst(views), frame.asOf))
        : {
            kind: 'blocked',
            title: 'Journal des vérifications',
            message: 'Le journal RGPD est lu par le DPD de la commune, l’exploitation DIGIT et les auditeurs.',
            tone: 'info',
          },
    ];
    sendPage(
      response,
      'pages/sections',
      {
        frame,
        tables: tablesOf(parts),
        parts,
        subtitle: 'Registres des DPD et journal des vérifications de données nominatives.',
        knownAt,
      },
      query,
    );
  }
}
