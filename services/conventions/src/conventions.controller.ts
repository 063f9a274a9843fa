import { Controller, Inject } from '@nestjs/common';
import { formatDateFr, parisToday } from '@digit/calendar';
import {
  alertsFor,
  conventionsMessages,
  conventionStreamId,
  DomainError,
  isDomainError,
  TOWNS,
  type AlertsRequest,
  type ConventionEvent,
  type ConventionRequest,
  type DeliberationsScdlRequest,
  type HeldPersonalDataRequest,
  type Insee,
  type TownsRequest,
} from '@digit/contracts';
import { Handles } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import { CONVENTIONS_OPTIONS, INFRA, type ConventionsOptions } from './conventions-edge.js';
import {
  contactsHeld,
  conventionAlerts,
  conventionDecider,
  conventionViewOn,
  scdlDeliberationRows,
  toScdlDeliberationsCsv,
} from './domain/index.js';
import { loadConventionState, loadConventionStates } from './read-model/convention-states.read-model.js';

/**
 * The conventions service's queries (R-CON, R-SEC-6): the towns, a convention as of a date, the
 * alerts, the SCDL export. Who may ask is each message's policy (libs/contracts conventions.messages.ts);
 * a town's people get their own town (the policy fills `insee` in).
 */
@Controller()
export class ConventionsController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(CONVENTIONS_OPTIONS) private readonly options: ConventionsOptions,
  ) {}

  private get readSchema() {
    return this.infra.schema('conventions');
  }

  @Handles(conventionsMessages.towns)
  async towns(request: TownsRequest) {
    const today = request.today ?? parisToday();
    const states = await loadConventionStates(this.infra.db, this.readSchema, request.insee);
    return TOWNS.filter((town) => request.insee === undefined || town.insee === request.insee).map((town) => {
      const state = states.get(town.insee);
      const view = state ? conventionViewOn(state, today) : null;
      // null: no convention existed for the town on that day (none of CONTRACT.md's statuses applies).
      return { insee: town.insee, name: town.name, status: view?.status ?? null, demo: view?.demo ?? false };
    });
  }

  @Handles(conventionsMessages.convention)
  async convention(request: ConventionRequest) {
    const asOf = request.asOf ?? parisToday();
    const state = await loadConventionState(this.infra.db, this.readSchema, request.insee);
    const view = state ? conventionViewOn(state, asOf) : null;
    return (
      view ?? new DomainError('not_found', 'no_convention', `Aucune convention n'existait pour ${request.insee} au ${formatDateFr(asOf)}.`)
    );
  }

  /** Issue 15: the contacts whose data the towns' conventions hold, for the privacy service (retention, subject access). */
  @Handles(conventionsMessages.heldPersonalData)
  async heldPersonalData(request: HeldPersonalDataRequest) {
    const states = await loadConventionStates(this.infra.db, this.readSchema, request.insee);
    const asked = request.subjectIds ? new Set(request.subjectIds) : undefined;
    return { held: [...states].flatMap(([insee, state]) => contactsHeld(insee as Insee, state, asked)) };
  }

  /** R-SEC-6: every town's alerts on `asOf` (today in Paris by default), for a dashboard. */
  @Handles(conventionsMessages.alerts)
  async alerts(request: AlertsRequest) {
    const asOf = request.asOf ?? parisToday();
    const states = await loadConventionStates(this.infra.db, this.readSchema, request.insee);
    const towns = TOWNS.filter((town) => request.insee === undefined || town.insee === request.insee);
    return {
      asOf,
      alerts: alertsFor(
        towns.flatMap((town) => conventionAlerts(states.get(town.insee) ?? conventionDecider.initialState, asOf)),
        request.insee,
      ),
    };
  }

  /** The towns' deliberations in the SCDL `deliberations` schema, for Open Data (R-CON-1). */
  @Handles(conventionsMessages.deliberationsScdl)
  async deliberationsScdl(request: DeliberationsScdlRequest) {
    const histories = await Promise.all(
      TOWNS.map(async (town) => (await this.infra.store.readStream(conventionStreamId(town.insee))) as unknown as ConventionEvent[]),
    );
    const rows = scdlDeliberationRows(histories, { siretByInsee: this.options.siretByInsee, includeDemo: request.includeDemo === true });
    if (isDomainError(rows)) {
      return new DomainError(
        'conflict',
        'siret_missing',
        `${rows.message} Le SIRET n'est pas dans la délibération : renseignez-le dans DIGIT_TOWN_SIRETS (JSON {"92012": "<14 chiffres>"}) au démarrage du service des conventions.`,
        rows.details,
      );
    }
    return { content: toScdlDeliberationsCsv(rows), rows: rows.length };
  }
}
