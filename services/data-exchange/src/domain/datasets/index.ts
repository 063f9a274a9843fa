/** Datasets half of the data-exchange domain: pure, no I/O (R-DX-4..8, R-OD-1, R-GDPR-2). */
export { PRIVACY_SERVICE } from './actor.js';
export type { DatasetActor } from './actor.js';
export { datasetDecider } from './dataset.decider.js';
export { GPSO_DOMAIN_TOWNS } from './dataset-open-data.js';
export type {
  AuditDataset,
  ClearDatasetPrivacy,
  CorrectDataset,
  DatasetCommand,
  HoldDatasetForPrivacy,
  PrepareDatasetForPublication,
  PublishDataset,
  SendDatasetForIntegration,
  ValidateDataset,
} from './dataset.commands.js';
export { datasetStreamId } from './dataset.events.js';
export type {
  DatasetAudited,
  DatasetCorrected,
  DatasetDeclaration,
  DatasetEvent,
  DatasetHeldByPrivacy,
  DatasetPreparedForPublication,
  DatasetPrivacyCleared,
  DatasetPublishedByTown,
  DatasetSentForIntegration,
  DatasetValidatedByTown,
  MandatoryMentions,
  PersonalDataDeclaration,
  PublicationTarget,
  UsageRights,
} from './dataset.events.js';
export { initialDatasetState } from './dataset.state.js';
export type { ActiveDataset, DatasetState, DatasetVersionRecord, PrivacyStatus, ReviewStatus } from './dataset.state.js';
export { checkDatasetDeclaration } from './dataset-declaration.js';
export {
  CATALOGUE_LICENCES,
  RESPONSIBLE_ROLES,
  SPATIAL_GRANULARITIES,
  UPDATE_FREQUENCIES,
  mentionsStatement,
  metadataRecordRuleProblems,
  validateMetadataRecord,
} from './metadata-record.js';
export type {
  CatalogueLicence,
  MetadataRecord,
  MetadataScope,
  ResponsibleRole,
  SpatialGranularity,
  UpdateFrequency,
} from './metadata-record.js';
export { SCDL_CATALOGUE_COLUMNS, exportDcatJsonLd, exportScdlCatalogueCsv, validateMetadataCatalogue } from './metadata-catalogue.js';
export type { JsonLdDocument, MetadataCatalogue, ScdlCatalogueRow } from './metadata-catalogue.js';
export { AGREEMENT_ALERT_DAYS, agreementAlerts } from './agreement-alerts.js';
export {
  ANNEX_4_AGREEMENTS,
  ANNEX_4_CONTRACTS,
  ANNEX_4_LICENCES,
  describeAgreementEnd,
  licencesEndingWithin,
  licencesWithUnknownEnd,
  withDemoEnd,
} from './third-party-licences.js';
export type {
  AgreementCategory,
  AgreementDate,
  AgreementEnd,
  EndingLicence,
  LimitsOfUse,
  ThirdPartyAgreement,
} from './third-party-licences.js';
export { metadataRecordDecider, metadataRecordStreamId } from './metadata-record.decider.js';
export type {
  MetadataRecordCommand,
  MetadataRecordEvent,
  MetadataRecordRemoved,
  MetadataRecordSaved,
  MetadataRecordState,
  RemoveMetadataRecord,
  SaveMetadataRecord,
} from './metadata-record.decider.js';
