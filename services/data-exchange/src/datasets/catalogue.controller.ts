import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { commandSubject, isCalendarDate, isDomainError, querySubject } from '@digit/contracts';
import { handleCommand } from '@digit/event-store';
import { QueryFailure } from '@digit/messaging';
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
  type MetadataRecord,
  type MetadataRecordCommand,
} from '../domain/datasets/index.js';
import { INFRA, READ_MODELS, SERVICE_OPTIONS, type DataExchangeOptions, type ReadModels } from '../data-exchange.tokens.js';
import { loadMetadataRecords } from '../read-model/datasets.read-model.js';
import { externalActor, invalidRequest, parisNow, parisToday, refusal } from '../service-failures.js';

const RECORD_FIELDS: ReadonlySet<string> = new Set([
  'identifier', 'scope', 'title', 'abstract', 'lineage', 'theme', 'keywords', 'temporalExtent', 'boundingBox',
  'spatialCoverage', 'conditionsOfUse', 'responsibleParty', 'dates', 'updateFrequency', 'distributions', 'landingPage',
]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The record as sent, its identifier from the path; unknown fields are refused, not dropped. */
const recordOf = (identifier: string, body: unknown): MetadataRecord => {
  if (!isObject(body)) throw invalidRequest('La fiche de métadonnées doit être un objet JSON.', [{ path: '', message: 'objet JSON attendu' }]);
  const unknown = Object.keys(body).filter((key) => !RECORD_FIELDS.has(key));
  if (unknown.length > 0) {
    throw invalidRequest('La fiche contient des champs inconnus ; retirez-les ou corrigez leur nom.', unknown.map((path) => ({ path, message: 'champ inconnu' })));
  }
  if (body.identifier !== undefined && body.identifier !== identifier) {
    throw invalidRequest('L’identifiant de la fiche doit être celui de l’adresse.', [{ path: 'identifier', message: `attendu « ${identifier} »` }]);
  }
  return { ...body, identifier } as unknown as MetadataRecord;
};

/** The metadata catalogue (R-DX-6) and the third-party licences of annex 4 (R-DX-7). */
@Controller()
export class CatalogueController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(SERVICE_OPTIONS) private readonly options: DataExchangeOptions,
  ) {}

  private async loadRecords(): Promise<MetadataRecord[]> {
    await this.readModels.datasetsUpToDate();
    return loadMetadataRecords(this.infra.db, this.readModels.schema);
  }

  @MessagePattern(querySubject('data-exchange', 'catalogue-records'))
  records() {
    return this.loadRecords();
  }

  @MessagePattern(querySubject('data-exchange', 'catalogue-scdl'))
  async scdl() {
    const csv = exportScdlCatalogueCsv({ ...this.options.catalogue, records: await this.loadRecords() });
    if (isDomainError(csv)) throw refusal(csv);
    return { csv };
  }

  @MessagePattern(querySubject('data-exchange', 'catalogue-dcat'))
  async dcat() {
    const document = exportDcatJsonLd({ ...this.options.catalogue, records: await this.loadRecords() });
    if (isDomainError(document)) throw refusal(document);
    return document;
  }

  @MessagePattern(commandSubject('data-exchange', 'save-metadata-record'))
  async save(payload: { actor?: unknown; identifier?: unknown; record?: unknown }) {
    const actor = externalActor(payload?.actor);
    const identifier = String(payload.identifier ?? '');
    return this.execute(identifier, { type: 'SaveMetadataRecord', record: recordOf(identifier, payload.record), actor, at: parisNow() });
  }

  @MessagePattern(commandSubject('data-exchange', 'remove-metadata-record'))
  async remove(payload: { actor?: unknown; identifier?: unknown }) {
    const actor = externalActor(payload?.actor);
    const identifier = String(payload.identifier ?? '');
    return this.execute(identifier, { type: 'RemoveMetadataRecord', identifier, actor, at: parisNow() });
  }

  /** Annex 4 agreements; with `endingWithinDays`, those ending by then and those whose end is unknown. */
  @MessagePattern(querySubject('data-exchange', 'licences'))
  licences(payload: { today?: unknown; endingWithinDays?: unknown }) {
    const today = isCalendarDate(payload?.today) ? payload.today : parisToday();
    const agreements = ANNEX_4_AGREEMENTS.map((agreement) => ({ ...agreement, end: describeAgreementEnd(agreement) }));
    if (payload?.endingWithinDays === undefined) return { today, agreements };
    const days = payload.endingWithinDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 3660) {
      throw invalidRequest('endingWithinDays doit être un nombre entier de jours entre 0 et 3660.', [{ path: 'endingWithinDays', message: 'entier entre 0 et 3660' }]);
    }
    return {
      today,
      endingWithinDays: days,
      ending: licencesEndingWithin(ANNEX_4_AGREEMENTS, today, days),
      withUnknownEnd: licencesWithUnknownEnd(ANNEX_4_AGREEMENTS).map(({ id, title, counterparty }) => ({ id, title, counterparty, end: 'date de fin non donnée par l’annexe 4 : à demander au cocontractant' })),
    };
  }

  /** R-SEC-6: annex 4's contracts and licences ended, or ending within 90 days of `asOf` (today in Paris by default). */
  @MessagePattern(querySubject('data-exchange', 'alerts'))
  alerts(payload: { asOf?: unknown }) {
    const asOf = payload?.asOf === undefined ? parisToday() : payload.asOf;
    if (!isCalendarDate(asOf)) throw invalidRequest('asOf doit être une date réelle au format AAAA-MM-JJ.', [{ path: 'asOf', message: 'date attendue au format AAAA-MM-JJ' }]);
    return { asOf, alerts: agreementAlerts(ANNEX_4_AGREEMENTS, asOf) };
  }

  private async execute(identifier: string, command: MetadataRecordCommand) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/.test(identifier)) {
      throw invalidRequest('Identifiant de fiche invalide.', [{ path: 'identifier', message: 'lettres non accentuées, chiffres, « . », « _ » ou « - », sans espace' }]);
    }
    let outcome;
    try {
      outcome = await handleCommand(this.infra.store, metadataRecordDecider, metadataRecordStreamId(identifier), command, { actor: command.actor });
    } catch (error) {
      if (error instanceof TypeError) throw invalidRequest('La fiche de métadonnées est mal formée ; suivez la forme documentée (INSPIRE).', [{ path: '', message: 'structure inattendue' }]);
      throw error;
    }
    if (!outcome.ok) throw refusal(outcome.error);
    await this.readModels.datasetsUpToDate(outcome.events.at(-1)?.position);
    const records = await loadMetadataRecords(this.infra.db, this.readModels.schema);
    const record = records.find((candidate) => candidate.identifier === identifier) ?? null;
    if (command.type === 'RemoveMetadataRecord') return { identifier, removed: true };
    if (!record) throw new QueryFailure(500, { error: 'internal_error', message: 'La fiche enregistrée est introuvable ; réessayez.', details: [] });
    return record;
  }
}
