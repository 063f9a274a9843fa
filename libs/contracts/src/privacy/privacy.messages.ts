import { TOWN_ROLES } from '../access/roles.js';
import { AlertsRequest, type AlertsView } from '../alert.js';
import { defineCommand, defineQuery } from '../edge/message.js';
import { commandSubject, querySubject } from '../subjects.js';
import type {
  AgentsDueView,
  AgentsView,
  AgentView,
  ErasureView,
  PagedDocument,
  PersonalDataCheckView,
  ProcessingLogView,
  ProcessingView,
  RegisterImportView,
  RegisterView,
} from './privacy-views.js';
import type { PersonInReply } from '../edge/personal-data-in-reply.js';
import {
  AgentsDueRequest,
  CheckPersonalDataRequest,
  DeclareProcessingRequest,
  ErasePersonalDataRequest,
  ImportRegisterRequest,
  ProcessingLogRequest,
  ProcessingRequest,
  RecordAgentDepartureRequest,
  RecordGdprTrainingRequest,
  RegisterAgentRequest,
  RegisterRequest,
  TrainingAgentsRequest,
  UpdateProcessingRequest,
  ValidateProcessingRequest,
  WithdrawProcessingRequest,
} from './privacy.requests.js';
import {
  DigitPersonalDataReadsRequest,
  PersonalDataReadsRequest,
  RecordPersonalDataReadRequest,
  RetentionDueRequest,
  SetRetentionRequest,
  SubjectAccessRequest,
  SubjectErasureRequest,
} from './personal-data-rights.requests.js';
import type {
  PersonalDataReadRecordedView,
  PersonalDataReadsView,
  RetentionDueView,
  SubjectAccessView,
  SubjectErasureView,
} from './personal-data-rights.views.js';

/** R-GDPR-5: DIGIT agents' names in a reply; DIGIT's own processing states why they are read. */
const agentsIn = (reply: { agents: readonly { agentId: string; fullName: string }[] }): PersonInReply[] =>
  (reply.agents ?? []).map((agent) => ({
    subjectId: agent.agentId,
    holder: agent as unknown as Record<string, unknown>,
    fields: ['fullName'],
  }));
const AGENTS_IN_REPLY = { insee: () => undefined, persons: agentsIn } as const;

const PAGE = { limit: 'integer', after: 'string' } as const;
/** A town's register is read by its own people (it holds no personal data; a DSI names its references). */
const REGISTER_READERS = { roles: ['ops'], town: { roles: TOWN_ROLES, field: 'insee' } } as const;
/** The town's DPD keeps its register; DIGIT ops may enter a draft for it, which clears nothing until the DPD validates. */
const REGISTER_WRITERS = { roles: ['ops'], town: { roles: ['town-dpo'], field: 'insee' } } as const;
/** Acts only the town's own DPD may do on its register (R-SEC-4): DIGIT checks against the register, so it never certifies it. */
const TOWN_DPO_ONLY = { roles: [], town: { roles: ['town-dpo'], field: 'insee' } } as const;
/** A person's rights (art. 15, 17) over the town's data: its DPD, or DIGIT ops at the DPD's request. */
const SUBJECT_RIGHTS = { roles: ['ops'], town: { roles: ['town-dpo'], field: 'insee' } } as const;
/** The GDPR processing log of a town: its DPD, DIGIT ops, auditors. */
const LOG_READERS = { roles: ['ops'], town: { roles: ['town-dpo'], field: 'insee' } } as const;

/** The privacy service's messages [R-GDPR-1..3, R-SEC-4]: subject, request, reply, policy, HTTP route. */
export const privacyMessages = {
  alerts: defineQuery<AlertsView>()({
    subject: querySubject('privacy', 'alerts'),
    request: AlertsRequest,
    summary:
      'Les alertes RGPD à une date : données retenues par une vérification refusée (30 derniers jours), traitements en brouillon, formations des agents échues ou à renouveler (R-SEC-6, R-GDPR-1..3)',
    policy: LOG_READERS,
    http: { method: 'GET', path: '/api/v1/privacy/alerts', query: { asOf: 'string', insee: 'string' } },
  }),
  register: defineQuery<RegisterView>()({
    subject: querySubject('privacy', 'register'),
    request: RegisterRequest,
    summary: 'Le registre des traitements du DPD d’une commune, par référence (paginé)',
    policy: REGISTER_READERS,
    http: { method: 'GET', path: '/api/v1/privacy/:insee/register', query: PAGE },
  }),
  processing: defineQuery<ProcessingView>()({
    subject: querySubject('privacy', 'processing'),
    request: ProcessingRequest,
    summary: 'Un traitement du registre d’une commune',
    policy: REGISTER_READERS,
    http: { method: 'GET', path: '/api/v1/privacy/:insee/register/:reference' },
  }),
  declareProcessing: defineCommand<ProcessingView>()({
    subject: commandSubject('privacy', 'declare-processing'),
    request: DeclareProcessingRequest,
    summary: 'Déclare un traitement au registre de la commune, en brouillon (DPD de la commune, ou l’exploitation DIGIT pour lui)',
    policy: REGISTER_WRITERS,
    http: { method: 'POST', path: '/api/v1/privacy/:insee/register', status: 201 },
  }),
  updateProcessing: defineCommand<ProcessingView>()({
    subject: commandSubject('privacy', 'update-processing'),
    request: UpdateProcessingRequest,
    summary: 'Modifie la fiche d’un traitement, qui repasse en brouillon (DPD de la commune, ou l’exploitation DIGIT pour lui)',
    policy: REGISTER_WRITERS,
    http: { method: 'PUT', path: '/api/v1/privacy/:insee/register/:reference' },
  }),
  validateProcessing: defineCommand<ProcessingView>()({
    subject: commandSubject('privacy', 'validate-processing'),
    request: ValidateProcessingRequest,
    summary: 'Valide un traitement du registre : privilège du DPD de la commune, pour sa commune seulement (R-SEC-4)',
    policy: TOWN_DPO_ONLY,
    http: { method: 'POST', path: '/api/v1/privacy/:insee/register/:reference/validation', status: 200 },
  }),
  withdrawProcessing: defineCommand<ProcessingView>()({
    subject: commandSubject('privacy', 'withdraw-processing'),
    request: WithdrawProcessingRequest,
    summary: 'Retire un traitement du registre (DPD de la commune seulement)',
    policy: TOWN_DPO_ONLY,
    http: { method: 'POST', path: '/api/v1/privacy/:insee/register/:reference/withdrawal', status: 200 },
  }),
  importRegister: defineCommand<RegisterImportView>()({
    subject: commandSubject('privacy', 'import-register'),
    request: ImportRegisterRequest,
    summary: 'Importe le registre CSV du DPD (tout ou rien) ; les lignes « Validé » valident : DPD de la commune seulement (R-SEC-4)',
    policy: TOWN_DPO_ONLY,
    http: {
      method: 'POST',
      path: '/api/v1/privacy/:insee/register/import',
      status: 200,
      body: { textField: 'csv', contentTypes: ['text/csv', 'text/plain', 'application/csv'], maxBytes: 512 * 1024 },
    },
  }),
  checkPersonalData: defineCommand<PersonalDataCheckView>()({
    subject: commandSubject('privacy', 'check-personal-data'),
    request: CheckPersonalDataRequest,
    summary:
      'Vérifie, avant tout traitement, que des données personnelles relèvent d’un traitement validé au registre du DPD, et le journalise (R-GDPR-2)',
    policy: { roles: ['ops', 'service'] },
    http: { method: 'POST', path: '/api/v1/privacy/:insee/checks', status: 201 },
  }),
  processingLog: defineQuery<ProcessingLogView>()({
    subject: querySubject('privacy', 'processing-log'),
    request: ProcessingLogRequest,
    summary: 'Le journal RGPD des vérifications d’une commune sur une période (paginé)',
    policy: LOG_READERS,
    http: { method: 'GET', path: '/api/v1/privacy/:insee/log', query: { from: 'string', to: 'string', ...PAGE } },
  }),
  processingLogCsv: defineQuery<PagedDocument>()({
    subject: querySubject('privacy', 'processing-log-csv'),
    request: ProcessingLogRequest,
    summary: 'Le journal RGPD d’une commune en CSV pour le DPD (1 000 vérifications par fichier, la suite dans l’en-tête Link)',
    policy: LOG_READERS,
    http: {
      method: 'GET',
      path: '/api/v1/privacy/:insee/log.csv',
      query: { from: 'string', to: 'string', ...PAGE },
      document: {
        contentType: 'text/csv; charset=utf-8',
        disposition: 'attachment',
        filename: (request: ProcessingLogRequest) => `journal-rgpd-${request.insee}-${request.from ?? 'debut'}_${request.to ?? 'fin'}.csv`,
      },
    },
  }),
  trainingAgents: defineQuery<AgentsView>()({
    subject: querySubject('privacy', 'training-agents'),
    request: TrainingAgentsRequest,
    summary: 'Les agents de la DIGIT et leur formation RGPD à une date (paginé)',
    policy: { roles: ['ops'] },
    http: { method: 'GET', path: '/api/v1/privacy/agents', query: { asOf: 'string', ...PAGE } },
    personalData: AGENTS_IN_REPLY,
  }),
  agentsDueForTraining: defineQuery<AgentsDueView>()({
    subject: querySubject('privacy', 'agents-due-for-training'),
    request: AgentsDueRequest,
    summary: 'Les agents dont la formation RGPD est échue ou le sera sous N jours, les plus urgents d’abord (paginé)',
    policy: { roles: ['ops'] },
    http: { method: 'GET', path: '/api/v1/privacy/agents/due', query: { asOf: 'string', withinDays: 'integer', ...PAGE } },
    personalData: AGENTS_IN_REPLY,
  }),
  registerAgent: defineCommand<AgentView>()({
    subject: commandSubject('privacy', 'register-agent'),
    request: RegisterAgentRequest,
    summary: 'Enregistre un agent de la DIGIT dont la formation RGPD est suivie',
    policy: { roles: ['ops'] },
    http: { method: 'POST', path: '/api/v1/privacy/agents', status: 201 },
  }),
  recordGdprTraining: defineCommand<AgentView>()({
    subject: commandSubject('privacy', 'record-gdpr-training'),
    request: RecordGdprTrainingRequest,
    summary: 'Enregistre une formation RGPD suivie par un agent (R-GDPR-3)',
    policy: { roles: ['ops'] },
    http: { method: 'POST', path: '/api/v1/privacy/agents/:agentId/trainings', status: 201 },
  }),
  recordAgentDeparture: defineCommand<AgentView>()({
    subject: commandSubject('privacy', 'record-agent-departure'),
    request: RecordAgentDepartureRequest,
    summary: 'Enregistre le départ d’un agent de la DIGIT',
    policy: { roles: ['ops'] },
    http: { method: 'POST', path: '/api/v1/privacy/agents/:agentId/departure', status: 200 },
  }),
  erasePersonalData: defineCommand<ErasureView>()({
    subject: commandSubject('privacy', 'erase-personal-data'),
    request: ErasePersonalDataRequest,
    summary:
      'Efface une personne (destruction de sa clé, art. 17 du RGPD) : privilège de l’exploitation DIGIT, sur demande du DPD concerné (R-SEC-4)',
    policy: { roles: ['ops'] },
    http: { method: 'POST', path: '/api/v1/privacy/erasures', status: 201 },
  }),
  recordPersonalDataRead: defineCommand<PersonalDataReadRecordedView>()({
    subject: commandSubject('privacy', 'record-personal-data-read'),
    request: RecordPersonalDataReadRequest,
    summary:
      'Enregistre une lecture de données personnelles en clair : qui, quand, par quelle route, pour quelle finalité du registre (R-GDPR-5)',
    policy: { roles: ['service'] },
  }),
  personalDataReads: defineQuery<PersonalDataReadsView>()({
    subject: querySubject('privacy', 'personal-data-reads'),
    request: PersonalDataReadsRequest,
    summary:
      'La trace des lectures en clair des données personnelles de la commune : qui, quand, quoi, pourquoi (DPD de la commune ; paginé) (R-GDPR-5)',
    policy: TOWN_DPO_ONLY,
    http: { method: 'GET', path: '/api/v1/privacy/:insee/reads', query: PAGE },
  }),
  digitPersonalDataReads: defineQuery<PersonalDataReadsView>()({
    subject: querySubject('privacy', 'digit-personal-data-reads'),
    request: DigitPersonalDataReadsRequest,
    summary: 'La trace des lectures en clair des dossiers des agents de la DIGIT (paginé) (R-GDPR-5)',
    policy: { roles: ['ops'] },
    http: { method: 'GET', path: '/api/v1/privacy/reads', query: PAGE },
  }),
  setRetention: defineCommand<ProcessingView>()({
    subject: commandSubject('privacy', 'set-retention'),
    request: SetRetentionRequest,
    summary:
      'Fixe la durée de conservation d’un traitement et les données qu’elle couvre ; à son terme, le système efface les personnes (DPD de la commune seulement ; art. 5.1.e du RGPD)',
    policy: TOWN_DPO_ONLY,
    http: { method: 'PUT', path: '/api/v1/privacy/:insee/register/:reference/retention' },
  }),
  retentionDue: defineQuery<RetentionDueView>()({
    subject: querySubject('privacy', 'retention-due'),
    request: RetentionDueRequest,
    summary:
      'Les personnes dont la durée de conservation échoit sous N jours (30 par défaut), par traitement (DPD de la commune, exploitation DIGIT)',
    policy: LOG_READERS,
    http: { method: 'GET', path: '/api/v1/privacy/:insee/retention/due', query: { asOf: 'string', withinDays: 'integer' } },
  }),
  subjectAccess: defineCommand<SubjectAccessView>()({
    subject: commandSubject('privacy', 'subject-access'),
    request: SubjectAccessRequest,
    summary:
      'Droit d’accès (art. 15 du RGPD) : toutes les données d’une personne trouvée par courriel, téléphone ou nom, dans tous les services — quoi, où, pourquoi, depuis quand ; la demande est enregistrée et la lecture tracée (DPD de la commune, ou l’exploitation DIGIT à sa demande)',
    policy: SUBJECT_RIGHTS,
    http: { method: 'POST', path: '/api/v1/privacy/:insee/subject-access', status: 200 },
    timeoutMs: 20_000,
  }),
  subjectAccessCsv: defineCommand<PagedDocument>()({
    subject: commandSubject('privacy', 'subject-access-csv'),
    request: SubjectAccessRequest,
    summary: 'Le même export en CSV lisible (quoi, où, pourquoi, depuis quand, donnée), pour répondre à la personne (art. 15 du RGPD)',
    policy: SUBJECT_RIGHTS,
    http: {
      method: 'POST',
      path: '/api/v1/privacy/:insee/subject-access.csv',
      status: 200,
      document: {
        contentType: 'text/csv; charset=utf-8',
        disposition: 'attachment',
        filename: (request: SubjectAccessRequest) => `droit-d-acces-${request.insee}.csv`,
      },
    },
    timeoutMs: 20_000,
  }),
  subjectErasure: defineCommand<SubjectErasureView>()({
    subject: commandSubject('privacy', 'subject-erasure'),
    request: SubjectErasureRequest,
    summary:
      'Droit à l’effacement (art. 17 du RGPD) : efface en un acte toutes les données d’une personne trouvée comme pour l’accès (destruction de ses clés), enregistré (DPD de la commune, ou l’exploitation DIGIT à sa demande ; R-SEC-4)',
    policy: SUBJECT_RIGHTS,
    http: { method: 'POST', path: '/api/v1/privacy/:insee/subject-erasures', status: 201 },
    timeoutMs: 20_000,
  }),
} as const;
