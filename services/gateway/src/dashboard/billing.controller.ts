import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { formatMoneyForSpreadsheet } from '@digit/calendar';
import { billingMessages, townName, type BudgetView, type Caller } from '@digit/contracts';
import { CurrentCaller, RoutePolicy } from '../auth/route-policy.js';
import { mayOpen, pageFrame, PAGES, townsOf, type PageQuery } from './dashboard-page.js';
import { sectionPart, tablePart, tablesOf, type PagePart } from './dashboard-parts.js';
import { PageExceptionFilter, sendPage } from './dashboard-response.js';
import { allOf, DashboardServices } from './dashboard-services.js';
import { dashboardTable } from './dashboard-table.js';
import { fr } from './dashboard-views.js';
import { chargesTable, shareTable, statementsTable, type StatementStatus } from './section-tables.js';

const POOLS = [
  { label: 'Fonctionnement SIG', key: 'sigOperationalCents' },
  { label: 'Masse salariale', key: 'payrollCents' },
  { label: 'Base personnel (masse salariale + 4 %)', key: 'personnelBaseCents' },
  { label: 'Frais de structure', key: 'structureFlatCents' },
] as const;

const budgetTable = (budget: BudgetView) =>
  dashboardTable(
    'budget',
    `Budget ${budget.year} : prévisionnel et réalisé`,
    [
      { header: 'Pool', cell: (pool: (typeof POOLS)[number]) => pool.label },
      {
        header: 'Prévisionnel',
        cell: (pool) => fr.money(budget.forecast?.[pool.key]),
        csv: (pool) => (budget.forecast ? formatMoneyForSpreadsheet(budget.forecast[pool.key]) : ''),
        numeric: true,
      },
      {
        header: 'Réalisé',
        cell: (pool) => fr.money(budget.actual?.[pool.key]),
        csv: (pool) => (budget.actual ? formatMoneyForSpreadsheet(budget.actual[pool.key]) : ''),
        numeric: true,
      },
    ],
    budget.forecast || budget.actual ? POOLS : [],
    {
      empty: 'Aucun budget saisi pour cette année.',
      note: budget.actual
        ? `Compte administratif clos le ${fr.date(budget.actual.closedOn)}.`
        : 'R-BIL-1 : saisi par les finances de GPSO.',
    },
  );

/**
 * Facturation: the year of the date shown (R-BIL): the EPT's budget (for DIGIT, finance and
 * auditors), each town's share by pool and semester, the semi-annual mémoires issued, and the
 * charges and regularisations to carry. A town's people see their own town's lines only.
 */
@RoutePolicy(PAGES.billing.policy)
@UseFilters(PageExceptionFilter)
@Controller('facturation')
export class BillingController {
  constructor(private readonly services: DashboardServices) {}

  @Get()
  async page(@CurrentCaller() caller: Caller, @Query() query: PageQuery, @Res() response: ServerResponse): Promise<void> {
    const frame = pageFrame(caller, 'billing', 'Facturation', '/facturation', query);
    const year = Number(frame.asOf.slice(0, 4));
    const towns = townsOf(caller);
    const [budget, shares, statements, charges, knownAt] = await Promise.all([
      mayOpen(billingMessages.budget.policy, caller) ? this.services.read(billingMessages.budget, { year }, caller) : undefined,
      Promise.all(towns.map((insee) => this.services.read(billingMessages.townShare, { insee, year }, caller))),
      Promise.all(
        towns.flatMap((insee) =>
          ([1, 2] as const).map(async (half) => ({
            insee,
            half,
            section: await this.services.read(billingMessages.statement, { insee, year, half }, caller),
          })),
        ),
      ),
      Promise.all(towns.map((insee) => this.services.read(billingMessages.townCharges, { insee, limit: 100 }, caller))),
      frame.knownAt ? this.services.replayAsKnownAt(frame.knownAt) : undefined,
    ]);
    const statementRows: StatementStatus[] = statements.map(({ insee, half, section }) => ({
      insee,
      town: townName(insee),
      half,
      statement: section.ok ? section.value : null,
    }));
    const parts: PagePart[] = [
      ...(budget ? [sectionPart(frame, `Budget ${year}`, budget, budgetTable)] : []),
      sectionPart(frame, `Participation ${year}`, allOf(shares), (values) => shareTable('participation', values, year)),
      tablePart(frame, statementsTable(statementRows, year)),
      sectionPart(frame, 'Charges et régularisations', allOf(charges), (values) =>
        chargesTable(values, new Map(towns.map((insee) => [insee, townName(insee)]))),
      ),
    ];
    sendPage(
      response,
      'pages/sections',
      { frame, tables: tablesOf(parts), parts, subtitle: `Exercice ${year} (l’année de la date choisie).`, knownAt },
      query,
    );
  }
}
