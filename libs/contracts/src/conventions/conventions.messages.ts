import { TOWN_ROLES } from '../access/roles.js';
import { defineCommand, defineQuery } from '../edge/message.js';
import { commandSubject, querySubject } from '../subjects.js';
import type { ConventionAsOfView, RecordedEventsView, TerminationNoticeView, TownStatusView } from './convention-view.js';
import type { PersonInReply } from '../edge/personal-data-in-reply.js';
import { HeldPersonalDataRequest } from '../privacy/personal-data-rights.requests.js';
import type { HeldPersonalDataListView } from '../privacy/personal-data-rights.views.js';
import type { Insee } from '../towns.js';
import { AlertsRequest, type AlertsView } from '../alert.js';
import {
  AmendConventionRequest,
  AssignContactRequest,
  ConventionRequest,
  DeliberationsScdlRequest,
  DraftConventionRequest,
  GiveTerminationNoticeRequest,
  MarkDataReturnedRequest,
  RecordDeliberationRequest,
  RecordEntryIntoForceRequest,
  RecordOpenDataDomainRequest,
  RecordSigUsageRequest,
  ReleaseContactRequest,
  RenewExpresslyRequest,
  SignConventionRequest,
  TerminateByMutualAgreementRequest,
  TownsRequest,
} from './conventions.requests.js';

/** Conventions are read by DIGIT, GPSO finance (billing follows their terms), auditors, DIGIT services and each town's people for their town. */
const READERS = { roles: ['ops', 'finance', 'service'], town: { roles: TOWN_ROLES, field: 'insee' } } as const;
/**
 * DIGIT ops keep the record of the convention's acts (deliberations, signatures, entry into force,
 * amendments, renewals, endings, the data return, the Open Data domain, the GIS usage DIGIT measures
 * on the tool it runs). Terminating a convention is one of R-SEC-4's privileged acts.
 */
const DIGIT_OPS = { roles: ['ops'] } as const;
/** R-CON-8: the town names its contacts; its référent notifies the changes, for its own town only (or DIGIT ops for it). */
const CONTACT_KEEPERS = { roles: ['ops'], town: { roles: ['town-referent'], field: 'insee' } } as const;

/** R-GDPR-5: the contacts' name, e-mail and phone in a convention's reply. */
const contactsIn = (reply: ConventionAsOfView): PersonInReply[] =>
  Object.values(reply.contacts ?? {}).flatMap((holders) =>
    holders.map((holder) => ({
      subjectId: holder.personId,
      holder: holder as unknown as Record<string, unknown>,
      fields: ['name', 'email', 'phone'],
    })),
  );

const command = (name: string) => commandSubject('conventions', name);
const path = (action: string) => `/api/v1/conventions/:insee/${action}`;

/** The conventions service's messages [R-CON, R-SEC-4]: subject, request, reply, policy, HTTP route. */
export const conventionsMessages = {
  towns: defineQuery<readonly TownStatusView[]>()({
    subject: querySubject('conventions', 'towns'),
    request: TownsRequest,
    summary: 'Les huit communes et le statut de leur convention aujourd’hui',
    policy: READERS,
    http: { method: 'GET', path: '/api/v1/towns' },
  }),
  /** Before `convention`: Express matches `/conventions/alerts` in order. */
  alerts: defineQuery<AlertsView>()({
    subject: querySubject('conventions', 'alerts'),
    request: AlertsRequest,
    summary:
      'Les alertes des conventions à une date : fin de la dernière période, préavis et résiliations, fin récente, restitution des données, usage SIG au-delà de l’option (R-SEC-6)',
    policy: READERS,
    http: { method: 'GET', path: '/api/v1/conventions/alerts', query: { asOf: 'string', insee: 'string' } },
  }),
  convention: defineQuery<ConventionAsOfView>()({
    subject: querySubject('conventions', 'convention'),
    request: ConventionRequest,
    summary: 'La convention d’une commune telle qu’en vigueur à une date',
    policy: READERS,
    http: { method: 'GET', path: '/api/v1/conventions/:insee', query: { asOf: 'string' } },
    personalData: { insee: (request: ConventionRequest) => request.insee as Insee, persons: contactsIn },
  }),
  heldPersonalData: defineQuery<HeldPersonalDataListView>()({
    subject: querySubject('conventions', 'held-personal-data'),
    request: HeldPersonalDataRequest,
    summary:
      'Les contacts dont la commune a confié les données : qui, depuis quand, jusqu’à quand (retention, droit d’accès ; privacy seulement)',
    policy: { roles: ['service'] },
  }),
  draftConvention: defineCommand<RecordedEventsView>()({
    subject: command('draft-convention'),
    request: DraftConventionRequest,
    summary: 'Enregistre le projet de convention d’une commune : durée, reconductions, option SIG et parts (R-CON-1, R-CON-2, R-CON-7)',
    policy: DIGIT_OPS,
    http: { method: 'POST', path: path('drafts') },
  }),
  recordDeliberation: defineCommand<RecordedEventsView>()({
    subject: command('record-deliberation'),
    request: RecordDeliberationRequest,
    summary: 'Enregistre une délibération d’approbation ou de renouvellement exprès, avec sa transmission @ctes (R-CON-1, R-CON-3)',
    policy: DIGIT_OPS,
    http: { method: 'POST', path: path('deliberations') },
  }),
  signConvention: defineCommand<RecordedEventsView>()({
    subject: command('sign-convention'),
    request: SignConventionRequest,
    summary: 'Enregistre la signature de la convention par la ville ou l’EPT (R-CON-1)',
    policy: DIGIT_OPS,
    http: { method: 'POST', path: path('signatures') },
  }),
  recordEntryIntoForce: defineCommand<RecordedEventsView>()({
    subject: command('record-entry-into-force'),
    request: RecordEntryIntoForceRequest,
    summary: 'Enregistre l’entrée en vigueur de la convention signée par les deux parties (R-CON-1)',
    policy: DIGIT_OPS,
    http: { method: 'POST', path: path('entry-into-force') },
  }),
  amendConvention: defineCommand<RecordedEventsView>()({
    subject: command('amend-convention'),
    request: AmendConventionRequest,
    summary: 'Enregistre un avenant qui change l’option SIG ou les parts à partir d’une date (R-CON-7)',
    policy: DIGIT_OPS,
    http: { method: 'POST', path: path('amendments') },
  }),
  assignContact: defineCommand<RecordedEventsView>()({
    subject: command('assign-contact'),
    request: AssignContactRequest,
    summary:
      'Désigne un contact de la ville pour un rôle à partir d’une date (référent de la ville pour sa commune, ou l’exploitation DIGIT) (R-CON-8)',
    policy: CONTACT_KEEPERS,
    http: { method: 'POST', path: path('contacts') },
  }),
  releaseContact: defineCommand<RecordedEventsView>()({
    subject: command('release-contact'),
    request: ReleaseContactRequest,
    summary:
      'Retire un contact de la ville de son rôle à partir d’une date (référent de la ville pour sa commune, ou l’exploitation DIGIT) (R-CON-8)',
    policy: CONTACT_KEEPERS,
    http: { method: 'POST', path: path('contact-releases') },
  }),
  giveTerminationNotice: defineCommand<TerminationNoticeView>()({
    subject: command('give-termination-notice'),
    request: GiveTerminationNoticeRequest,
    summary: 'Enregistre un préavis de résiliation (LRAR, trois mois) : privilège de l’exploitation DIGIT (R-SEC-4)',
    policy: DIGIT_OPS,
    http: { method: 'POST', path: path('terminations') },
  }),
  terminateByMutualAgreement: defineCommand<RecordedEventsView>()({
    subject: command('terminate-by-mutual-agreement'),
    request: TerminateByMutualAgreementRequest,
    summary: 'Enregistre une résiliation d’un commun accord : privilège de l’exploitation DIGIT (R-CON-4, R-SEC-4)',
    policy: DIGIT_OPS,
    http: { method: 'POST', path: path('mutual-terminations') },
  }),
  renewExpressly: defineCommand<RecordedEventsView>()({
    subject: command('renew-expressly'),
    request: RenewExpresslyRequest,
    summary: 'Enregistre le renouvellement exprès décidé par délibérations concordantes, pour une nouvelle durée (R-CON-3)',
    policy: DIGIT_OPS,
    http: { method: 'POST', path: path('express-renewals') },
  }),
  markDataReturned: defineCommand<RecordedEventsView>()({
    subject: command('mark-data-returned'),
    request: MarkDataReturnedRequest,
    summary: 'Enregistre la restitution à la ville de ses données après une résiliation par l’EPT (R-CON-5)',
    policy: DIGIT_OPS,
    http: { method: 'POST', path: path('data-returns') },
  }),
  recordOpenDataDomain: defineCommand<RecordedEventsView>()({
    subject: command('record-open-data-domain'),
    request: RecordOpenDataDomainRequest,
    summary:
      'Enregistre le domaine Open Data de la ville : son sous-domaine, ou le domaine GPSO pour une petite commune, preuve à l’appui (R-CON-9)',
    policy: DIGIT_OPS,
    http: { method: 'POST', path: path('open-data-domains') },
  }),
  recordSigUsage: defineCommand<RecordedEventsView>()({
    subject: command('record-sig-usage'),
    request: RecordSigUsageRequest,
    summary: 'Enregistre l’usage du SIG web mesuré par la DIGIT (utilisateurs, licences d’édition) pour le comparer à l’option (R-CON-7)',
    policy: DIGIT_OPS,
    http: { method: 'POST', path: path('sig-usage') },
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
