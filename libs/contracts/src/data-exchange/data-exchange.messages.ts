import { parisToday } from '@digit/calendar';
import { AlertsRequest, type AlertsView } from '../alert.js';
import { TOWN_ROLES, type TownRole } from '../access/roles.js';
import { defineCommand, defineQuery } from '../edge/message.js';
import type { Page } from '../edge/paging.js';
import { commandSubject, querySubject } from '../subjects.js';
import {
  AuditDatasetRequest,
  CatalogueExportRequest,
  CheckDatasetPrivacyRequest,
  CorrectDatasetRequest,
  DatasetRequest,
  DatasetStepRequest,
  LicencesRequest,
  ListDatasetsRequest,
  ListMetadataRecordsRequest,
  PublishDatasetRequest,
  SendDatasetRequest,
  ImportBaselineRequest,
  VoirieExportRequest,
  VoirieOrderRequest,
  VoirieRoadsRequest,
} from './data-exchange.requests.js';
import type { DatasetView, DatasetWithPrivacyCheck } from './dataset-view.js';
import type { LicencesView } from './licences-view.js';
import type { MetadataRecord, MetadataRecordRemoval } from './metadata-record-view.js';
import { RemoveMetadataRecordRequest, SaveMetadataRecordRequest } from './metadata-record.requests.js';
import type { BaselineImportView, DocumentReply, RoadsAsOfView, VoirieOrderView } from './voirie-view.js';

/** A town's BAL (60,000 lines are about 10 MB): larger than a NATS message, it travels through the uploads store. */
export const BASELINE_MAX_BYTES = 32 * 1024 * 1024;

const query = (name: string) => querySubject('data-exchange', name);
const command = (name: string) => commandSubject('data-exchange', name);

/** The town's people who send and follow its data: its DSI (by machine) and its référent (R-DX-3). */
const TOWN_SENDERS: readonly TownRole[] = ['town-dsi', 'town-referent'];

/** The registry is each town's: DIGIT ops and the town's DSI and référent read it (R-DX-3, R-SEC-2). */
const REGISTRY_READERS = { roles: ['ops'], town: { roles: TOWN_SENDERS, field: 'insee' } } as const;
/** A dataset's town is known once it is loaded: the handler checks it (R-DX-3). */
const DATASET_SENDERS = { roles: [], town: { roles: TOWN_SENDERS, resolvedBy: 'handler' } } as const;

/** The data-exchange service's messages [R-DX]: subject, request, reply, policy, HTTP route. */
export const dataExchangeMessages = {
  voirieRoads: defineQuery<RoadsAsOfView>()({
    subject: query('voirie-roads'),
    request: VoirieRoadsRequest,
    summary: 'Les voies et places d’une commune en vigueur à une date, par pages (R-DX-1)',
    policy: REGISTRY_READERS,
    http: { method: 'GET', path: '/api/v1/voirie/:insee/roads', query: { asOf: 'string', limit: 'integer', after: 'string' } },
  }),
  voirieBal: defineQuery<DocumentReply>()({
    subject: query('voirie-bal'),
    request: VoirieExportRequest,
    summary: 'Le registre d’une commune au format Base Adresse Locale 1.4 (CSV) à une date (R-DX-1)',
    policy: REGISTRY_READERS,
    http: {
      method: 'GET',
      path: '/api/v1/voirie/:insee/bal.csv',
      query: { asOf: 'string' },
      document: {
        contentType: 'text/csv; charset=utf-8',
        disposition: 'attachment',
        filename: (request: VoirieExportRequest) => `${request.insee}_bal_${request.asOf ?? parisToday()}.csv`,
      },
    },
  }),
  voirieTrafficDirections: defineQuery<DocumentReply>()({
    subject: query('voirie-traffic-directions'),
    request: VoirieExportRequest,
    summary: 'Les sens de circulation d’une commune en GeoJSON à une date (R-DX-1)',
    policy: REGISTRY_READERS,
    http: {
      method: 'GET',
      path: '/api/v1/voirie/:insee/traffic-directions.geojson',
      query: { asOf: 'string' },
      document: {
        contentType: 'application/geo+json; charset=utf-8',
        disposition: 'inline',
        filename: (request: VoirieExportRequest) => `${request.insee}_sens_de_circulation_${request.asOf ?? parisToday()}.geojson`,
      },
    },
  }),
  voirieOrder: defineQuery<VoirieOrderView>()({
    subject: query('voirie-order'),
    request: VoirieOrderRequest,
    summary: 'Ce que le registre a décidé d’un arrêté de voirie d’une commune (R-DX-2)',
    policy: REGISTRY_READERS,
    http: { method: 'GET', path: '/api/v1/voirie/:insee/orders/:orderId' },
  }),
  voirieBaseline: defineCommand<BaselineImportView>()({
    subject: command('import-voirie-baseline'),
    request: ImportBaselineRequest,
    summary:
      'Importe une fois la Base Adresse Locale (CSV BAL 1.4) d’une commune comme point de départ de son registre ; validée d’abord par le validateur officiel (R-DX-9)',
    // The town's data: its DSI sends it (R-DX-4); DIGIT ops may import it for the town at onboarding.
    policy: { roles: ['ops'], town: { roles: ['town-dsi'], field: 'insee' } },
    http: {
      method: 'POST',
      path: '/api/v1/voirie/:insee/baseline',
      body: { uploadField: 'upload', contentTypes: ['text/csv'], maxBytes: BASELINE_MAX_BYTES },
    },
    timeoutMs: 120_000,
  }),
  datasets: defineQuery<Page<DatasetView>>()({
    subject: query('datasets'),
    request: ListDatasetsRequest,
    summary: 'Les jeux de données envoyés par les villes, par pages ; une ville ne voit que les siens (R-DX-3)',
    policy: { roles: ['ops'], town: { roles: TOWN_ROLES, field: 'insee' } },
    http: { method: 'GET', path: '/api/v1/datasets', query: { insee: 'string', limit: 'integer', after: 'string' }, arrayPage: true },
  }),
  dataset: defineQuery<DatasetView>()({
    subject: query('dataset'),
    request: DatasetRequest,
    summary: 'Un jeu de données envoyé par une ville et où en est sa revue (R-DX-5)',
    policy: { roles: ['ops'], town: { roles: TOWN_ROLES, resolvedBy: 'handler' } },
    http: { method: 'GET', path: '/api/v1/datasets/:datasetId' },
  }),
  sendDataset: defineCommand<DatasetWithPrivacyCheck>()({
    subject: command('send-dataset'),
    request: SendDatasetRequest,
    summary: 'Une ville envoie un jeu de données pour intégration, avec ses mentions et droits d’usage (R-DX-4, R-GDPR-2)',
    policy: { roles: [], town: { roles: TOWN_SENDERS, field: 'insee' } },
    http: { method: 'POST', path: '/api/v1/datasets' },
  }),
  correctDataset: defineCommand<DatasetWithPrivacyCheck>()({
    subject: command('correct-dataset'),
    request: CorrectDatasetRequest,
    summary: 'La ville envoie une nouvelle version de son jeu de données (R-DX-5)',
    policy: DATASET_SENDERS,
    http: { method: 'POST', path: '/api/v1/datasets/:datasetId/corrections' },
  }),
  auditDataset: defineCommand<DatasetView>()({
    subject: command('audit-dataset'),
    request: AuditDatasetRequest,
    summary: 'La DIGIT audite une version et fait ses remarques (R-DX-5)',
    policy: { roles: ['ops'] },
    http: { method: 'POST', path: '/api/v1/datasets/:datasetId/audits' },
  }),
  validateDataset: defineCommand<DatasetView>()({
    subject: command('validate-dataset'),
    request: DatasetStepRequest,
    summary: 'La ville valide une version auditée : elle seule valide ses données (R-DX-5)',
    policy: DATASET_SENDERS,
    http: { method: 'POST', path: '/api/v1/datasets/:datasetId/validations' },
  }),
  prepareDatasetPublication: defineCommand<DatasetView>()({
    subject: command('prepare-dataset-publication'),
    request: DatasetStepRequest,
    summary: 'La DIGIT prépare une version validée pour l’Open Data, sans la publier (R-DX-8)',
    policy: { roles: ['ops'] },
    http: { method: 'POST', path: '/api/v1/datasets/:datasetId/publication-preparations' },
  }),
  publishDataset: defineCommand<DatasetView>()({
    subject: command('publish-dataset'),
    request: PublishDatasetRequest,
    summary: 'La ville publie une version validée en Open Data : elle seule publie (R-DX-8, R-CON-9)',
    policy: DATASET_SENDERS,
    http: { method: 'POST', path: '/api/v1/datasets/:datasetId/publications' },
  }),
  checkDatasetPrivacy: defineCommand<DatasetWithPrivacyCheck>()({
    subject: command('check-dataset-privacy'),
    request: CheckDatasetPrivacyRequest,
    summary: 'Redemande la vérification au registre du DPD d’une version en attente ou retenue (R-GDPR-2)',
    policy: { roles: ['ops'], town: { roles: TOWN_ROLES, resolvedBy: 'handler' } },
    http: { method: 'POST', path: '/api/v1/datasets/:datasetId/privacy-checks' },
  }),
  catalogueRecords: defineQuery<Page<MetadataRecord>>()({
    subject: query('catalogue-records'),
    request: ListMetadataRecordsRequest,
    summary: 'Les fiches du catalogue de métadonnées, par pages ; une ville voit celles du territoire et les siennes (R-DX-6)',
    policy: { roles: ['ops'], town: { roles: TOWN_ROLES, resolvedBy: 'handler' } },
    http: { method: 'GET', path: '/api/v1/catalogue/records', query: { limit: 'integer', after: 'string' }, arrayPage: true },
  }),
  saveMetadataRecord: defineCommand<MetadataRecord>()({
    subject: command('save-metadata-record'),
    request: SaveMetadataRecordRequest,
    summary: 'Enregistre une fiche de métadonnées (INSPIRE) ; une ville ne décrit que ses propres données (R-DX-6, R-DX-3)',
    policy: { roles: ['ops'], town: { roles: TOWN_SENDERS, resolvedBy: 'handler' } },
    http: { method: 'PUT', path: '/api/v1/catalogue/records/:identifier' },
  }),
  removeMetadataRecord: defineCommand<MetadataRecordRemoval>()({
    subject: command('remove-metadata-record'),
    request: RemoveMetadataRecordRequest,
    summary: 'Retire une fiche du catalogue (son historique reste) ; une ville ne retire que les siennes (R-DX-6, R-DX-3)',
    policy: { roles: ['ops'], town: { roles: TOWN_SENDERS, resolvedBy: 'handler' } },
    http: { method: 'DELETE', path: '/api/v1/catalogue/records/:identifier' },
  }),
  catalogueScdl: defineQuery<DocumentReply>()({
    subject: query('catalogue-scdl'),
    request: CatalogueExportRequest,
    summary: 'Les fiches publiées du catalogue au schéma SCDL catalogue (CSV) (R-DX-6)',
    policy: { roles: ['ops'] },
    http: {
      method: 'GET',
      path: '/api/v1/catalogue.csv',
      document: { contentType: 'text/csv; charset=utf-8', disposition: 'attachment', filename: () => `catalogue_gpso_${parisToday()}.csv` },
    },
  }),
  catalogueDcat: defineQuery<DocumentReply>()({
    subject: query('catalogue-dcat'),
    request: CatalogueExportRequest,
    summary: 'Le catalogue entier en DCAT-AP (JSON-LD) (R-DX-6)',
    policy: { roles: ['ops'] },
    http: {
      method: 'GET',
      path: '/api/v1/catalogue.jsonld',
      document: {
        contentType: 'application/ld+json; charset=utf-8',
        disposition: 'inline',
        filename: () => `catalogue_gpso_${parisToday()}.jsonld`,
      },
    },
  }),
  licences: defineQuery<LicencesView>()({
    subject: query('licences'),
    request: LicencesRequest,
    summary: 'Les conventions et licences de données tierces de l’annexe 4, et celles qui finissent bientôt (R-DX-7, R-SEC-6)',
    policy: { roles: ['ops', 'finance'] },
    http: { method: 'GET', path: '/api/v1/licences', query: { endingWithinDays: 'integer', today: 'string' } },
  }),
  licenceAlerts: defineQuery<AlertsView>()({
    subject: query('alerts'),
    request: AlertsRequest,
    summary: 'Les marchés et licences de l’annexe 4 terminés ou finissant sous 90 jours (R-SEC-6)',
    policy: { roles: ['ops', 'finance'] },
    http: { method: 'GET', path: '/api/v1/licences/alerts', query: { asOf: 'string', insee: 'string' } },
  }),
} as const;
