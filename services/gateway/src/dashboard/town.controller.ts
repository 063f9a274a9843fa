import { Controller, Get, Inject, Param, Query, Res, UseFilters } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { addYears, isOnOrBefore } from '@digit/calendar';
import {
  billingMessages,
  conventionsMessages,
  dataExchangeMessages,
  privacyMessages,
  supportMessages,
  townName,
  type Caller,
  type ConventionAsOfView,
} from '@digit/contracts';
import type { Bus } from '@digit/messaging';
import { CurrentCaller, RoutePolicy } from '../auth/route-policy.js';
import { healthReport } from '../health/health.controller.js';
import { BUS } from '../http/service-client.js';
import { CONVENTION_STATUS } from './convention-labels.js';
import { EVERYONE, pageFrame, townAllowed, type PageQuery } from './dashboard-page.js';
import { sectionPart, tablePart, tablesOf, type PagePart } from './dashboard-parts.js';
import { PageExceptionFilter, sendPage } from './dashboard-response.js';
import { DashboardServices } from './dashboard-services.js';
import { fr } from './dashboard-views.js';
import { alertsTable, chargesTable, contactsTable, processingLogTable, roadsTable, shareTable, ticketsTable } from './section-tables.js';
import { gatherAlerts } from './today/gather-alerts.js';
import { ordersTable } from './voirie/voirie-tables.js';
import { VoirieOrdersService } from './voirie/voirie-orders.service.js';

interface TimelineStep {
  readonly date: string;
  readonly label: string;
  readonly future: boolean;
}

/** The convention's life as it reads on `asOf`: deliberation, signatures, entry into force, renewals, notice, end (R-CON-1..5). */
export const conventionTimeline = (view: ConventionAsOfView): TimelineStep[] => {
  const steps: Omit<TimelineStep, 'future'>[] = [];
  if (view.deliberation) {
    const { votes, transmission } = view.deliberation;
    steps.push({
      date: view.deliberation.councilDate,
      label: `Délibération du conseil (pour ${votes.for}, contre ${votes.against}, abstentions ${votes.abstentions}) ; transmission @ctes ${transmission.number}`,
    });
  }
  if (view.signatures.town) steps.push({ date: view.signatures.town, label: 'Signature par la ville' });
  if (view.signatures.ept) steps.push({ date: view.signatures.ept, label: 'Signature par l’EPT' });
  const start = view.entryIntoForce ?? view.plannedEntryIntoForce;
  steps.push({ date: start, label: view.entryIntoForce ? 'Entrée en vigueur' : 'Entrée en vigueur prévue' });
  for (let renewal = 1; renewal <= view.tacitRenewals; renewal++)
    steps.push({ date: addYears(start, renewal), label: `Reconduction tacite n° ${renewal}` });
  if (view.termination) {
    steps.push({
      date: view.termination.decidedOn,
      label: view.termination.cause === 'notice' ? 'Préavis de résiliation (LRAR, trois mois)' : 'Résiliation d’un commun accord',
    });
    steps.push({
      date: view.termination.effectiveDate,
      label: view.termination.takesEffect
        ? 'Prise d’effet de la résiliation'
        : (view.termination.note ?? 'Le terme arrive avant la prise d’effet'),
    });
  }
  steps.push({ date: view.endsAtLatest, label: 'Fin au plus tard (dernière reconduction)' });
  return steps.sort((a, b) => a.date.localeCompare(b.date)).map((step) => ({ ...step, future: !isOnOrBefore(step.date, view.asOf) }));
};

/**
 * Commune (`/communes/:insee`): one town as it stood on `asOf`, each part read from its service as
 * the signed-in person (a part their role may not read says so): its alerts, its convention and
 * timeline, contacts, road orders with their outcome, its registry, requests, billing and GDPR log.
 * A town's people reach only their own town's page (R-SEC-2).
 */
@RoutePolicy(EVERYONE)
@UseFilters(PageExceptionFilter)
@Controller('communes')
export class TownController {
  constructor(
    private readonly services: DashboardServices,
    private readonly voirie: VoirieOrdersService,
    @Inject(BUS) private readonly bus: Bus,
  ) {}

  @Get(':insee')
  async town(
    @CurrentCaller() caller: Caller,
    @Param('insee') param: string,
    @Query() query: PageQuery,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const insee = townAllowed(EVERYONE, caller, param)!;
    const frame = pageFrame(caller, 'town', townName(insee), `/communes/${insee}`, query);
    const year = Number(frame.asOf.slice(0, 4));
    const health = await healthReport(this.bus);
    const [gathered, convention, orders, roads, tickets, share, charges, log, knownAt] = await Promise.all([
      gatherAlerts(await this.services.busFor(caller, this.bus), caller, frame.asOf, health, insee),
      this.services.read(conventionsMessages.convention, { insee, asOf: frame.asOf }, caller),
      this.voirie.orders.latest({ towns: [insee], upTo: frame.asOf }, 50),
      this.services.read(dataExchangeMessages.voirieRoads, { insee, asOf: frame.asOf, limit: 100 }, caller),
      this.services.read(supportMessages.tickets, { insee, limit: 50 }, caller),
      this.services.read(billingMessages.townShare, { insee, year }, caller),
      this.services.read(billingMessages.townCharges, { insee, limit: 100 }, caller),
      this.services.read(privacyMessages.processingLog, { insee, to: frame.asOf, limit: 50 }, caller),
      frame.knownAt ? this.services.replayAsKnownAt(frame.knownAt) : undefined,
    ]);
    const mayReadOrders = roads.ok || roads.reason !== 'forbidden';
    const parts: PagePart[] = [
      tablePart(frame, alertsTable(gathered.alerts)),
      sectionPart(frame, 'Contacts de la commune', convention, contactsTable),
      mayReadOrders
        ? tablePart(
            frame,
            ordersTable(
              'arretes',
              'Arrêtés de voirie reçus',
              orders,
              'Les 50 derniers reçus à cette date, avec leur issue et les motifs d’un refus (R-DX-2).',
            ),
          )
        : { kind: 'blocked', title: 'Arrêtés de voirie reçus', message: 'Votre rôle ne donne pas accès à cette rubrique.', tone: 'info' },
      sectionPart(frame, 'Registre des voies', roads, (view) => roadsTable(view.roads, frame.asOf, view.next !== null)),
      sectionPart(frame, 'Demandes d’assistance', tickets, (page) => ticketsTable(page.items, page.next !== null)),
      sectionPart(frame, `Participation ${year}`, share, (view) => shareTable('participation', [view], year)),
      sectionPart(frame, 'Charges et régularisations', charges, (view) => chargesTable([view], new Map([[insee, townName(insee)]]))),
      sectionPart(frame, 'Journal RGPD', log, (view) =>
        processingLogTable(
          view.entries.map((entry) => ({ ...entry, town: view.town })),
          frame.asOf,
        ),
      ),
    ];
    const view = convention.ok ? convention.value : null;
    sendPage(
      response,
      'pages/town',
      {
        frame,
        tables: tablesOf(parts),
        parts,
        convention: view && {
          status: CONVENTION_STATUS[view.status],
          facts: [
            [
              'Option SIG',
              `option ${view.sigOption} (${view.sigOptionUsers.min} à ${view.sigOptionUsers.max} utilisateurs, ${view.sigOptionEditLicences} licence(s) d’édition), ${fr.percent(view.sigRate)} du budget SIG`,
            ],
            ['Part des ressources', fr.percent(view.resourcesShare)],
            ['Part de structure', fr.percent(view.structureShare)],
            [
              'Période en cours',
              view.currentTermStart ? `du ${fr.date(view.currentTermStart)} au ${fr.date(view.currentTermEnd)}` : 'aucune',
            ],
            ['Reconductions faites', `${view.renewalsDone} sur ${view.tacitRenewals}`],
            ['Avenant en vigueur', view.amendmentNumber ? `n° ${view.amendmentNumber}` : 'aucun'],
            [
              'Open Data',
              view.openDataDomain ? `${view.openDataDomain.domain} (depuis le ${fr.date(view.openDataDomain.since)})` : 'non renseigné',
            ],
          ],
          timeline: conventionTimeline(view),
          demo: view.demo,
        },
        conventionProblem: convention.ok ? null : convention.message,
        unavailable: gathered.unavailable,
        knownAt,
      },
      query,
    );
  }
}
