import { defineCommand, defineQuery } from '../edge/message.js';
import { commandSubject, querySubject } from '../subjects.js';
import { TOWN_ROLES } from '../access/roles.js';
import { AlertsRequest, ConventionRequest, DeliberationsScdlRequest, GiveTerminationNoticeRequest, TownsRequest } from './conventions.requests.js';
import type { Alert } from '../alert.js';
import type { ConventionAsOfView, TownStatusView } from './convention-view.js';

/** The conventions service's messages [R-CON]: subject, request, reply, policy, HTTP route. */
export const conventionsMessages = {
  towns: defineQuery<readonly TownStatusView[]>()({
    subject: querySubject('conventions', 'towns'),
    request: TownsRequest,
    summary: 'Les huit communes et le statut de leur convention aujourd’hui',
    policy: { roles: ['ops', 'finance', 'service'], town: { roles: TOWN_ROLES, field: 'insee' } },
    http: { method: 'GET', path: '/api/v1/towns' },
  }),
  /** Before `convention`: Express matches `/conventions/alerts` in order. */
  alerts: defineQuery<{ readonly asOf: string; readonly alerts: readonly Alert[] }>()({
    subject: querySubject('conventions', 'alerts'),
    request: AlertsRequest,
    summary: 'Les alertes des conventions à une date : fin de la dernière période, préavis, usage SIG au-delà de l’option (R-SEC-6)',
    policy: { roles: ['ops', 'finance', 'service'], town: { roles: TOWN_ROLES, field: 'insee' } },
    http: { method: 'GET', path: '/api/v1/conventions/alerts', query: { asOf: 'string' } },
  }),
  convention: defineQuery<ConventionAsOfView>()({
    subject: querySubject('conventions', 'convention'),
    request: ConventionRequest,
    summary: 'La convention d’une commune telle qu’en vigueur à une date',
    policy: { roles: ['ops', 'finance', 'service'], town: { roles: TOWN_ROLES, field: 'insee' } },
    http: { method: 'GET', path: '/api/v1/conventions/:insee', query: { asOf: 'string' } },
  }),
  giveTerminationNotice: defineCommand<{ readonly effectiveDate: string | null; readonly events: readonly string[] }>()({
    subject: commandSubject('conventions', 'give-termination-notice'),
    request: GiveTerminationNoticeRequest,
    summary: 'Enregistre un préavis de résiliation (LRAR, trois mois) : privilège de l’exploitation DIGIT (R-SEC-4)',
    policy: { roles: ['ops'] },
    http: { method: 'POST', path: '/api/v1/conventions/:insee/terminations' },
  }),
  deliberationsScdl: defineQuery<{ readonly content: string; readonly rows: number }>()({
    subject: querySubject('conventions', 'deliberations-scdl'),
    request: DeliberationsScdlRequest,
    summary: 'Les délibérations des communes au format SCDL (Open Data, public)',
    policy: { public: true },
    http: {
      method: 'GET',
      path: '/api/v1/open-data/deliberations.csv',
      query: { includeDemo: 'boolean' },
      document: { contentType: 'text/csv; charset=utf-8', disposition: 'attachment', filename: () => 'deliberations-scdl.csv' },
    },
  }),
} as const;
