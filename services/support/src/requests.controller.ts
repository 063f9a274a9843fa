import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  commandSubject,
  DomainError,
  PersonalDataFlagDto,
  querySubject,
  SupportReasonDto,
  SupportTicketRequestDto,
  TicketAssignmentDto,
  TicketClosureDto,
  TicketReplyDto,
} from '@digit/contracts';
import { requestDecider, requestStreamId, type RequestCommand, type RequestReceived } from './domain/index.js';
import { crossCheckRequest } from './request-privacy.js';
import { ticketListFilterOf } from './read-model/ticket-list-filter.js';
import { isBreached, ticketAnswer } from './read-model/ticket-view.js';
import { listTickets, TICKETS } from './read-model/tickets.read-model.js';
import { loadView } from './read-model/view-table.js';
import { actorOf, execute, failureOf, newId, notFound, routeId, SUPPORT_RUNTIME, townFilter, validPayload, type SupportRuntime } from './support-edge.js';

/** Support requests and first-level assistance tickets on NATS (R-SUP-1, R-SUP-3, R-GDPR-2). */
@Controller()
export class RequestsController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private async ticket(id: string) {
    const record = await loadView(this.runtime.infra.db, this.runtime.schema, TICKETS, id);
    if (!record) throw notFound('request_not_found', `Aucune demande d'assistance n'a l'identifiant ${id}.`);
    return ticketAnswer(record);
  }

  /** Decides a command on an existing request and answers the request as it now stands. */
  private async handle(payload: unknown, command: RequestCommand) {
    const id = routeId(payload);
    await execute(this.runtime, requestDecider, requestStreamId(id), command, actorOf(payload));
    return this.ticket(id);
  }

  @MessagePattern(commandSubject('support', 'receive-request'))
  async receive(payload: unknown) {
    const body = await validPayload(SupportTicketRequestDto, payload);
    const requestId = newId();
    const actor = actorOf(payload);
    const outcome = await execute(
      this.runtime,
      requestDecider,
      requestStreamId(requestId),
      {
        type: 'ReceiveRequest',
        requestId,
        insee: body.insee,
        need: body.need,
        targetUsers: body.targetUsers,
        context: body.context,
        deadline: body.deadline,
        receivedAt: body.receivedAt,
        channel: body.channel ?? 'api',
        kind: body.kind,
        containsPersonalData: body.containsPersonalData ?? false,
        declaredProcessing: body.declaredProcessing,
        declaredCategories: body.declaredCategories,
        now: this.runtime.now(),
        policy: this.runtime.settings.policy,
      },
      actor,
    );
    const { data } = outcome.decided[0] as RequestReceived;
    const check = data.containsPersonalData ? await crossCheckRequest(this.runtime, requestId, actor) : null;
    return {
      id: requestId,
      firstResponseDueAt: data.firstResponseDueAt,
      resolutionDueAt: data.resolutionDueAt,
      privacyCheck: {
        status: data.containsPersonalData ? (check?.outcome ?? 'pending') : 'not-required',
        reasons: check?.reasons ?? [],
      },
    };
  }

  @MessagePattern(querySubject('support', 'ticket'))
  async get(payload: unknown) {
    return this.ticket(routeId(payload));
  }

  /** R-SUP-3: every query parameter is honoured (`breached` included) or refused with 400. */
  @MessagePattern(querySubject('support', 'tickets'))
  async list(payload: Record<string, unknown> | undefined) {
    const filter = ticketListFilterOf(Object.fromEntries(Object.entries(payload ?? {}).filter(([, value]) => value !== undefined)));
    if (filter instanceof DomainError) throw failureOf(filter);
    const records = await listTickets(this.runtime.infra.db, this.runtime.schema, { insee: townFilter(filter), status: filter.status });
    const now = this.runtime.now();
    return records.filter((record) => filter.breached === undefined || isBreached(record, now) === filter.breached).map(ticketAnswer);
  }

  @MessagePattern(commandSubject('support', 'assign-request'))
  async assign(payload: unknown) {
    const { assignee } = await validPayload(TicketAssignmentDto, payload, ['id']);
    return this.handle(payload, { type: 'AssignRequest', assignee, at: this.runtime.now() });
  }

  @MessagePattern(commandSubject('support', 'reply-to-request'))
  async reply(payload: unknown) {
    const { by, message } = await validPayload(TicketReplyDto, payload, ['id']);
    return this.handle(payload, { type: 'ReplyToRequest', by, message, at: this.runtime.now() });
  }

  @MessagePattern(commandSubject('support', 'start-waiting-on-town'))
  async startWaiting(payload: unknown) {
    const { reason } = await validPayload(SupportReasonDto, payload, ['id']);
    return this.handle(payload, { type: 'StartWaitingOnTown', reason, at: this.runtime.now() });
  }

  @MessagePattern(commandSubject('support', 'end-waiting-on-town'))
  async endWaiting(payload: unknown) {
    return this.handle(payload, { type: 'EndWaitingOnTown', at: this.runtime.now() });
  }

  @MessagePattern(commandSubject('support', 'close-request'))
  async close(payload: unknown) {
    const { closure, summary } = await validPayload(TicketClosureDto, payload, ['id']);
    return this.handle(payload, { type: 'CloseRequest', closure, summary, at: this.runtime.now() });
  }

  /** An agent found names or contacts: the request is held and the cross-check asked at once (R-GDPR-2). */
  @MessagePattern(commandSubject('support', 'flag-personal-data'))
  async flagPersonalData(payload: unknown) {
    const { declaredProcessing, declaredCategories } = await validPayload(PersonalDataFlagDto, payload, ['id']);
    const id = routeId(payload);
    await this.handle(payload, { type: 'FlagPersonalData', declaredProcessing, declaredCategories, at: this.runtime.now() });
    await crossCheckRequest(this.runtime, id, actorOf(payload));
    return this.ticket(id);
  }
}
