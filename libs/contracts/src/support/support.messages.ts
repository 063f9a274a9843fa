import type { TownRole } from '../access/roles.js';
import { AlertsRequest, type AlertsView } from '../alert.js';
import { defineCommand, defineQuery } from '../edge/message.js';
import type { Page } from '../edge/paging.js';
import type { PagedDocument } from '../privacy/privacy-views.js';
import { commandSubject, querySubject } from '../subjects.js';
import {
  CompleteActionRequest,
  OpenDisputeRequest,
  ProposeDisputeSolutionRequest,
  RecordActionRequest,
  RecordCommitteeDecisionRequest,
  RecordCommitteeHeldRequest,
  RecordDisputeAnalysisRequest,
  RecordDisputeDecisionRequest,
  ReferDisputeToCourtRequest,
  ScheduleCommitteeRequest,
  SettleDisputeRequest,
} from './support-governance.requests.js';
import {
  AnnounceMaintenanceRequest,
  CompleteProjectStepRequest,
  OpenProjectRequest,
  RecordSessionHeldRequest,
  RegisterForSessionRequest,
  ScheduleSessionRequest,
  SupportCalendarRequest,
} from './support-planning.requests.js';
import {
  AssignTicketRequest,
  CloseTicketRequest,
  FlagPersonalDataRequest,
  ReceiveTicketRequest,
  ReplyToTicketRequest,
  SupportIdRequest,
  SupportListRequest,
  SupportReasonRequest,
  TicketsRequest,
} from './support.requests.js';
import type {
  CommitteeView,
  DisputeView,
  MaintenanceNoticeView,
  ProjectView,
  ReceivedTicketView,
  SessionView,
  TicketView,
} from './support-views.js';

const query = (name: string) => querySubject('support', name);
const command = (name: string) => commandSubject('support', name);

/** A town's people who follow its support: its référent (the convention's contact, R-CON-8) and its DSI. */
const TOWN_STAFF: readonly TownRole[] = ['town-referent', 'town-dsi'];
/** DIGIT ops, and the town's référent and DSI for their own town (the request's `insee`; a list is narrowed to it). */
const OPS_AND_OWN_TOWN = { roles: ['ops'], town: { roles: TOWN_STAFF, field: 'insee' } } as const;
/** The same, when the town is known only once the thing is loaded (a ticket's, a notice's recipients, a session's guests). */
const OPS_AND_TOWN_OF_IT = { roles: ['ops'], town: { roles: TOWN_STAFF, resolvedBy: 'handler' } } as const;
/** DIGIT handles requests, projects, notices, sessions, committees and disputes. */
const OPS = { roles: ['ops'] } as const;
/** Committees arbitrate what costs a town money (R-BIL-8): GPSO finance reads them too. */
const COMMITTEE_READERS = { roles: ['ops', 'finance'], town: { roles: TOWN_STAFF, field: 'insee' } } as const;
const COMMITTEE_READERS_OF_IT = { roles: ['ops', 'finance'], town: { roles: TOWN_STAFF, resolvedBy: 'handler' } } as const;

const LIST = { insee: 'string', limit: 'integer', after: 'string' } as const;
const calendar = (name: string) => ({
  contentType: 'text/calendar; charset=utf-8',
  disposition: 'attachment' as const,
  filename: (request: SupportCalendarRequest) => (request.insee ? `${name}-${request.insee}.ics` : `${name}.ics`),
});

/** The support service's messages [R-SUP-1..6, R-CON-10]: subject, request, reply, policy, HTTP route. */
export const supportMessages = {
  alerts: defineQuery<AlertsView>()({
    subject: query('alerts'),
    request: AlertsRequest,
    summary:
      'Les alertes du support à une date : délais de réponse et de résolution dépassés ou proches, demandes retenues par la vérification RGPD, interruptions non rétablies (R-SEC-6, R-SUP-3, R-SUP-4, R-GDPR-2)',
    policy: OPS_AND_OWN_TOWN,
    http: { method: 'GET', path: '/api/v1/support/alerts', query: { asOf: 'string', insee: 'string' } },
  }),
  // Requests and first-level assistance tickets [R-SUP-1, R-SUP-3, R-GDPR-2]
  receiveTicket: defineCommand<ReceivedTicketView>()({
    subject: command('receive-request'),
    request: ReceiveTicketRequest,
    summary:
      'Enregistre une demande (besoin, cible, contexte, échéance) ; ses délais ne comptent que les heures de service (R-SUP-1, R-SUP-3)',
    policy: OPS_AND_OWN_TOWN,
    http: { method: 'POST', path: '/api/v1/support/tickets', status: 201 },
  }),
  tickets: defineQuery<Page<TicketView>>()({
    subject: query('tickets'),
    request: TicketsRequest,
    summary: 'Les demandes, les plus récentes d’abord, par pages ; filtre par ville, statut et délai dépassé (R-SUP-3)',
    policy: OPS_AND_OWN_TOWN,
    http: {
      method: 'GET',
      path: '/api/v1/support/tickets',
      query: { insee: 'string', status: 'string', breached: 'boolean', limit: 'integer', after: 'string' },
      arrayPage: true,
    },
  }),
  ticket: defineQuery<TicketView>()({
    subject: query('ticket'),
    request: SupportIdRequest,
    summary: 'Une demande, ses réponses, ses attentes de la ville et ses délais (R-SUP-1, R-SUP-3)',
    policy: OPS_AND_TOWN_OF_IT,
    http: { method: 'GET', path: '/api/v1/support/tickets/:id' },
  }),
  assignTicket: defineCommand<TicketView>()({
    subject: command('assign-request'),
    request: AssignTicketRequest,
    summary: 'Attribue une demande à un agent de la DIGIT',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/tickets/:id/assignment', status: 200 },
  }),
  replyToTicket: defineCommand<TicketView>()({
    subject: command('reply-to-request'),
    request: ReplyToTicketRequest,
    summary: 'Répond à une demande ; la première réponse arrête le délai de première réponse (R-SUP-3)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/tickets/:id/replies', status: 201 },
  }),
  startTicketWaiting: defineCommand<TicketView>()({
    subject: command('start-waiting-on-town'),
    request: SupportReasonRequest,
    summary: 'Met une demande en attente de la ville : les délais s’arrêtent (R-SUP-3)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/tickets/:id/waiting-on-town', status: 200 },
  }),
  endTicketWaiting: defineCommand<TicketView>()({
    subject: command('end-waiting-on-town'),
    request: SupportIdRequest,
    summary: 'La ville a répondu : les délais de la demande reprennent (R-SUP-3)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/tickets/:id/waiting-on-town/end', status: 200 },
  }),
  closeTicket: defineCommand<TicketView>()({
    subject: command('close-request'),
    request: CloseTicketRequest,
    summary: 'Clôt une demande (résolue, retirée ou non traitable)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/tickets/:id/closure', status: 200 },
  }),
  flagPersonalData: defineCommand<TicketView>()({
    subject: command('flag-personal-data'),
    request: FlagPersonalDataRequest,
    summary: 'Signale des données nominatives dans une demande : elle attend la vérification au registre du DPD (R-GDPR-2)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/tickets/:id/personal-data', status: 200 },
  }),

  // Projects through the seven steps of annex 2 [R-SUP-2]
  openProject: defineCommand<ProjectView>()({
    subject: command('open-project'),
    request: OpenProjectRequest,
    summary: 'Ouvre un projet SIG ou Open Data à sa première étape, le contact (R-SUP-2)',
    policy: OPS_AND_OWN_TOWN,
    http: { method: 'POST', path: '/api/v1/support/projects', status: 201 },
  }),
  projects: defineQuery<Page<ProjectView>>()({
    subject: query('projects'),
    request: SupportListRequest,
    summary: 'Les projets, les plus récents d’abord, par pages (R-SUP-2)',
    policy: OPS_AND_OWN_TOWN,
    http: { method: 'GET', path: '/api/v1/support/projects', query: LIST, arrayPage: true },
  }),
  project: defineQuery<ProjectView>()({
    subject: query('project'),
    request: SupportIdRequest,
    summary: 'Un projet, ses étapes et le temps passé en attente de la ville (R-SUP-2)',
    policy: OPS_AND_TOWN_OF_IT,
    http: { method: 'GET', path: '/api/v1/support/projects/:id' },
  }),
  completeProjectStep: defineCommand<ProjectView>()({
    subject: command('complete-project-step'),
    request: CompleteProjectStepRequest,
    summary: 'Achève l’étape en cours d’un projet ; les étapes de l’annexe 2 se suivent dans l’ordre (R-SUP-2)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/projects/:id/steps', status: 200 },
  }),
  startProjectWaiting: defineCommand<ProjectView>()({
    subject: command('start-project-waiting-on-town'),
    request: SupportReasonRequest,
    summary: 'Met un projet en attente de la ville, temps compté à part (R-SUP-2)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/projects/:id/waiting-on-town', status: 200 },
  }),
  endProjectWaiting: defineCommand<ProjectView>()({
    subject: command('end-project-waiting-on-town'),
    request: SupportIdRequest,
    summary: 'La ville a répondu : le projet reprend (R-SUP-2)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/projects/:id/waiting-on-town/end', status: 200 },
  }),
  abandonProject: defineCommand<ProjectView>()({
    subject: command('abandon-project'),
    request: SupportReasonRequest,
    summary: 'Abandonne un projet (par exemple non engagé à l’étape 4) (R-SUP-2)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/projects/:id/abandonment', status: 200 },
  }),

  // Maintenance notices [R-SUP-4]
  announceMaintenance: defineCommand<MaintenanceNoticeView>()({
    subject: command('announce-maintenance'),
    request: AnnounceMaintenanceRequest,
    summary:
      'Annonce une interruption du module cartographique ou de l’accès aux bases à toutes les villes en convention, avant son début (R-SUP-4)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/maintenance', status: 201 },
  }),
  maintenanceNotices: defineQuery<Page<MaintenanceNoticeView>>()({
    subject: query('maintenance-notices'),
    request: SupportListRequest,
    summary: 'Les avis de maintenance, les plus récents d’abord, par pages ; une ville voit ceux qu’elle a reçus (R-SUP-4)',
    policy: OPS_AND_OWN_TOWN,
    http: { method: 'GET', path: '/api/v1/support/maintenance', query: LIST, arrayPage: true },
  }),
  maintenanceCalendar: defineQuery<PagedDocument>()({
    subject: query('maintenance-calendar'),
    request: SupportCalendarRequest,
    summary: 'Les avis de maintenance en iCalendar (.ics), pour l’agenda d’une ville ; la suite dans l’en-tête Link (R-SUP-4)',
    policy: OPS_AND_OWN_TOWN,
    http: { method: 'GET', path: '/api/v1/support/maintenance.ics', query: LIST, document: calendar('digit-maintenances') },
  }),
  maintenanceNotice: defineQuery<MaintenanceNoticeView>()({
    subject: query('maintenance-notice'),
    request: SupportIdRequest,
    summary: 'Un avis de maintenance et son déroulement (R-SUP-4)',
    policy: OPS_AND_TOWN_OF_IT,
    http: { method: 'GET', path: '/api/v1/support/maintenance/:id' },
  }),
  recordInterruptionStarted: defineCommand<MaintenanceNoticeView>()({
    subject: command('record-interruption-started'),
    request: SupportIdRequest,
    summary: 'L’interruption annoncée a commencé (R-SUP-4)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/maintenance/:id/interruption', status: 200 },
  }),
  recordServiceRestored: defineCommand<MaintenanceNoticeView>()({
    subject: command('record-service-restored'),
    request: SupportIdRequest,
    summary: 'Le service est rétabli ; la durée de l’interruption est enregistrée (R-SUP-4)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/maintenance/:id/restoration', status: 200 },
  }),
  cancelMaintenance: defineCommand<MaintenanceNoticeView>()({
    subject: command('cancel-maintenance'),
    request: SupportReasonRequest,
    summary: 'Annule une maintenance annoncée et non commencée (R-SUP-4)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/maintenance/:id/cancellation', status: 200 },
  }),

  // Workshops, training sessions and accompaniments [R-SUP-5]
  scheduleSession: defineCommand<SessionView>()({
    subject: command('schedule-session'),
    request: ScheduleSessionRequest,
    summary: 'Programme un atelier, une formation ou un accompagnement pour les villes invitées (R-SUP-5)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/sessions', status: 201 },
  }),
  sessions: defineQuery<Page<SessionView>>()({
    subject: query('sessions'),
    request: SupportListRequest,
    summary: 'Les sessions, les plus récentes d’abord, par pages ; une ville voit celles où elle est invitée (R-SUP-5)',
    policy: OPS_AND_OWN_TOWN,
    http: { method: 'GET', path: '/api/v1/support/sessions', query: LIST, arrayPage: true },
  }),
  sessionCalendar: defineQuery<PagedDocument>()({
    subject: query('session-calendar'),
    request: SupportCalendarRequest,
    summary: 'Les sessions en iCalendar (.ics), pour l’agenda d’une ville ; la suite dans l’en-tête Link (R-SUP-5)',
    policy: OPS_AND_OWN_TOWN,
    http: { method: 'GET', path: '/api/v1/support/sessions.ics', query: LIST, document: calendar('digit-ateliers-formations') },
  }),
  session: defineQuery<SessionView>()({
    subject: query('session'),
    request: SupportIdRequest,
    summary: 'Une session et les inscriptions des villes invitées (R-SUP-5)',
    policy: OPS_AND_TOWN_OF_IT,
    http: { method: 'GET', path: '/api/v1/support/sessions/:id' },
  }),
  registerForSession: defineCommand<SessionView>()({
    subject: command('register-for-session'),
    request: RegisterForSessionRequest,
    summary: 'Inscrit les participants d’une ville invitée ; une ville inscrit les siens seulement (R-SUP-5)',
    policy: OPS_AND_OWN_TOWN,
    http: { method: 'POST', path: '/api/v1/support/sessions/:id/registrations', status: 201 },
  }),
  recordSessionHeld: defineCommand<SessionView>()({
    subject: command('record-session-held'),
    request: RecordSessionHeldRequest,
    summary: 'La session a eu lieu ; le nombre de présents (R-SUP-5)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/sessions/:id/held', status: 200 },
  }),
  cancelSession: defineCommand<SessionView>()({
    subject: command('cancel-session'),
    request: SupportReasonRequest,
    summary: 'Annule une session programmée (R-SUP-5)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/sessions/:id/cancellation', status: 200 },
  }),

  // Follow-up and steering committees [R-SUP-6, R-BIL-8]
  scheduleCommittee: defineCommand<CommitteeView>()({
    subject: command('schedule-committee'),
    request: ScheduleCommitteeRequest,
    summary: 'Programme le comité de suivi d’une ville ou le comité de pilotage de toutes les villes (R-SUP-6)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/committees', status: 201 },
  }),
  committees: defineQuery<Page<CommitteeView>>()({
    subject: query('committees'),
    request: SupportListRequest,
    summary: 'Les comités, les plus récents d’abord, par pages ; une ville voit les siens et le comité de pilotage (R-SUP-6)',
    policy: COMMITTEE_READERS,
    http: { method: 'GET', path: '/api/v1/support/committees', query: LIST, arrayPage: true },
  }),
  committee: defineQuery<CommitteeView>()({
    subject: query('committee'),
    request: SupportIdRequest,
    summary: 'Un comité, son compte rendu, ses décisions et ses actions (R-SUP-6, R-BIL-8)',
    policy: COMMITTEE_READERS_OF_IT,
    http: { method: 'GET', path: '/api/v1/support/committees/:id' },
  }),
  recordCommitteeHeld: defineCommand<CommitteeView>()({
    subject: command('record-committee-held'),
    request: RecordCommitteeHeldRequest,
    summary: 'Le comité s’est tenu ; son compte rendu (R-SUP-6)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/committees/:id/meeting', status: 200 },
  }),
  recordCommitteeDecision: defineCommand<CommitteeView>()({
    subject: command('record-committee-decision'),
    request: RecordCommitteeDecisionRequest,
    summary: 'Enregistre une décision du comité ; un frais approuvé par le comité de suivi est facturé à la ville (R-BIL-8)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/committees/:id/decisions', status: 201 },
  }),
  recordCommitteeAction: defineCommand<CommitteeView>()({
    subject: command('record-committee-action'),
    request: RecordActionRequest,
    summary: 'Enregistre une action décidée par le comité, son responsable et son échéance (R-SUP-6)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/committees/:id/actions', status: 201 },
  }),
  completeCommitteeAction: defineCommand<CommitteeView>()({
    subject: command('complete-committee-action'),
    request: CompleteActionRequest,
    summary: 'Une action du comité est menée (R-SUP-6)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/committees/:id/actions/:actionId/completion', status: 200 },
  }),

  // Disputes over the convention, the follow-up committee's matter, then the court [R-CON-10]
  openDispute: defineCommand<DisputeView>()({
    subject: command('open-dispute'),
    request: OpenDisputeRequest,
    summary: 'Enregistre un différend porté par la ville ou l’EPT devant le comité de suivi (R-CON-10)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/disputes', status: 201 },
  }),
  disputes: defineQuery<Page<DisputeView>>()({
    subject: query('disputes'),
    request: SupportListRequest,
    summary: 'Les différends, les plus récents d’abord, par pages (R-CON-10)',
    policy: OPS_AND_OWN_TOWN,
    http: { method: 'GET', path: '/api/v1/support/disputes', query: LIST, arrayPage: true },
  }),
  dispute: defineQuery<DisputeView>()({
    subject: query('dispute'),
    request: SupportIdRequest,
    summary: 'Un différend et chacune de ses étapes (R-CON-10)',
    policy: OPS_AND_TOWN_OF_IT,
    http: { method: 'GET', path: '/api/v1/support/disputes/:id' },
  }),
  recordDisputeAnalysis: defineCommand<DisputeView>()({
    subject: command('record-dispute-analysis'),
    request: RecordDisputeAnalysisRequest,
    summary: 'Le comité de suivi analyse la difficulté (R-CON-10)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/disputes/:id/analysis', status: 200 },
  }),
  proposeDisputeSolution: defineCommand<DisputeView>()({
    subject: command('propose-dispute-solution'),
    request: ProposeDisputeSolutionRequest,
    summary: 'Le comité de suivi propose une solution (R-CON-10)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/disputes/:id/proposals', status: 201 },
  }),
  recordDisputeDecision: defineCommand<DisputeView>()({
    subject: command('record-dispute-decision'),
    request: RecordDisputeDecisionRequest,
    summary: 'Le comité de suivi décide parmi les solutions proposées (R-CON-10)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/disputes/:id/decision', status: 200 },
  }),
  recordDisputeAction: defineCommand<DisputeView>()({
    subject: command('record-dispute-action'),
    request: RecordActionRequest,
    summary: 'Enregistre une action décidée pour régler le différend (R-CON-10)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/disputes/:id/actions', status: 201 },
  }),
  completeDisputeAction: defineCommand<DisputeView>()({
    subject: command('complete-dispute-action'),
    request: CompleteActionRequest,
    summary: 'Une action décidée pour régler le différend est menée (R-CON-10)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/disputes/:id/actions/:actionId/completion', status: 200 },
  }),
  settleDispute: defineCommand<DisputeView>()({
    subject: command('settle-dispute'),
    request: SettleDisputeRequest,
    summary: 'Le différend est réglé à l’amiable, une fois décidé et ses actions menées (R-CON-10)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/disputes/:id/settlement', status: 200 },
  }),
  referDisputeToCourt: defineCommand<DisputeView>()({
    subject: command('refer-dispute-to-court'),
    request: ReferDisputeToCourtRequest,
    summary: 'Le différend est porté devant le tribunal administratif de Cergy-Pontoise, après la voie amiable (R-CON-10)',
    policy: OPS,
    http: { method: 'POST', path: '/api/v1/support/disputes/:id/court-referral', status: 200 },
  }),
} as const;
