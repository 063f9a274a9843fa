import { Controller, Inject } from '@nestjs/common';
import {
  DomainError,
  isDomainError,
  supportMessages,
  type AssignTicketRequest,
  type CloseTicketRequest,
  type FlagPersonalDataRequest,
  type ReceiveTicketRequest,
  type ReplyToTicketRequest,
  type SupportIdRequest,
  type SupportReasonRequest,
  type TicketsRequest,
  type TicketView,
} from '@digit/contracts';
import { Handles, type MessageContext } from '@digit/messaging';
import { requestDecider, requestStreamId, type RequestCommand, type RequestReceived } from './domain/index.js';
import { loadTicketsPage, TICKETS } from './read-model/tickets.read-model.js';
import { ticketAnswer } from './read-model/ticket-view.js';
import { loadView } from './read-model/view-table.js';
import { crossCheckRequest } from './request-privacy.js';
import { execute, newId, pageWindow, SUPPORT_RUNTIME, townFilter, type SupportRuntime } from './support-edge.js';

/**
 * A town's people post their own requests as they are sent, received now; only DIGIT records an
 * e-mail it received, with the e-mail's received time: a town cannot date its request back and
 * so make DIGIT's response times breached (R-SUP-3).
 */
const receivedTimeFromTown = (request: ReceiveTicketRequest, context: MessageContext): DomainError | undefined =>
  !context.caller.roles.includes('ops') && (request.receivedAt !== undefined || request.channel === 'email')
    ? new DomainError(
        'forbidden',
        'received_time_set_by_digit',
        'Seule la DIGIT enregistre un courriel reçu et son heure de réception (channel, receivedAt) ; votre demande est reçue à l’instant.',
        [{ path: request.receivedAt !== undefined ? 'receivedAt' : 'channel', message: 'réservé à la DIGIT' }],
      )
    : undefined;

/** Support requests and first-level assistance tickets on NATS (R-SUP-1, R-SUP-3, R-GDPR-2). */
@Controller()
export class RequestsController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private async ticket(id: string): Promise<TicketView | DomainError> {
    const record = await loadView(this.runtime.infra.db, this.runtime.schema, TICKETS, id);
    return record
      ? ticketAnswer(record)
      : new DomainError('not_found', 'request_not_found', `Aucune demande d'assistance n'a l'identifiant ${id}.`);
  }

  /** Decides a command on an existing request and answers the request as it now stands. */
  private async handle(id: string, command: RequestCommand, context: MessageContext) {
    const decided = await execute(this.runtime, requestDecider, requestStreamId(id), command, context.metadata);
    return isDomainError(decided) ? decided : this.ticket(id);
  }

  @Handles(supportMessages.receiveTicket)
  async receive(request: ReceiveTicketRequest, context: MessageContext) {
    const refused = receivedTimeFromTown(request, context);
    if (refused) return refused;
    const requestId = newId();
    const decided = await execute(
      this.runtime,
      requestDecider,
      requestStreamId(requestId),
      {
        type: 'ReceiveRequest',
        requestId,
        insee: request.insee,
        need: request.need,
        targetUsers: request.targetUsers,
        context: request.context,
        deadline: request.deadline,
        receivedAt: request.receivedAt,
        channel: request.channel ?? 'api',
        kind: request.kind,
        containsPersonalData: request.containsPersonalData ?? false,
        declaredProcessing: request.declaredProcessing,
        declaredCategories: request.declaredCategories,
        now: this.runtime.now(),
        policy: this.runtime.settings.policy,
      },
      context.metadata,
    );
    if (isDomainError(decided)) return decided;
    const { data } = decided[0] as RequestReceived;
    const checked = data.containsPersonalData || data.personalDataDetected === true;
    const check = checked ? await crossCheckRequest(this.runtime, requestId, context.metadata) : null;
    return {
      id: requestId,
      firstResponseDueAt: data.firstResponseDueAt,
      resolutionDueAt: data.resolutionDueAt,
      privacyCheck: {
        status: checked ? (check?.outcome ?? 'pending') : 'not-required',
        reasons: check?.reasons ?? [],
      },
    } as const;
  }

  @Handles(supportMessages.ticket)
  async get(request: SupportIdRequest, context: MessageContext) {
    const ticket = await this.ticket(request.id);
    return isDomainError(ticket) ? ticket : (context.refuseOtherTown(ticket.insee) ?? ticket);
  }

  /** R-SUP-3: every parameter is honoured (`breached` included) or refused with 400. */
  @Handles(supportMessages.tickets)
  async list(request: TicketsRequest) {
    const insee = townFilter(request.insee);
    if (isDomainError(insee)) return insee;
    const breached = request.breached === undefined ? undefined : { is: request.breached, now: this.runtime.now() };
    return loadTicketsPage(this.runtime.infra.db, this.runtime.schema, { insee, status: request.status, breached }, pageWindow(request));
  }

  @Handles(supportMessages.assignTicket)
  async assign(request: AssignTicketRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'AssignRequest', assignee: request.assignee, at: this.runtime.now() }, context);
  }

  /** Who replied is the caller's subject (R-SEC-1). */
  @Handles(supportMessages.replyToTicket)
  async reply(request: ReplyToTicketRequest, context: MessageContext) {
    return this.handle(
      request.id,
      { type: 'ReplyToRequest', by: context.caller.sub, message: request.message, at: this.runtime.now() },
      context,
    );
  }

  @Handles(supportMessages.startTicketWaiting)
  async startWaiting(request: SupportReasonRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'StartWaitingOnTown', reason: request.reason, at: this.runtime.now() }, context);
  }

  @Handles(supportMessages.endTicketWaiting)
  async endWaiting(request: SupportIdRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'EndWaitingOnTown', at: this.runtime.now() }, context);
  }

  @Handles(supportMessages.closeTicket)
  async close(request: CloseTicketRequest, context: MessageContext) {
    return this.handle(
      request.id,
      { type: 'CloseRequest', closure: request.closure, summary: request.summary, at: this.runtime.now() },
      context,
    );
  }

  /** An agent found names or contacts: the request is held and the cross-check asked at once (R-GDPR-2). */
  @Handles(supportMessages.flagPersonalData)
  async flagPersonalData(request: FlagPersonalDataRequest, context: MessageContext) {
    const { id, declaredProcessing, declaredCategories } = request;
    const decided = await execute(
      this.runtime,
      requestDecider,
      requestStreamId(id),
      { type: 'FlagPersonalData', declaredProcessing, declaredCategories, at: this.runtime.now() },
      context.metadata,
    );
    if (isDomainError(decided)) return decided;
    await crossCheckRequest(this.runtime, id, context.metadata);
    return this.ticket(id);
  }
}
