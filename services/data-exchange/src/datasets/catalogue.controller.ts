import { Controller, Inject } from '@nestjs/common';
import { parisNow, parisToday } from '@digit/calendar';
import {
  alertsFor,
  dataExchangeMessages,
  DomainError,
  isDomainError,
  visibleTowns,
  type AlertsRequest,
  type LicencesRequest,
  type LicencesView,
  type ListMetadataRecordsRequest,
  type MetadataRecord,
  type RemoveMetadataRecordRequest,
  type SaveMetadataRecordRequest,
} from '@digit/contracts';
import { handleCommand } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
import { openSealedTexts } from '@digit/personal-data';
import type { ServiceInfra } from '@digit/runtime';
import {
  agreementAlerts,
  ANNEX_4_AGREEMENTS,
  describeAgreementEnd,
  exportDcatJsonLd,
  exportScdlCatalogueCsv,
  licencesEndingWithin,
  licencesWithUnknownEnd,
  metadataRecordDecider,
  metadataRecordStreamId,
  type MetadataRecordCommand,
} from '../domain/datasets/index.js';
import { INFRA, READ_MODELS, SERVICE_OPTIONS, type DataExchangeOptions, type ReadModels } from '../data-exchange.tokens.js';
import { loadMetadataRecord, loadMetadataRecords, loadMetadataRecordsPage } from '../read-model/datasets.read-model.js';
import { datasetActorOf } from './caller-actor.js';

/** The record as the request gives it, as a plain value: optional fields only when given. */
const recordOf = (request: SaveMetadataRecordRequest): MetadataRecord => {
  const { conditionsOfUse: conditions, dates, responsibleParty: party } = request;
  return {
    identifier: request.identifier,
    scope:
      request.scope.kind === 'town' && request.scope.insee !== undefined
        ? { kind: 'town', insee: request.scope.insee }
        : { kind: 'territory' },
    title: request.title,
    abstract: request.abstract,
    lineage: request.lineage,
    theme: request.theme,
    keywords: [...request.keywords],
    temporalExtent: { start: request.temporalExtent.start, end: request.temporalExtent.end },
    boundingBox: {
      west: request.boundingBox.west,
      east: request.boundingBox.east,
      south: request.boundingBox.south,
      north: request.boundingBox.north,
    },
    spatialCoverage: { granularity: request.spatialCoverage.granularity, name: request.spatialCoverage.name },
    conditionsOfUse: {
      licence: conditions.licence,
      statement: conditions.statement,
      ...(conditions.licenceUrl === undefined ? {} : { licenceUrl: conditions.licenceUrl }),
    },
    responsibleParty: { organisationName: party.organisationName, siret: party.siret, email: party.email, role: party.role },
    dates: {
      creation: dates.creation,
      ...(dates.publication === undefined ? {} : { publication: dates.publication }),
      ...(dates.revision === undefined ? {} : { revision: dates.revision }),
    },
    updateFrequency: request.updateFrequency,
    distributions: request.distributions.map(({ format, url }) => ({ format, url })),
    ...(request.landingPage === undefined ? {} : { landingPage: request.landingPage }),
  };
};

/**
 * The metadata catalogue (R-DX-6) and the third-party licences of annex 4 (R-DX-7). Lists are read
 * a page at a time and a save reads back its own record only (issue 18).
 */
@Controller()
export class CatalogueController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(SERVICE_OPTIONS) private readonly options: DataExchangeOptions,
  ) {}

  /** R-DX-3: a town's people read the territory's records and their own town's. */
  @Handles(dataExchangeMessages.catalogueRecords)
  async catalogueRecords(request: ListMetadataRecordsRequest, context: MessageContext) {
    const towns = visibleTowns(context.caller);
    if (towns?.length === 0) return new DomainError('forbidden', 'forbidden', 'Votre jeton ne porte pas de commune (claim insee).');
    await this.readModels.datasetsUpToDate();
    return loadMetadataRecordsPage(this.infra.db, this.readModels.schema, { limit: request.limit, after: request.after, town: towns?.[0] });
  }

  /** The catalogue's exports are documents of every record: one that would not fit in a message is refused, never sent. */
  @Handles(dataExchangeMessages.catalogueScdl)
  async catalogueScdl() {
    const csv = exportScdlCatalogueCsv({ ...this.options.catalogue, records: await this.allRecords() });
    return isDomainError(csv) ? csv : { content: csv };
  }

  @Handles(dataExchangeMessages.catalogueDcat)
  async catalogueDcat() {
    const document = exportDcatJsonLd({ ...this.options.catalogue, records: await this.allRecords() });
    return isDomainError(document) ? document : { content: JSON.stringify(document) };
  }

  @Handles(dataExchangeMessages.saveMetadataRecord)
  async saveMetadataRecord(request: SaveMetadataRecordRequest, context: MessageContext) {
    const actor = datasetActorOf(context.caller);
    if (isDomainError(actor)) return actor;
    const record = recordOf(request);
    await this.readModels.datasetsUpToDate();
    const stored = await loadMetadataRecord(this.infra.db, this.readModels.schema, request.identifier);
    // R-DX-3: a town's people describe their own town's data only, as the record says and as it said.
    const refused = this.otherTown(record, context) ?? (stored ? this.otherTown(stored, context) : undefined);
    if (refused) return refused;
    const saved = await this.execute(request.identifier, { type: 'SaveMetadataRecord', record, actor, at: parisNow() }, context);
    if (isDomainError(saved)) return saved;
    const current = await loadMetadataRecord(this.infra.db, this.readModels.schema, request.identifier);
    if (!current) throw new Error(`metadata record ${request.identifier} saved but missing from the read model`);
    return current;
  }

  @Handles(dataExchangeMessages.removeMetadataRecord)
  async removeMetadataRecord(request: RemoveMetadataRecordRequest, context: MessageContext) {
    const actor = datasetActorOf(context.caller);
    if (isDomainError(actor)) return actor;
    await this.readModels.datasetsUpToDate();
    const stored = await loadMetadataRecord(this.infra.db, this.readModels.schema, request.identifier);
    const refused = stored ? this.otherTown(stored, context) : undefined;
    if (refused) return refused;
    const removed = await this.execute(
      request.identifier,
      { type: 'RemoveMetadataRecord', identifier: request.identifier, actor, at: parisNow() },
      context,
    );
    return isDomainError(removed) ? removed : { identifier: request.identifier, removed: true as const };
  }

  /** Annex 4 agreements; with `endingWithinDays`, those ending by then and those whose end is unknown (R-DX-7, R-SEC-6). */
  @Handles(dataExchangeMessages.licences)
  async licences(request: LicencesRequest): Promise<LicencesView> {
    const today = request.today ?? parisToday();
    if (request.endingWithinDays === undefined) {
      return { today, agreements: ANNEX_4_AGREEMENTS.map((agreement) => ({ ...agreement, end: describeAgreementEnd(agreement) })) };
    }
    return {
      today,
      endingWithinDays: request.endingWithinDays,
      ending: licencesEndingWithin(ANNEX_4_AGREEMENTS, today, request.endingWithinDays),
      withUnknownEnd: licencesWithUnknownEnd(ANNEX_4_AGREEMENTS).map(({ id, title, counterparty }) => ({
        id,
        title,
        counterparty,
        end: 'date de fin non donnée par l’annexe 4 : à demander au cocontractant',
      })),
    };
  }

  private otherTown(record: MetadataRecord, context: MessageContext): DomainError | undefined {
    return record.scope.kind === 'town' ? context.refuseOtherTown(record.scope.insee) : undefined;
  }

  /** Opened (issue 15): the documents are built here from the records' words, which the read model keeps sealed. */
  private async allRecords(): Promise<MetadataRecord[]> {
    await this.readModels.datasetsUpToDate();
    return openSealedTexts(await loadMetadataRecords(this.infra.db, this.readModels.schema), this.infra.keyStore);
  }

  /** R-SEC-6: annex 4's contracts and licences ended, or ending within 90 days of `asOf` (today in Paris by default). */
  @Handles(dataExchangeMessages.licenceAlerts)
  async licenceAlerts(request: AlertsRequest) {
    const asOf = request.asOf ?? parisToday();
    // Annex 4's agreements are the EPT's: an answer for one town holds none of them.
    return { asOf, alerts: alertsFor(agreementAlerts(ANNEX_4_AGREEMENTS, asOf), request.insee) };
  }

  private async execute(identifier: string, command: MetadataRecordCommand, context: MessageContext): Promise<DomainError | undefined> {
    const outcome = await handleCommand(
      this.infra.store,
      metadataRecordDecider,
      metadataRecordStreamId(identifier),
      command,
      context.metadata,
    );
    if (!outcome.ok) return outcome.error;
    await this.readModels.datasetsUpToDate(outcome.events.at(-1)?.position);
    return undefined;
  }
}
