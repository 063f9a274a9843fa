import {
  CONTACT_ROLES,
  townName,
  type Alert,
  type Insee,
  type ContactRole,
  type ConventionAsOfView,
  type ProcessingLogEntryView,
  type ProjectView,
  type RoadAsOf,
  type StatementView,
  type TicketView,
  type TownChargesView,
  type TownShareView,
} from '@digit/contracts';
import { formatMoneyForSpreadsheet } from '@digit/calendar';
import { dashboardTable, type Cell, type DashboardTable } from './dashboard-table.js';
import { fr } from './dashboard-views.js';

const SEVERITY = { critical: { text: 'critique', tone: 'danger' }, warning: { text: 'à surveiller', tone: 'warning' } } as const;

/** The alerts as the Aujourd'hui and Commune pages list them (R-SEC-6). */
export const alertsTable = (alerts: readonly Alert[]) =>
  dashboardTable(
    'alertes',
    'Alertes',
    [
      { header: 'Gravité', cell: (alert) => SEVERITY[alert.severity] },
      {
        header: 'Commune',
        cell: (alert) => (alert.insee ? { text: townName(alert.insee as Insee), href: `/communes/${alert.insee}` } : 'GPSO'),
      },
      { header: 'Date', cell: (alert) => fr.date(alert.date) },
      { header: 'Alerte', cell: (alert) => `${alert.message}${alert.demo ? ' (données de démonstration)' : ''}` },
      { header: 'Règle', cell: (alert) => ({ text: alert.rule, code: true }) },
    ],
    alerts,
    { empty: 'Aucune alerte à cette date.' },
  );

/** The tables the Commune page shares with the Support, Facturation and RGPD pages: one way to show each thing. */

const CONTACT_LABELS: Readonly<Record<ContactRole, string>> = {
  referent: 'Référent de la convention',
  gis: 'Données et outils SIG',
  open_data: 'Plateforme Open Data',
  dsi: 'DSI',
  smart_territory: 'Territoire intelligent',
};

export const contactsTable = (view: ConventionAsOfView): DashboardTable =>
  dashboardTable(
    'contacts',
    'Contacts de la commune',
    [
      { header: 'Rôle', cell: (row: { role: ContactRole; name: string; since: string }) => CONTACT_LABELS[row.role] },
      { header: 'Nom', cell: (row) => row.name },
      { header: 'Depuis le', cell: (row) => fr.date(row.since) },
    ],
    CONTACT_ROLES.flatMap((role) => view.contacts[role].map((holder) => ({ role, name: holder.name, since: holder.since }))),
    {
      empty: 'Aucun contact désigné à cette date.',
      note: 'R-CON-8. Les courriels et téléphones ne sont pas affichés ici : leur lecture en clair doit être journalisée (R-GDPR-5).',
    },
  );

const DIRECTIONS: Readonly<Record<string, string>> = {
  TWO_WAY: 'double sens',
  ONE_WAY_FORWARD: 'sens unique (numéros croissants)',
  ONE_WAY_BACKWARD: 'sens unique (numéros décroissants)',
  CLOSED: 'fermée',
};

export const roadsTable = (roads: readonly RoadAsOf[], asOf: string, more: boolean): DashboardTable =>
  dashboardTable(
    'registre',
    `Registre des voies au ${fr.date(asOf)}`,
    [
      { header: 'Voie', cell: (road) => ({ text: road.id, code: true }) },
      { header: 'Nom', cell: (road) => road.name },
      { header: 'Type', cell: (road) => road.roadType },
      { header: 'Créée le', cell: (road) => fr.date(road.createdOn) },
      {
        header: 'Anciens noms',
        cell: (road) =>
          road.names
            .slice(0, -1)
            .map((name) => name.name)
            .join(', ') || '—',
      },
      { header: 'Numéros', cell: (road) => fr.count(road.numbers.length), csv: (road) => road.numbers.length, numeric: true },
      {
        header: 'Circulation',
        cell: (road) => (road.direction ? (DIRECTIONS[road.direction.direction] ?? road.direction.direction) : '—'),
      },
    ],
    roads,
    {
      empty: 'Aucune voie au registre à cette date.',
      note: more
        ? 'Les 100 premières voies ; le registre complet s’exporte en BAL 1.4 par l’API (/api/v1/voirie/{insee}/bal.csv).'
        : undefined,
    },
  );

const ticketClock = (ticket: TicketView): Cell => {
  if (ticket.status === 'closed') return { text: 'close', tone: 'secondary' };
  const overdue = (due: string | null, done: string | null) => done === null && due !== null && Date.parse(due) < Date.now();
  if (
    ticket.breaches.length > 0 ||
    overdue(ticket.firstResponseDueAt, ticket.firstRepliedAt) ||
    overdue(ticket.resolutionDueAt, ticket.closure?.at ?? null)
  ) {
    return { text: 'délai dépassé', tone: 'danger' };
  }
  if (ticket.waitingOnTown) return { text: 'en attente de la commune', tone: 'info' };
  return { text: 'dans les délais', tone: 'success' };
};

export const ticketsTable = (tickets: readonly TicketView[], more: boolean): DashboardTable =>
  dashboardTable(
    'demandes',
    'Demandes d’assistance',
    [
      { header: 'Demande', cell: (ticket) => ({ text: ticket.id, code: true }) },
      { header: 'Commune', cell: (ticket) => ({ text: ticket.town, href: `/communes/${ticket.insee}` }) },
      { header: 'Reçue le', cell: (ticket) => fr.instant(ticket.receivedAt), csv: (ticket) => ticket.receivedAt },
      {
        header: 'Besoin',
        cell: (ticket) => (ticket.need.length > 120 ? `${ticket.need.slice(0, 119)}…` : ticket.need),
        csv: (ticket) => ticket.need,
      },
      { header: 'Horloge (heures de service)', cell: ticketClock },
      {
        header: 'Première réponse due',
        cell: (ticket) => fr.instant(ticket.firstResponseDueAt),
        csv: (ticket) => ticket.firstResponseDueAt ?? '',
      },
      { header: 'Répondu le', cell: (ticket) => fr.instant(ticket.firstRepliedAt), csv: (ticket) => ticket.firstRepliedAt ?? '' },
      { header: 'Résolution due', cell: (ticket) => fr.instant(ticket.resolutionDueAt), csv: (ticket) => ticket.resolutionDueAt ?? '' },
      { header: 'Assignée à', cell: (ticket) => ticket.assignee ?? '—' },
    ],
    tickets,
    {
      empty: 'Aucune demande pour ces critères.',
      note: `R-SUP-3 : délais comptés en heures de service (lundi–vendredi, 9 h–12 h et 14 h–17 h, hors jours fériés).${more ? ' D’autres demandes suivent : affinez les filtres.' : ''}`,
    },
  );

export const projectsTable = (projects: readonly ProjectView[]): DashboardTable =>
  dashboardTable(
    'projets',
    'Projets SIG et Open Data',
    [
      { header: 'Projet', cell: (project) => project.title },
      { header: 'Commune', cell: (project) => ({ text: project.town, href: `/communes/${project.insee}` }) },
      { header: 'Étape', cell: (project) => project.currentStep?.label ?? '—' },
      {
        header: 'État',
        cell: (project) => ({
          text: { 'in-progress': 'en cours', delivered: 'livré', abandoned: 'abandonné' }[project.status],
          tone: project.status === 'in-progress' ? 'info' : project.status === 'delivered' ? 'success' : 'secondary',
        }),
      },
      {
        header: 'Attente commune (min de service)',
        cell: (project) => fr.count(project.timeSplit.waitingOnTownServiceMinutes),
        csv: (project) => project.timeSplit.waitingOnTownServiceMinutes,
        numeric: true,
      },
      {
        header: 'Temps DIGIT (min de service)',
        cell: (project) => fr.count(project.timeSplit.digitServiceMinutes),
        csv: (project) => project.timeSplit.digitServiceMinutes,
        numeric: true,
      },
    ],
    projects,
    { empty: 'Aucun projet.', note: 'R-SUP-2 : le temps passé à attendre la commune est compté à part.' },
  );

export const shareTable = (id: string, shares: readonly TownShareView[], year: number): DashboardTable => {
  const pool = (share: TownShareView, name: string) =>
    share.lines.filter((line) => line.pool === name).reduce((sum, line) => sum + line.amountCents, 0);
  const half = (share: TownShareView, which: 1 | 2) => share.halves.find((part) => part.half === which)?.amountCents ?? 0;
  return dashboardTable(
    id,
    `Participation ${year} par commune`,
    [
      { header: 'Commune', cell: (share) => ({ text: share.townName, href: `/communes/${share.insee}` }) },
      {
        header: 'SIG',
        cell: (share) => fr.money(pool(share, 'sig')),
        csv: (share) => formatMoneyForSpreadsheet(pool(share, 'sig')),
        numeric: true,
      },
      {
        header: 'Personnel',
        cell: (share) => fr.money(pool(share, 'personnel')),
        csv: (share) => formatMoneyForSpreadsheet(pool(share, 'personnel')),
        numeric: true,
      },
      {
        header: 'Structure',
        cell: (share) => fr.money(pool(share, 'structure')),
        csv: (share) => formatMoneyForSpreadsheet(pool(share, 'structure')),
        numeric: true,
      },
      {
        header: 'Total',
        cell: (share) => fr.money(share.totalCents),
        csv: (share) => formatMoneyForSpreadsheet(share.totalCents),
        numeric: true,
      },
      {
        header: '1er semestre',
        cell: (share) => fr.money(half(share, 1)),
        csv: (share) => formatMoneyForSpreadsheet(half(share, 1)),
        numeric: true,
      },
      {
        header: '2nd semestre',
        cell: (share) => fr.money(half(share, 2)),
        csv: (share) => formatMoneyForSpreadsheet(half(share, 2)),
        numeric: true,
      },
      {
        header: 'Données',
        cell: (share) => (share.demoData ? { text: 'démonstration', tone: 'secondary' } : 'délibération'),
        csv: (share) => (share.demoData ? 'démonstration' : 'délibération'),
      },
    ],
    shares,
    {
      empty: 'Aucune participation calculée (budget de l’année non saisi ?).',
      note: 'R-BIL-1, R-BIL-2 : parts de chaque pool, arrondies une fois par ligne ; prorata temporis selon la convention (R-BIL-6).',
    },
  );
};

export interface StatementStatus {
  readonly insee: string;
  readonly town: string;
  readonly half: 1 | 2;
  readonly statement: StatementView | null;
}

export const statementsTable = (rows: readonly StatementStatus[], year: number): DashboardTable =>
  dashboardTable(
    'memoires',
    `Mémoires semestriels ${year}`,
    [
      { header: 'Commune', cell: (row) => ({ text: row.town, href: `/communes/${row.insee}` }) },
      { header: 'Semestre', cell: (row) => (row.half === 1 ? '1er' : '2nd'), csv: (row) => row.half },
      {
        header: 'Mémoire',
        cell: (row) => (row.statement ? { text: row.statement.number, code: true } : { text: 'non émis', tone: 'secondary' }),
      },
      { header: 'Émis le', cell: (row) => fr.date(row.statement?.issuedOn) },
      {
        header: 'Montant',
        cell: (row) => fr.money(row.statement?.totalCents),
        csv: (row) => (row.statement ? formatMoneyForSpreadsheet(row.statement.totalCents) : ''),
        numeric: true,
      },
      { header: 'Chapitre', cell: (row) => row.statement?.chapter ?? '—' },
    ],
    rows,
    { empty: 'Aucun mémoire.', note: 'R-BIL-4 : remboursement semestriel sur mémoire, crédits au chapitre 930.' },
  );

export const chargesTable = (charges: readonly TownChargesView[], towns: ReadonlyMap<string, string>): DashboardTable =>
  dashboardTable(
    'charges',
    'Charges et régularisations',
    [
      {
        header: 'Commune',
        cell: (row: { insee: string; label: string; amountCents: number; state: string }) => ({
          text: towns.get(row.insee) ?? row.insee,
          href: `/communes/${row.insee}`,
        }),
      },
      { header: 'Objet', cell: (row) => row.label },
      {
        header: 'Montant',
        cell: (row) => fr.money(row.amountCents),
        csv: (row) => formatMoneyForSpreadsheet(row.amountCents),
        numeric: true,
      },
      { header: 'État', cell: (row) => row.state },
    ],
    charges.flatMap((view) => [
      ...view.items.map((item) => ({
        insee: view.insee,
        label: item.label,
        amountCents: item.amountCents,
        state: item.carriedInto ? `porté au mémoire ${item.carriedInto}` : 'à porter',
      })),
      ...view.regularisations.map((regularisation) => ({
        insee: view.insee,
        label: regularisation.label,
        amountCents: regularisation.decidedCents ?? regularisation.proposedCents,
        state: regularisation.status === 'proposed' ? 'proposée (au comité de suivi)' : regularisation.status,
      })),
    ]),
    {
      empty: 'Aucune charge ni régularisation.',
      note: 'R-BIL-5, R-BIL-8 : une régularisation reste une proposition jusqu’à la décision du comité de suivi.',
    },
  );

export const processingLogTable = (
  entries: readonly (ProcessingLogEntryView & { readonly town: string })[],
  asOf: string,
): DashboardTable =>
  dashboardTable(
    'journal',
    `Journal des vérifications RGPD jusqu’au ${fr.date(asOf)}`,
    [
      { header: 'Vérifié le', cell: (entry) => fr.instant(entry.checkedAt), csv: (entry) => entry.checkedAt },
      { header: 'Commune', cell: (entry) => ({ text: entry.town, href: `/communes/${entry.insee}` }) },
      { header: 'Objet', cell: (entry) => `${entry.item.kind} ${entry.item.id}` },
      { header: 'Traitement déclaré', cell: (entry) => entry.declaredProcessing ?? '—' },
      {
        header: 'Issue',
        cell: (entry) => ({
          text: entry.outcome === 'allowed' ? 'autorisé' : 'refusé, données retenues',
          tone: entry.outcome === 'allowed' ? 'success' : 'danger',
        }),
      },
      { header: 'Résumé', cell: (entry) => entry.summary },
      { header: 'Par', cell: (entry) => entry.checkedBy },
    ],
    entries,
    {
      empty: 'Aucune vérification à cette date.',
      note: 'R-GDPR-2 : toute donnée nominative est vérifiée au registre du DPD de la commune avant traitement.',
    },
  );
