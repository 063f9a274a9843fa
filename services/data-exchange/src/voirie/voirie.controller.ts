import { Controller, Inject } from '@nestjs/common';
import { parisNow, parisToday } from '@digit/calendar';
import {
  dataExchangeMessages,
  DomainError,
  townName,
  type BaselineImportView,
  type ImportBaselineRequest,
  type Insee,
  type VoirieExportRequest,
  type VoirieOrderRequest,
  type VoirieRoadsRequest,
} from '@digit/contracts';
import { handleCommand } from '@digit/event-store';
import { deleteUpload, Handles, readUpload, type MessageContext } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import { balExport, frenchDate, roadRegistryDecider, roadRegistryStreamId, trafficDirectionsGeoJson } from '../domain/voirie/index.js';
import { checkBalFile } from './bal-baseline.check.js';
import { loadOrderDecision, loadRoadRegistry, loadRoadsPage } from '../read-model/road-registry.read-model.js';
import { INFRA, READ_MODELS, type ReadModels } from '../data-exchange.tokens.js';

/** The territorial road registry, as of any day (R-DX-1, R-DX-2), and its standard exports. */
@Controller()
export class VoirieController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  /** The whole registry of a town, for the exports (documents hold every road). */
  private async registryOf(insee: Insee) {
    // Read your writes: an order whose outcome the town holds is in the answer.
    await this.readModels.registryUpToDate();
    return loadRoadRegistry(this.infra.db, this.readModels.schema, insee);
  }

  @Handles(dataExchangeMessages.voirieRoads)
  async voirieRoads(request: VoirieRoadsRequest) {
    const { insee } = request;
    const asOf = request.asOf ?? parisToday();
    await this.readModels.registryUpToDate();
    const page = await loadRoadsPage(this.infra.db, this.readModels.schema, insee, asOf, request);
    return { insee, name: townName(insee), asOf, roads: page.items, next: page.next };
  }

  @Handles(dataExchangeMessages.voirieBal)
  async voirieBal(request: VoirieExportRequest) {
    const asOf = request.asOf ?? parisToday();
    return { content: balExport(await this.registryOf(request.insee), request.insee, asOf) };
  }

  @Handles(dataExchangeMessages.voirieTrafficDirections)
  async voirieTrafficDirections(request: VoirieExportRequest) {
    const asOf = request.asOf ?? parisToday();
    return { content: JSON.stringify(trafficDirectionsGeoJson(await this.registryOf(request.insee), request.insee, asOf)) };
  }

  /**
   * R-DX-9: the town's BAL as the registry's starting point. The file comes through the uploads
   * object store (the gateway streamed it there): read, checked by the official validator, decided
   * once, recorded as one append; the upload is removed whatever the answer.
   */
  @Handles(dataExchangeMessages.voirieBaseline)
  async voirieBaseline(request: ImportBaselineRequest, context: MessageContext): Promise<BaselineImportView | DomainError> {
    const { insee, upload } = request;
    try {
      const bytes = await readUpload(this.infra.bus, upload);
      if (!bytes)
        return new DomainError('invalid', 'upload_missing', 'Le fichier déposé est introuvable ou altéré : renvoyez-le.', [
          { path: 'upload', message: 'fichier introuvable ou altéré' },
        ]);
      const checked = await checkBalFile(bytes, insee);
      if (!checked.ok) {
        return new DomainError(
          'invalid',
          'invalid_bal',
          `La Base Adresse Locale est refusée (${checked.errors.length} problème(s), les premiers dans le détail, par ligne) : rien n’est importé.`,
          checked.errors.map((error) => ({ path: error.line === 0 ? 'fichier' : `ligne ${error.line}`, message: error.message })),
        );
      }
      const importedAt = parisNow();
      const command = {
        type: 'ImportBalBaseline',
        insee,
        baseline: checked.baseline,
        file: { sha256: upload.sha256, bytes: upload.size },
        importedAt,
      } as const;
      const outcome = await handleCommand(this.infra.store, roadRegistryDecider, roadRegistryStreamId(insee), command, context.metadata);
      if (!outcome.ok) return outcome.error;
      // Read your writes: the roads are in the registry's views when the town gets the answer.
      await this.readModels.registryUpToDate();
      const { baseline } = checked;
      const [imported] = outcome.decided;
      return {
        insee,
        roads: baseline.roads.length,
        numbers: baseline.numbers,
        lines: baseline.lines,
        bytes: upload.size,
        sha256: upload.sha256,
        importedAt,
        importedBy: context.caller.sub,
        effectiveAt: imported!.data.order.effectiveAt,
      };
    } finally {
      await deleteUpload(this.infra.bus, upload.name);
    }
  }

  @Handles(dataExchangeMessages.voirieOrder)
  async voirieOrder(request: VoirieOrderRequest) {
    const { insee, orderId } = request;
    await this.readModels.registryUpToDate();
    const decision = await loadOrderDecision(this.infra.db, this.readModels.schema, insee, orderId);
    if (!decision) {
      return new DomainError(
        'not_found',
        'unknown_order',
        `Le registre de ${townName(insee)} n’a reçu aucun arrêté « ${orderId} ». Un message refusé à la réception (JSON illisible, mauvais type de contenu, autre commune…) n’est pas enregistré : sa réponse est sur digit.towns.${insee}.voirie.outcomes.`,
        [{ path: 'orderId', message: 'arrêté inconnu du registre' }],
      );
    }
    const { order, status, reasons } = decision;
    const verdict = status === 'accepted' ? 'accepté' : `refusé : ${reasons.map((reason) => reason.message).join(' ; ')}`;
    return {
      orderId: order.orderId,
      status,
      errors: reasons,
      reference: order.reference,
      kind: order.kind,
      signedAt: order.signedAt,
      effectiveAt: order.effectiveAt,
      receivedAt: order.receivedAt,
      summary: `Arrêté ${order.reference} signé le ${frenchDate(order.signedAt)}, effectif le ${frenchDate(order.effectiveAt)}, ${verdict}.`,
    };
  }
}
