/**
 * Where an event type carries a person's data.
 * - `paths`: fields of one known person (dotted paths, `*` for every element), sealed whole with
 *   the key of the subject at `subjectIdPath`, which is the data subject id (the key it is sealed
 *   with, and what an erasure request names). Subject ids must be opaque identifiers, never built
 *   from a name or an e-mail: they stay in clear in envelopes and erasure events.
 * - `identifiers`: which of those fields name the person (recorded in the person index, so the
 *   same person found in a free text shares their key).
 * - `freeText`: what a town or a person typed; searched for persons (names, e-mails, phones,
 *   postal addresses), each one's spans sealed in place with their key (free-text.ts).
 */
export interface PersonalDataFieldsOfEvent {
  readonly subjectIdPath?: string;
  readonly paths?: readonly string[];
  readonly identifiers?: { readonly name?: string; readonly email?: string; readonly phone?: string };
  readonly freeText?: readonly string[];
}

export type PersonalDataCatalogue = Readonly<Record<string, PersonalDataFieldsOfEvent>>;

/**
 * The one declaration of personal data inside events, passed by the runtime to every
 * service's event store (R-GDPR-1, RGPD art. 17, issue 15). Every string field of every event
 * type is either here or in FREE_OF_PERSONAL_DATA (personal-data-catalogue.unit.spec.ts
 * enumerates them from the services' deciders and fails on a field in neither).
 */
export const PERSONAL_DATA_FIELDS: PersonalDataCatalogue = {
  // conventions (R-CON-8): the town contacts of a convention.
  ContactAssigned: {
    subjectIdPath: 'person.personId',
    paths: ['person.name', 'person.email', 'person.phone'],
    identifiers: { name: 'person.name', email: 'person.email', phone: 'person.phone' },
  },
  ConventionSigned: { freeText: ['signatoryCapacity'] },
  DeliberationRecorded: { freeText: ['subject'] },
  DataReturnCompleted: { freeText: ['note'] },
  // privacy (R-GDPR-3): DIGIT agents' GDPR training records; the register as the DPD writes it.
  AgentRegistered: { subjectIdPath: 'agentId', paths: ['fullName'], identifiers: { name: 'fullName' } },
  ProcessingDeclared: { freeText: ['fiche.jointController', 'fiche.recipients.*'] },
  ProcessingUpdated: { freeText: ['fiche.jointController', 'fiche.recipients.*'] },
  ProcessingWithdrawn: { freeText: ['reason'] },
  PersonalDataErased: { freeText: ['reason'] },
  // support: what towns and agents type.
  RequestReceived: { freeText: ['need', 'context', 'targetUsers'] },
  RequestReplied: { freeText: ['message'] },
  RequestClosed: { freeText: ['summary'] },
  RequestWaitingOnTownStarted: { freeText: ['reason'] },
  CommitteeHeld: { freeText: ['minutes'] },
  CommitteeActionRecorded: { freeText: ['description', 'owner'] },
  CommitteeDecisionRecorded: { freeText: ['subject', 'poolingOutcome'] },
  CommitteeChargeApproved: { freeText: ['subject', 'poolingOutcome'] },
  ComplexProjectChargeApproved: { freeText: ['description', 'project', 'poolingOutcome', 'label'] },
  DisputeOpened: { freeText: ['subject', 'description'] },
  DisputeAnalysed: { freeText: ['analysis'] },
  DisputeSolutionProposed: { freeText: ['proposal'] },
  DisputeDecided: { freeText: ['decision'] },
  DisputeSettled: { freeText: ['summary'] },
  DisputeReferredToCourt: { freeText: ['reason'] },
  DisputeActionRecorded: { freeText: ['description', 'owner'] },
  ProjectOpened: { freeText: ['title'] },
  ProjectWaitingOnTownStarted: { freeText: ['reason'] },
  ProjectAbandoned: { freeText: ['reason'] },
  MaintenanceAnnounced: { freeText: ['description'] },
  MaintenanceCancelled: { freeText: ['reason'] },
  SessionScheduled: { freeText: ['title'] },
  SessionCancelled: { freeText: ['reason'] },
  // billing: the committee's words carried into regularisations and rate decisions.
  RegularisationDecided: { freeText: ['note', 'charge.label'] },
  NewRateDecided: { freeText: ['decision'] },
  NewForecastDecided: { freeText: ['decision'] },
  // data-exchange: the towns' words about their datasets and metadata records.
  DatasetSentForIntegration: { freeText: ['title', 'mentions.copyright', 'mentions.source', 'usageRights.conditions'] },
  DatasetCorrected: { freeText: ['title', 'mentions.copyright', 'mentions.source', 'usageRights.conditions'] },
  DatasetAudited: { freeText: ['remarks.*'] },
  MetadataRecordSaved: {
    freeText: [
      'record.title',
      'record.abstract',
      'record.lineage',
      'record.conditionsOfUse.statement',
      'record.responsibleParty.email',
      'record.keywords.*',
    ],
  },
};

/**
 * String fields that hold no person's data, by field name whatever the event (the last segment
 * of the path, `*` elements aside), with a one-word reason: identifiers are opaque, `…By` and
 * assignees are account subjects (pseudonymous, resolved by the identity provider only).
 */
export const FREE_OF_PERSONAL_DATA_BY_NAME: Readonly<Record<string, string>> = Object.fromEntries(
  [
    [
      'identifier',
      'actionId agentId assetId chargeId checkId committeeId datasetId decisionId disputeId erasureId itemId itemIds noticeId orderId personId projectId proposalId requestId roadId sessionId subjectId identifier id',
    ],
    [
      'date',
      'at on from to start end date deadline closedOn completedOn decidedOn detectedAt dueAt dueOn effectiveAt effectiveDate effectiveFrom heldOn issuedOn lastDay leftOn joinedOn openedOn analysedOn proposedOn settledOn referredOn releasedOn signedOn startsOn termEnd termStart trainedOn measuredOn noticeDate councilDate townDeliberationDate eptDeliberationDate draftedOn doneOn agreedOn approvedOn announcedAt plannedStart plannedEnd plannedEntryIntoForce periodFrom periodTo reconciledOn recordedOn recordedAt registeredAt requestedAt receivedAt firstResponseDueAt resolutionDueAt checkedAt auditedAt clearedAt correctedAt declaredAt heldAt preparedAt publishedAt savedAt sentAt signedAt updatedAt validatedAt withdrawnAt removedAt creation publication revision committeeDate conventionStart terminationDate',
    ],
    [
      'account',
      'by assignee previousAssignee auditedBy checkedBy clearedBy correctedBy declaredBy heldBy preparedBy publishedBy recordedBy registeredBy removedBy requestedBy savedBy sentBy updatedBy validatedBy withdrawnBy',
    ],
    ['hash', 'contentHash digest sha256'],
    ['code', 'insee code zone chapter country format theme number statementNumber registerNumber categories licence siret'],
    [
      'reference',
      'reference registerReference processingReference declaredProcessing processing letterReference committeeReference source authorisedByDeliberationOf',
    ],
    ['figure', 'resourcesShare structureShare sigRate rate usageShare deviationPercent firstHalfStatement suffix'],
    ['url', 'url licenceUrl landingPage'],
  ].flatMap(([reason, names]) => names!.split(' ').map((name) => [name, reason!])),
);

/** The other string fields that hold no person's data, per event type and path, with a one-word reason. */
export const FREE_OF_PERSONAL_DATA: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ConventionDrafted: { name: 'convention' },
  RoadCreated: { name: 'place', 'order.mentions.copyright': 'publisher', 'order.mentions.source': 'publisher' },
  RoadRenamed: { name: 'place', previousName: 'place', 'order.mentions.copyright': 'publisher', 'order.mentions.source': 'publisher' },
  RoadNumbered: { roadName: 'place', 'order.mentions.copyright': 'publisher', 'order.mentions.source': 'publisher' },
  RoadRegistryBaselineImported: { validator: 'software', 'order.mentions.copyright': 'publisher', 'order.mentions.source': 'publisher' },
  TrafficDirectionSet: { 'order.mentions.copyright': 'publisher', 'order.mentions.source': 'publisher' },
  VoirieOrderRejected: {
    'reasons.*.message': 'generated',
    'reasons.*.path': 'path',
    'order.mentions.copyright': 'publisher',
    'order.mentions.source': 'publisher',
  },
  StatementIssued: { townName: 'town', 'lines.*.label': 'generated', 'lines.*.components.*.label': 'generated' },
  TerminationDepreciationRecorded: { label: 'generated', 'lines.*.asset': 'equipment' },
  ReconciliationAdjustmentRecorded: { label: 'generated' },
  RegularisationProposed: { label: 'generated' },
  InvestmentRegistered: { asset: 'equipment' },
  GdprTrainingRecorded: { course: 'course', provider: 'organisation' },
  DatasetHeldByPrivacy: { 'reasons.*': 'generated' },
  PersonalDataChecked: { summary: 'generated', 'reasons.*.message': 'generated', 'evidence.*.column': 'column', 'item.id': 'identifier' },
  OpenDataDomainRecorded: { domain: 'domain', 'evidence.source': 'url' },
  MetadataRecordSaved: {
    'record.responsibleParty.organisationName': 'organisation',
    'record.spatialCoverage.name': 'place',
    'record.distributions.*.format': 'code',
  },
  ProcessingDeclared: {
    'fiche.name': 'register',
    'fiche.dataSubjects.*': 'register',
    'fiche.otherDataCategories.*': 'register',
    'fiche.purposes.*': 'register',
    'fiche.retentionPeriods.*': 'register',
    'fiche.securityMeasures.*': 'register',
    'fiche.sensitiveDataException': 'register',
    'fiche.software': 'software',
    'fiche.transfersOutsideEu.*.safeguards': 'register',
  },
  ProcessingUpdated: {
    'fiche.name': 'register',
    'fiche.dataSubjects.*': 'register',
    'fiche.otherDataCategories.*': 'register',
    'fiche.purposes.*': 'register',
    'fiche.retentionPeriods.*': 'register',
    'fiche.securityMeasures.*': 'register',
    'fiche.sensitiveDataException': 'register',
    'fiche.software': 'software',
    'fiche.transfersOutsideEu.*.safeguards': 'register',
  },
  RequestReceived: { 'serviceLevel.calendar.windows.*.start': 'time', 'serviceLevel.calendar.windows.*.end': 'time' },
  // privacy (issue 15): reads traced, retention, subject access; persons named by subject id only.
  PersonalDataRead: {
    readId: 'identifier',
    readAt: 'date',
    reader: 'account',
    route: 'route',
    purpose: 'reference',
    purposeName: 'register',
    'subjectIds.*': 'identifier',
  },
  RetentionPeriodSet: { setAt: 'date', setBy: 'account' },
  RetentionApplied: { appliedOn: 'date', appliedAt: 'date' },
  SubjectAccessExported: { accessId: 'identifier', 'subjectIds.*': 'identifier' },
  SubjectErasureCompleted: { erasureRequestId: 'identifier', completedAt: 'date' },
};
