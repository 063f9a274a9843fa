import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Temporal } from 'temporal-polyfill';
import {
  commandSubject,
  conventionsMessages,
  DomainError,
  isDomainError,
  isInsee,
  TOWNS,
  type AlertsRequest,
  type ConventionRequest,
  type DeliberationsScdlRequest,
  type GiveTerminationNoticeRequest,
  type TownsRequest,
} from '@digit/contracts';
import { handleCommand, type Subscription } from '@digit/event-store';
import { Handles, QueryFailure, type MessageContext } from '@digit/messaging';
import { SubjectErasedError } from '@digit/personal-data';
import type { ServiceInfra } from '@digit/runtime';
import {
  conventionAlerts,
  conventionDecider,
  conventionStreamId,
  conventionViewOn,
  noticeOutcome,
  scdlDeliberationRows,
  toScdlDeliberationsCsv,
  type ConventionCommand,
  type ConventionEvent,
} from './domain/index.js';
import { loadConventionState, loadConventionStates } from './read-model/convention-states.read-model.js';

export const INFRA = Symbol('INFRA');
export const CONVENTION_STATES = Symbol('CONVENTION_STATES');
export const CONVENTIONS_OPTIONS = Symbol('CONVENTIONS_OPTIONS');

export interface ConventionsOptions {
  /** The towns' SIRET numbers, which the seed does not give and the SCDL schema requires. */
  readonly siretByInsee: Readonly<Record<string, string>>;
}

/** Commands a person may send; RecordCalendarTransitions is the calendar's own. */
const EXTERNAL_COMMANDS: ReadonlySet<string> = new Set([
  'DraftConvention',
  'RecordDeliberation',
  'SignConvention',
  'RecordEntryIntoForce',
  'AmendConvention',
  'AssignContact',
  'ReleaseContact',
  'GiveTerminationNotice',
  'TerminateByMutualAgreement',
  'RenewExpressly',
  'MarkDataReturned',
  'RecordOpenDataDomain',
  'RecordSigUsage',
]);

const parisToday = (): string => Temporal.Now.plainDateISO('Europe/Paris').toString();

const badRequest = (message: string, path: string) =>
  new QueryFailure(400, { error: 'invalid_request', message, details: [{ path, message }] });

const requireTown = (insee: unknown): string => {
  if (!isInsee(insee)) throw new QueryFailure(404, { error: 'unknown_town', message: `Commune inconnue : « ${String(insee)} ».`, details: [{ path: 'insee', message: 'code INSEE inconnu' }] });
  return insee;
};

/** The conventions service's NATS edge: validate, load, decide, append (R-CON). */
@Controller()
export class ConventionsController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(CONVENTION_STATES) private readonly states: Subscription,
    @Inject(CONVENTIONS_OPTIONS) private readonly options: ConventionsOptions,
  ) {}

  private get readSchema() {
    return this.infra.schema('conventions');
  }

  @Handles(conventionsMessages.towns)
  async towns(request: TownsRequest) {
    const today = request.today ?? parisToday();
    const states = await loadConventionStates(this.infra.db, this.readSchema);
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
    return view ?? new DomainError('not_found', 'no_convention', `Aucune convention n'existait pour ${request.insee} au ${asOf.split('-').reverse().join('/')}.`);
  }

  /** R-SEC-6: every town's alerts on `asOf` (today in Paris by default), for a dashboard. */
  @Handles(conventionsMessages.alerts)
  async alerts(request: AlertsRequest) {
    const asOf = request.asOf ?? parisToday();
    const states = await loadConventionStates(this.infra.db, this.readSchema);
    const towns = TOWNS.filter((town) => request.insee === undefined || town.insee === request.insee);
    return { asOf, alerts: towns.flatMap((town) => conventionAlerts(states.get(town.insee) ?? conventionDecider.initialState, asOf)) };
  }

  /**
   * Every other convention command (R-CON-1..9). The domain checks each field and answers with
   * the path at fault; `type` comes from the route, never from the body, and `provenance`
   * (seed/demo labels) cannot be set from outside.
   */
  @MessagePattern(commandSubject('conventions', 'execute'))
  async execute(payload: { insee?: string; command?: unknown; actor?: string }) {
    const insee = requireTown(payload?.insee);
    const command = payload.command as Record<string, unknown> | undefined;
    if (!command || typeof command !== 'object' || !EXTERNAL_COMMANDS.has(String(command.type))) {
      throw badRequest(`Commande inconnue ; commandes possibles : ${[...EXTERNAL_COMMANDS].join(', ')}.`, 'type');
    }
    const { provenance: _provenance, ...fields } = command;
    const decided = { ...fields, ...(command.type === 'DraftConvention' ? { insee } : {}) } as unknown as ConventionCommand;
    const outcome = await handleCommand(this.infra.store, conventionDecider, conventionStreamId(insee), decided, {
      actor: typeof payload.actor === 'string' ? payload.actor : 'ops:unknown',
    }).catch((error: unknown) => {
      if (error instanceof SubjectErasedError) {
        throw new QueryFailure(409, {
          error: 'person_erased',
          message: "Les données de cette personne ont été effacées (RGPD) : utilisez un nouvel identifiant de personne.",
          details: [{ path: 'person.personId', message: 'identifiant effacé' }],
        });
      }
      throw error;
    });
    if (!outcome.ok) throw QueryFailure.fromDomainError(outcome.error);
    await this.states.caughtUp(outcome.events.at(-1)?.position);
    return { recorded: outcome.events.map((event) => ({ eventId: event.eventId, type: event.type, position: event.position.toString() })) };
  }

  /** The towns' deliberations in the SCDL `deliberations` schema, for Open Data (R-CON-1). */
  @Handles(conventionsMessages.deliberationsScdl)
  async deliberationsScdl(request: DeliberationsScdlRequest) {
    const histories = await Promise.all(TOWNS.map(async (town) => (await this.infra.store.readStream(conventionStreamId(town.insee))) as unknown as ConventionEvent[]));
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

  /** R-CON-4: a notice by LRAR takes effect three months later. */
  @Handles(conventionsMessages.giveTerminationNotice)
  async giveTerminationNotice(request: GiveTerminationNoticeRequest, context: MessageContext) {
    const outcome = await handleCommand(
      this.infra.store,
      conventionDecider,
      conventionStreamId(request.insee),
      { type: 'GiveTerminationNotice', requestedBy: request.requestedBy, noticeDate: request.noticeDate },
      context.metadata,
    );
    if (!outcome.ok) return outcome.error;
    // Read your writes: answer once the read model shows the new events.
    await this.states.caughtUp(outcome.events.at(-1)?.position);
    const notice = outcome.decided.find((event): event is Extract<ConventionEvent, { type: 'TerminationNoticeGiven' }> => event.type === 'TerminationNoticeGiven');
    // R-CON-4: say when the convention reaches its term before the notice would take effect.
    const state = await loadConventionState(this.infra.db, this.readSchema, request.insee);
    const recorded = state ? noticeOutcome(state) : null;
    return {
      effectiveDate: notice?.data.effectiveDate ?? null,
      ...(recorded ? { takesEffect: recorded.takesEffect, conventionLastDay: recorded.conventionLastDay, note: recorded.note } : {}),
      events: outcome.events.map((event) => event.eventId),
    };
  }
}
