import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { isCalendarDate, isInsee, querySubject, townName, type Insee } from '@digit/contracts';
import { QueryFailure } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import { balExport, roadRegistryAsOf, trafficDirectionsGeoJson } from '../domain/voirie/index.js';
import { loadOrderDecision, loadRoadRegistry } from '../read-model/road-registry.read-model.js';
import { INFRA, READ_MODELS, type ReadModels } from '../data-exchange.tokens.js';

const frenchDate = (date: string): string => date.split('-').reverse().join('/');

const requireTown = (insee: unknown): Insee => {
  if (!isInsee(insee)) {
    throw new QueryFailure(404, { error: 'unknown_town', message: `Commune inconnue : « ${String(insee)} ».`, details: [{ path: 'insee', message: 'code INSEE inconnu' }] });
  }
  return insee;
};

const requireDate = (asOf: unknown): string => {
  if (!isCalendarDate(asOf)) {
    throw new QueryFailure(400, { error: 'invalid_request', message: 'asOf doit être une date réelle au format AAAA-MM-JJ.', details: [{ path: 'asOf', message: 'date attendue au format AAAA-MM-JJ' }] });
  }
  return asOf;
};

/** The territorial road registry, as of any day (R-DX-1, R-DX-2), and its standard exports. */
@Controller()
export class VoirieController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  private async registryOf(insee: Insee) {
    // Read your writes: an order whose outcome the town holds is in the answer.
    await this.readModels.registryUpToDate();
    return loadRoadRegistry(this.infra.db, this.readModels.schema, insee);
  }

  @MessagePattern(querySubject('data-exchange', 'voirie-roads'))
  async roads(payload: { insee?: string; asOf?: string }) {
    const insee = requireTown(payload?.insee);
    const asOf = requireDate(payload.asOf);
    return { insee, name: townName(insee), asOf, roads: roadRegistryAsOf(await this.registryOf(insee), asOf) };
  }

  @MessagePattern(querySubject('data-exchange', 'voirie-bal'))
  async bal(payload: { insee?: string; asOf?: string }) {
    const insee = requireTown(payload?.insee);
    const asOf = requireDate(payload.asOf);
    return { csv: balExport(await this.registryOf(insee), insee, asOf) };
  }

  @MessagePattern(querySubject('data-exchange', 'voirie-traffic-directions'))
  async trafficDirections(payload: { insee?: string; asOf?: string }) {
    const insee = requireTown(payload?.insee);
    const asOf = requireDate(payload.asOf);
    return trafficDirectionsGeoJson(await this.registryOf(insee), insee, asOf);
  }

  @MessagePattern(querySubject('data-exchange', 'voirie-order'))
  async order(payload: { insee?: string; orderId?: string }) {
    const insee = requireTown(payload?.insee);
    const orderId = typeof payload.orderId === 'string' ? payload.orderId : '';
    await this.readModels.registryUpToDate();
    const decision = await loadOrderDecision(this.infra.db, this.readModels.schema, insee, orderId);
    if (!decision) {
      throw new QueryFailure(404, {
        error: 'unknown_order',
        message: `Le registre de ${townName(insee)} n’a reçu aucun arrêté « ${orderId} ». Un message refusé à la réception (JSON illisible, mauvais type de contenu, autre commune…) n’est pas enregistré : sa réponse est sur digit.towns.${insee}.voirie.outcomes.`,
        details: [{ path: 'orderId', message: 'arrêté inconnu du registre' }],
      });
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
