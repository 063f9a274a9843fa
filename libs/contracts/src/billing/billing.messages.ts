import { TOWN_ROLES } from '../access/roles.js';
import { AlertsRequest, type AlertsView } from '../alert.js';
import type { Page } from '../edge/paging.js';
import { defineCommand, defineQuery } from '../edge/message.js';
import { commandSubject, querySubject } from '../subjects.js';
import {
  statementNumberOf,
  type BudgetView,
  type InvestmentsView,
  type RateReviewsView,
  type ReconciliationView,
  type RegisteredInvestment,
  type RejectionView,
  type StatementDocument,
  type StatementView,
  type TownChargesView,
  type TownShareView,
} from './billing-views.js';
import {
  BudgetRequest,
  DecideNewForecastRequest,
  DecideNewRateRequest,
  DecideRegularisationRequest,
  InvestmentsRequest,
  IssueStatementRequest,
  RateReviewsRequest,
  ReconcileYearRequest,
  ReconciliationRequest,
  RecordActualCostsRequest,
  RegisterInvestmentRequest,
  RejectionsRequest,
  SetBudgetRequest,
  StatementRequest,
  TownChargesRequest,
  TownShareRequest,
} from './billing.requests.js';

const PAGE = { limit: 'integer', after: 'string' } as const;
const YEAR = { year: 'integer' } as const;
const STATEMENT = { year: 'integer', half: 'integer' } as const;
/**
 * Every change of billing's figures is GPSO finance's act (R-SEC-4 "changing budgets"): the budgets
 * and actual costs, the mémoires it presents to the towns, the investment register whose depreciation
 * a town may owe, and the parties' decisions it records (new forecast, new rate, the committee's
 * regularisation). DIGIT ops run the system and read billing; they change no money figure.
 */
const FINANCE_ONLY = { roles: ['finance'] } as const;
/** EPT-wide figures (budgets, reconciliation, register, refusals): GPSO finance and DIGIT ops. */
const EPT_READERS = { roles: ['ops', 'finance'] } as const;
/** A town's own figures (its share, mémoires, charges, rate reviews): also its own people, for their town only. */
const TOWN_READERS = { roles: ['ops', 'finance'], town: { roles: TOWN_ROLES, field: 'insee' } } as const;

const statementDocument = (extension: 'html' | 'csv') => (request: StatementRequest) =>
  `${statementNumberOf(request.insee, request.year, request.half)}.${extension}`;

/**
 * The billing service's messages [R-BIL, R-SEC-4]: subject, request, reply, policy, HTTP route.
 * Order matters for Express: literal segments (`budgets/…`, `…/charges`, `….html`) before the
 * parameters that would match them (`{insee}/{year}`, `{half}`).
 */
export const billingMessages = {
  alerts: defineQuery<AlertsView>()({
    subject: querySubject('billing', 'alerts'),
    request: AlertsRequest,
    summary:
      'Les alertes de facturation à une date : mémoires des semestres échus non émis, régularisations en attente du comité, nouveaux taux et prévisionnels N+1 à décider (R-SEC-6, R-BIL-4, R-BIL-5)',
    policy: TOWN_READERS,
    http: { method: 'GET', path: '/api/v1/billing/alerts', query: { asOf: 'string', insee: 'string' } },
  }),
  setBudget: defineCommand<BudgetView>()({
    subject: commandSubject('billing', 'set-budget'),
    request: SetBudgetRequest,
    summary: 'Fixe ou modifie le budget prévisionnel de l’année (trois enveloppes, en centimes) : privilège des finances GPSO (R-SEC-4)',
    policy: FINANCE_ONLY,
    http: { method: 'PUT', path: '/api/v1/billing/budgets/:year', params: YEAR },
  }),
  budget: defineQuery<BudgetView>()({
    subject: querySubject('billing', 'budget'),
    request: BudgetRequest,
    summary: 'Le budget prévisionnel et les dépenses réalisées d’une année',
    policy: EPT_READERS,
    http: { method: 'GET', path: '/api/v1/billing/budgets/:year', params: YEAR },
  }),
  recordActualCosts: defineCommand<BudgetView>()({
    subject: commandSubject('billing', 'record-actual-costs'),
    request: RecordActualCostsRequest,
    summary: 'Enregistre les dépenses réalisées (compte administratif) de l’année : privilège des finances GPSO (R-SEC-4)',
    policy: FINANCE_ONLY,
    http: { method: 'PUT', path: '/api/v1/billing/actuals/:year', params: YEAR },
  }),
  investments: defineQuery<InvestmentsView>()({
    subject: querySubject('billing', 'investments'),
    request: InvestmentsRequest,
    summary: 'Le registre des investissements de l’EPT et leur règle d’amortissement (paginé)',
    policy: EPT_READERS,
    http: { method: 'GET', path: '/api/v1/billing/investments', query: PAGE },
  }),
  registerInvestment: defineCommand<RegisteredInvestment>()({
    subject: commandSubject('billing', 'register-investment'),
    request: RegisterInvestmentRequest,
    summary: 'Inscrit un investissement au registre (amortissement linéaire, R-BIL-7) : finances GPSO',
    policy: FINANCE_ONLY,
    http: { method: 'POST', path: '/api/v1/billing/investments', status: 201 },
  }),
  rejections: defineQuery<Page<RejectionView>>()({
    subject: querySubject('billing', 'rejections'),
    request: RejectionsRequest,
    summary: 'Les faits d’autres services refusés par les règles de facturation, à régler à la main (paginé, en-tête Link)',
    policy: EPT_READERS,
    http: { method: 'GET', path: '/api/v1/billing/rejections', query: PAGE, arrayPage: true },
  }),
  reconciliation: defineQuery<ReconciliationView>()({
    subject: querySubject('billing', 'reconciliation'),
    request: ReconciliationRequest,
    summary: 'La comparaison du compte administratif au prévisionnel (règle des 15 %) et les régularisations proposées',
    policy: EPT_READERS,
    http: { method: 'GET', path: '/api/v1/billing/reconciliations/:year', params: YEAR },
  }),
  reconcileYear: defineCommand<ReconciliationView>()({
    subject: commandSubject('billing', 'reconcile-year'),
    request: ReconcileYearRequest,
    summary:
      'Compare le compte administratif au prévisionnel ; au-delà de 15 %, propose à chaque ville sa régularisation (R-BIL-5) : finances GPSO',
    policy: FINANCE_ONLY,
    http: { method: 'POST', path: '/api/v1/billing/reconciliations/:year', params: YEAR },
  }),
  decideNewForecast: defineCommand<ReconciliationView>()({
    subject: commandSubject('billing', 'decide-new-forecast'),
    request: DecideNewForecastRequest,
    summary: 'Enregistre le nouveau prévisionnel N+1 arrêté par les parties (R-BIL-5) : finances GPSO',
    policy: FINANCE_ONLY,
    http: { method: 'POST', path: '/api/v1/billing/reconciliations/:year/decision', params: YEAR },
  }),
  decideRegularisation: defineCommand<ReconciliationView>()({
    subject: commandSubject('billing', 'decide-regularisation'),
    request: DecideRegularisationRequest,
    summary: 'Enregistre la décision du comité de suivi sur la régularisation proposée à une ville (R-BIL-5) : finances GPSO',
    policy: FINANCE_ONLY,
    http: { method: 'POST', path: '/api/v1/billing/reconciliations/:year/regularisations/:insee/decision', params: YEAR },
  }),
  townCharges: defineQuery<TownChargesView>()({
    subject: querySubject('billing', 'town-charges'),
    request: TownChargesRequest,
    summary: 'Les charges d’une ville au-delà de sa part annuelle, en attente ou reportées sur un mémoire (paginé)',
    policy: TOWN_READERS,
    http: { method: 'GET', path: '/api/v1/billing/:insee/charges', query: PAGE },
  }),
  rateReviews: defineQuery<RateReviewsView>()({
    subject: querySubject('billing', 'rate-reviews'),
    request: RateReviewsRequest,
    summary: 'Les actions « nouveau taux N+1 » ouvertes par un changement de la part d’une ville (R-BIL-5, paginé)',
    policy: TOWN_READERS,
    http: { method: 'GET', path: '/api/v1/billing/:insee/rate-reviews', query: PAGE },
  }),
  decideNewRate: defineCommand<RateReviewsView>()({
    subject: commandSubject('billing', 'decide-new-rate'),
    request: DecideNewRateRequest,
    summary: 'Enregistre le nouveau taux N+1 arrêté par les parties après un avenant (R-BIL-5) : finances GPSO',
    policy: FINANCE_ONLY,
    http: { method: 'POST', path: '/api/v1/billing/:insee/rate-reviews/:actionId/decision' },
  }),
  townShare: defineQuery<TownShareView>()({
    subject: querySubject('billing', 'town-share'),
    request: TownShareRequest,
    summary: 'La part annuelle d’une ville par enveloppe, son total et ses deux semestres (R-BIL-2..6)',
    policy: TOWN_READERS,
    http: { method: 'GET', path: '/api/v1/billing/:insee/:year', params: YEAR },
  }),
  issueStatement: defineCommand<StatementView>()({
    subject: commandSubject('billing', 'issue-statement'),
    request: IssueStatementRequest,
    summary: 'Émet le mémoire semestriel d’une ville, numéroté, chapitre 930 (R-BIL-4) : finances GPSO',
    policy: FINANCE_ONLY,
    http: { method: 'POST', path: '/api/v1/billing/:insee/:year/statements/:half', params: STATEMENT },
  }),
  statementHtml: defineQuery<StatementDocument>()({
    subject: querySubject('billing', 'statement-html'),
    request: StatementRequest,
    summary: 'Le mémoire imprimable (HTML, A4)',
    policy: TOWN_READERS,
    http: {
      method: 'GET',
      path: '/api/v1/billing/:insee/:year/statements/:half.html',
      params: STATEMENT,
      document: { contentType: 'text/html; charset=utf-8', disposition: 'inline', filename: statementDocument('html') },
    },
  }),
  statementCsv: defineQuery<StatementDocument>()({
    subject: querySubject('billing', 'statement-csv'),
    request: StatementRequest,
    summary: 'Le mémoire en CSV pour le service financier de la ville',
    policy: TOWN_READERS,
    http: {
      method: 'GET',
      path: '/api/v1/billing/:insee/:year/statements/:half.csv',
      params: STATEMENT,
      document: { contentType: 'text/csv; charset=utf-8', disposition: 'attachment', filename: statementDocument('csv') },
    },
  }),
  statement: defineQuery<StatementView>()({
    subject: querySubject('billing', 'statement'),
    request: StatementRequest,
    summary: 'Un mémoire émis, tel qu’émis',
    policy: TOWN_READERS,
    http: { method: 'GET', path: '/api/v1/billing/:insee/:year/statements/:half', params: STATEMENT },
  }),
} as const;
